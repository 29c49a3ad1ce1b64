"""The improvement cycle's commands (CONTRACT §5, §9): `actions`, `actions update`, `progress`,
`followup` and `compare`. cli.py registers them; the logic lives in the service and renderers.

Heavy modules (the service, reportlab) are imported inside each command, as in cli.py.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from npsworkshop.workspace import Workspace
from npsworkshop.workspace_cli import open_workshop

if TYPE_CHECKING:
    from npsworkshop.workshop import Workshop

PROGRESS_FORMATS = ("csv", "json", "pdf")
ACTIONS_USAGE = "npsworkshop actions SESSION"
UPDATE_USAGE = (
    "npsworkshop actions update SESSION ACTION --status S [--note T] [--on DATE] [--by NAME] "
    "[--due DATE]"
)


def iso_date(text: str) -> date:
    """A YYYY-MM-DD date from the command line (dates.iso_date, as files take them)."""
    from npsworkshop.dates import iso_date as parse

    try:
        return parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_commands(commands: Any) -> None:
    """Add the cycle's sub-commands to cli.py's sub-parsers."""
    # One parser for both forms (a sub-command would take a session id for a command name), so
    # the usage is written out as docs/cycle.md gives it rather than generated.
    p = commands.add_parser(
        "actions",
        help="list a session's actions (`actions SESSION`), or record progress on one "
        "(`actions update SESSION ACTION --status S ...`)",
        usage=f"{ACTIONS_USAGE}\n       {UPDATE_USAGE}",
        description="List a session's actions, one tab-separated line each: ref, area, title, "
        "owner, due, status as of today. With `update`, record progress on the action ACTION "
        "(its ref, such as A4): on a draft the action changes; on a signed-off session an entry "
        "is added to its progress log (--by is then required).",
    )
    p.add_argument("words", nargs="+", metavar="SESSION", help=argparse.SUPPRESS)
    p.add_argument("--status", metavar="S", help="open, in-progress, done or dropped")
    p.add_argument("--note", metavar="T", help="what happened (kept in the progress log)")
    p.add_argument("--on", type=iso_date, metavar="DATE", help="the date of the update (today)")
    p.add_argument("--by", metavar="NAME", help="who records it (required once signed off)")
    p.add_argument("--due", type=iso_date, metavar="DATE", help="a revised due date")

    p = commands.add_parser("progress", help="the committee progress update of a session's plan")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--format", required=True, choices=PROGRESS_FORMATS)
    p.add_argument("--output", type=Path, metavar="PATH")
    p.add_argument("--force", action="store_true", help="replace --output if it exists")
    p.add_argument("--as-of", type=iso_date, metavar="DATE", help="progress as of DATE (today)")
    p.add_argument(
        "--anonymous", action="store_true", help="no participant's name: who becomes a role"
    )

    p = commands.add_parser("followup", help="start a follow-up reassessment of a signed session")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--held-on", type=iso_date, metavar="DATE", help="the workshop's date (today)")
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--by", metavar="NAME", help="who starts it (for the baseline's log)")

    p = commands.add_parser("compare", help="the trend between two sessions on the same pack")
    p.add_argument("baseline", metavar="BASELINE")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--format", required=True, choices=("csv", "json"))
    p.add_argument("--output", type=Path, metavar="PATH", help="write a file (default: print)")
    p.add_argument("--force", action="store_true")


def _usage(message: str) -> int:
    print(f"npsworkshop: {message}", file=sys.stderr)
    return 2


def cmd_actions(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.terminal import printable

    words: list[str] = args.words
    updating = words[0] == "update"
    if updating and len(words) != 3:
        return _usage("actions update: give SESSION and ACTION (e.g. actions update 3f2a A4)")
    if not updating:
        if len(words) != 1:
            return _usage("actions: give one SESSION (or `actions update SESSION ACTION`)")
        given = [o for o in ("status", "note", "on", "by", "due") if getattr(args, o) is not None]
        if given:
            return _usage(f"actions: --{given[0]} belongs to `actions update SESSION ACTION`")
    if updating and args.status is None:
        return _usage("actions update: --status is required (open, in-progress, done, dropped)")
    with open_workshop(workspace) as workshop:
        session_id = workshop.resolve(words[1] if updating else words[0])
        if updating:
            return _update(workshop, session_id, words[2], args)
        report = workshop.cycle.verified_plan(session_id)[1].report(date.today())
    for state in report.actions:
        action = state.action
        fields = [
            action.ref,
            action.area,
            action.title,
            action.owner or "",
            state.due.isoformat() if state.due else "",
            state.status,
        ]
        print("\t".join(printable(f.replace("\t", " ")) for f in fields))
    return 0


def _update(workshop: Workshop, session_id: str, ref: str, args: argparse.Namespace) -> int:
    from npsworkshop.workshop.progress_log import Update

    done = workshop.cycle.record_progress(
        session_id,
        Update(ref, args.status, args.note, args.on, args.by, args.due),
        date.today(),
    )
    if done.logged:
        print(
            f"{done.ref}: {done.old_status} -> {done.status}, logged; progress log head {done.head}"
        )
    else:
        print(f"{done.ref}: {done.old_status} -> {done.status} (draft: the action was changed)")
        dropped = [f"--{o}" for o in ("note", "on", "by") if getattr(args, o) is not None]
        if dropped:
            print(
                f"npsworkshop: {', '.join(dropped)} not kept: a draft's actions change directly; "
                "its progress log starts when it is signed off",
                file=sys.stderr,
            )
    return 0


def cmd_progress(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.progress_exporting import export_progress

    with open_workshop(workspace) as workshop:
        written = export_progress(
            workshop,
            workshop.resolve(args.session),
            args.format,
            args.output,
            as_of=args.as_of or date.today(),
            anonymous=args.anonymous,
            force=args.force,
        )
    print(written)
    return 0


def cmd_followup(args: argparse.Namespace, workspace: Workspace) -> int:

    today = date.today()
    with open_workshop(workspace) as workshop:
        baseline = workshop.resolve(args.session)
        earlier = [sid for sid, _signed in workshop.cycle.followups_of(baseline)]
        session_id = workshop.cycle.start_followup(
            baseline, held_on=args.held_on or today, title=args.title, by=args.by, today=today
        )
        carried = sum(1 for a in workshop.cycle.action_plan(session_id).actions if a.carried_from)
    if earlier:  # allowed once they are signed off; what they carried stays with them
        print(
            f"npsworkshop: note: {baseline} was followed up before ({', '.join(earlier)}, "
            "signed off); actions carried forward then stay there",
            file=sys.stderr,
        )
    print(f"Follow-up of {baseline} started; {carried} outstanding actions carried forward.")
    print(session_id)
    return 0


def cmd_compare(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.errors import UserError
    from npsworkshop.files import check_output, write_atomic
    from npsworkshop.interchange.progress_format import compare_csv, compare_json
    from npsworkshop.workshop.followup import compare_sessions

    with open_workshop(workspace) as workshop:
        baseline = workshop.verified_snapshot(workshop.resolve(args.baseline))
        later = workshop.verified_snapshot(workshop.resolve(args.session))
    if baseline.record.held_on > later.record.held_on:
        raise UserError(
            f"BASELINE {baseline.id} was held on {baseline.record.held_on.isoformat()}, after "
            f"SESSION {later.id} ({later.record.held_on.isoformat()}): give the earlier session "
            "first, as the trend runs from it"
        )
    rows = compare_sessions(baseline, later)
    data = compare_csv(rows) if args.format == "csv" else compare_json(baseline.id, later.id, rows)
    if args.output is None:
        sys.stdout.write(data.decode("utf-8-sig"))
        return 0
    print(write_atomic(check_output(args.output, force=args.force, fmt=args.format), data))
    return 0


COMMANDS = {
    "actions": cmd_actions,
    "progress": cmd_progress,
    "followup": cmd_followup,
    "compare": cmd_compare,
}
