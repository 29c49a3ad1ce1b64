"""The command line (CONTRACT §3): wires the pieces together, no logic of its own.

argparse, not typer/click: it costs nothing to import, which keeps the app's first paint and the
headless commands fast, and its exit status 2 for usage errors is what the contract asks for.
Heavy modules are imported inside each command so `npsworkshop export` never loads Textual and
`npsworkshop` (the app) paints before the database layer loads.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from npsworkshop import __version__, backups_cli, cycle_cli
from npsworkshop.store.shutdown import Terminated, exit_on_termination
from npsworkshop.terminal import printable
from npsworkshop.workspace import Workspace

if TYPE_CHECKING:
    from npsworkshop.workshop import Workshop


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # A bad value ("argument --as-of: ...") is one line naming the option and the value;
        # the usage is shown only when the command line itself is malformed.
        if not message.startswith("argument "):
            self.print_usage(sys.stderr)
        self.exit(2, f"npsworkshop: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="npsworkshop",
        description="Procurement maturity self-assessment workshops (LGA National Procurement "
        "Strategy 2018). With no command, opens the workshop app.",
    )
    parser.add_argument("--version", action="version", version=f"npsworkshop {__version__}")
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help="folder holding sessions/ and exports/ (default: $NPSWORKSHOP_HOME, else the current folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = commands.add_parser("import", help="create a session from an interchange (JSON) file")
    p.add_argument("file", type=Path, metavar="FILE")

    p = commands.add_parser("export", help="write a session as PDF, Word, JSON or CSV")
    p.add_argument("session", metavar="SESSION", help="a session id or a unique prefix of one")
    p.add_argument("--format", required=True, choices=("pdf", "json", "csv", "docx"))
    p.add_argument(
        "--output",
        type=Path,
        metavar="PATH",
        help="file to write (default: a new file in <workspace>/exports/)",
    )
    p.add_argument("--force", action="store_true", help="replace --output if it exists")
    p.add_argument(
        "--anonymous",
        action="store_true",
        help="every format: participants as letters, no names, departments or rating notes",
    )
    p.add_argument(
        "--names", action="store_true", help="(kept for old scripts; named output lists names)"
    )
    p.add_argument(
        "--notes", action="store_true", help="PDF and Word: add the notes given with ratings"
    )

    commands.add_parser("sessions", help="list the workspace's sessions")

    p = commands.add_parser("sign-off", help="sign a complete session off (read-only from then on)")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)

    p = commands.add_parser(
        "review", help="a quick self-review, prompt by prompt (no full-screen app)"
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help="numbered questions and nothing redrawn, for screen readers "
        "(the default where the terminal cannot redraw, such as TERM=dumb)",
    )

    backups_cli.add_commands(commands, _Parser)

    p = commands.add_parser("content", help="framework packs")
    content = p.add_subparsers(
        dest="content_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    check = content.add_parser(
        "check", help="validate framework packs (default: every installed one)"
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    from npsworkshop.region.commands import add_region_parser  # argparse only; logic in region/

    add_region_parser(commands, _Parser)
    cycle_cli.add_commands(commands)
    return parser


# Commands --------------------------------------------------------------------------------------


@contextmanager
def _open(workspace: Workspace) -> Iterator[Workshop]:
    from npsworkshop.workshop import Workshop

    workshop = Workshop.open(workspace)
    try:
        yield workshop
    finally:
        workshop.close()  # first: closing may add a notice (a checkpoint that failed)
        for notice in workshop.notices:
            print(f"npsworkshop: {printable(notice)}", file=sys.stderr)


def cmd_import(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.errors import Failure, NotSaved
    from npsworkshop.interchange.json_format import import_document, read_document

    document = read_document(args.file)  # validated before the database is created or touched
    with _open(workspace) as workshop:
        try:
            session_id = import_document(workshop, document, str(args.file))
        except NotSaved as exc:
            raise Failure(f"{exc.cause}: nothing was imported") from None
    print(session_id)
    return 0


def _existing(workspace: Workspace) -> Workspace:
    """The workspace, refused when it has no database: a read-only command never makes one."""
    if not workspace.database.exists():
        from npsworkshop.errors import UserError

        raise UserError(
            f"{workspace.root} has no sessions (no database at {workspace.database}); "
            "check --workspace or $NPSWORKSHOP_HOME"
        )
    return workspace


def cmd_export(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.exporting import export_session

    _existing(workspace)
    with _open(workspace) as workshop:
        session_id = workshop.resolve(args.session)
        written = export_session(
            workshop,
            session_id,
            args.format,
            args.output,
            force=args.force,
            anonymous=args.anonymous,
            names=args.names,
            notes=args.notes,
        )
    for path in written:
        print(path)
    return 0


def _print_table(rows: Sequence[Sequence[str]], max_width: int | None = None) -> None:
    """Columns padded to their widest cell; a cell wider than `max_width` is cut with '…'."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    if max_width is not None:
        widths = [min(w, max_width) for w in widths]
    for row in rows:
        cells = [
            cell if len(cell) <= w else cell[: w - 1] + "…"
            for cell, w in zip(row, widths, strict=True)
        ]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())


def cmd_sessions(_args: argparse.Namespace, workspace: Workspace) -> int:
    if not workspace.database.exists():  # listing never makes a workspace at a mistyped path
        print(
            f"No sessions yet in {workspace.root} (there is no database at {workspace.database}; "
            "check --workspace if you expected one). Run `npsworkshop` to start a session, "
            "`npsworkshop review` for a quick review, or `npsworkshop import FILE`."
        )
        return 0
    with _open(workspace) as workshop:
        summaries = workshop.list_sessions()
        vanished = workshop.vanished_signed_sessions()
    if not summaries:
        print(
            f"No sessions yet in {workspace.root}. Run `npsworkshop` to start one, "
            "`npsworkshop review` for a quick review, or `npsworkshop import FILE`."
        )
        return 0
    coded = any(s.organisation_code for s in summaries)  # a GSS column only where one is known
    code = ["GSS CODE"] if coded else []
    rows = [("ID", "ORGANISATION", *code, "TITLE", "DATE", "STATUS", "PROGRESS")]
    rows += [
        (
            s.id,
            printable(s.organisation),
            *([s.organisation_code or ""] if coded else []),
            printable(s.title),
            s.held_on,
            f"{s.status} (imported)" if s.imported else s.status,
            s.progress,
        )
        for s in summaries
    ]
    _print_table(rows, max_width=40)
    for s in summaries:
        if s.damaged:
            print(f"npsworkshop: {printable(s.damaged)}", file=sys.stderr)
        if s.tampered:
            print(
                f"npsworkshop: session {s.id} ({printable(s.title)}): {s.tampered}",
                file=sys.stderr,
            )
    for session_id in vanished:
        print(
            f"npsworkshop: session {session_id} was signed off (the event log says so) but is no "
            "longer in the database; it was deleted outside npsworkshop",
            file=sys.stderr,
        )
    return 0


def cmd_sign_off(args: argparse.Namespace, workspace: Workspace) -> int:
    with _open(_existing(workspace)) as workshop:
        session_id = workshop.resolve(args.session)
        fingerprint = workshop.sign_off(session_id, args.name, args.role)
    print(fingerprint)
    return 0


def cmd_review(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.review.flow import run_review

    return run_review(workspace, plain=args.plain)


def cmd_content(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.errors import InputError, UserError
    from npsworkshop.framework.loader import discover, load_pack

    paths: list[Path] = list(args.paths) or discover(workspace.root)
    if not paths:
        raise UserError("no framework packs found")
    failed = 0
    for path in paths:
        try:
            loaded = load_pack(path)
        except InputError as exc:
            failed += 1
            print(f"FAIL {exc}", file=sys.stderr)
            continue
        pack = loaded.pack
        counts = ", ".join(
            _count(n, word)
            for n, word in (
                (len(pack.themes), "theme"),
                (len(pack.key_areas), "key area"),
                (len(pack.enablers), "enabler"),
            )
        )
        print(f"ok   {pack.id} {pack.version}: {counts} ({loaded.path})")
    return 2 if failed else 0


def cmd_region(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.region.commands import run

    return run(args, workspace)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


COMMANDS: dict[str, Callable[[argparse.Namespace, Workspace], int]] = {
    "import": cmd_import,
    "export": cmd_export,
    "sessions": cmd_sessions,
    "sign-off": cmd_sign_off,
    "review": cmd_review,
    **backups_cli.COMMANDS,
    "content": cmd_content,
    "region": cmd_region,
    **cycle_cli.COMMANDS,
}


def run_app(workspace: Workspace) -> int:
    from npsworkshop.tui.app import run

    return run(workspace)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        workspace = Workspace.locate(args.workspace)
    except (RuntimeError, OSError, ValueError) as exc:  # ~nouser, a link loop, a deleted folder
        where = args.workspace or "the current folder"
        print(
            f"npsworkshop: the workspace {printable(str(where))!s} cannot be used ({exc})",
            file=sys.stderr,
        )
        return 2
    try:
        if args.command is None:
            return run_app(workspace)
        with exit_on_termination():
            return COMMANDS[args.command](args, workspace)
    except Terminated as exc:
        print(
            f"npsworkshop: stopped by {exc.name}; every change made before it is saved",
            file=sys.stderr,
        )
        return exc.exit_status
    except KeyboardInterrupt:
        print("npsworkshop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        return _failed(exc, args.command, workspace)


def _failed(exc: Exception, command: str | None, workspace: Workspace) -> int:
    """One line on stderr and the exit status; a log file too for an unexpected error."""
    # Imported here, not at the top: npsworkshop.errors loads pydantic (~30 ms), which the app
    # must not pay before its first paint (bench/first_paint.py).
    from npsworkshop.errors import Failure, UserError

    if isinstance(exc, UserError | Failure):
        print(f"npsworkshop: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_status
    if isinstance(exc, OSError) and exc.strerror:  # the environment: a file where a folder goes
        where = f": {exc.filename}" if exc.filename else ""
        print(f"npsworkshop: {printable(exc.strerror + where)}", file=sys.stderr)
        return 1
    from npsworkshop.crashlog import report_crash

    print(
        f"npsworkshop: {report_crash(workspace.log_file, exc, f'command {command!r}')}",
        file=sys.stderr,
    )
    return 1
