"""The command line (CONTRACT §3): its arguments, and which handler runs each command; no logic
of its own. The handlers live by family: workspace_cli.py (import, export, sessions, sign-off,
content), cycle_cli.py (actions, progress, followup, compare), region/commands.py.

argparse, not typer/click: it costs nothing to import, which keeps the app's first paint and the
headless commands fast, and its exit status 2 for usage errors is what the contract asks for.
Heavy modules are imported inside each command so `npsworkshop export` never loads Textual and
`npsworkshop` (the app) paints before the database layer loads.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from npsworkshop import __version__, backups_cli, cycle_cli, workspace_cli
from npsworkshop.store.shutdown import Terminated, exit_on_termination
from npsworkshop.terminal import printable
from npsworkshop.workspace import Workspace


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


# Commands (the workspace's in workspace_cli.py, the cycle's in cycle_cli.py) --------------------

# Other modules' handlers open the workshop and print tables through these names.
_open = workspace_cli.open_workshop
_print_table = workspace_cli.print_table


def cmd_review(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.review.flow import run_review

    return run_review(workspace, plain=args.plain)


def cmd_region(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.region.commands import run

    return run(args, workspace)


COMMANDS: dict[str, Callable[[argparse.Namespace, Workspace], int]] = {
    **workspace_cli.COMMANDS,
    "review": cmd_review,
    **backups_cli.COMMANDS,
    "region": cmd_region,
    **cycle_cli.COMMANDS,
}


def run_app(workspace: Workspace) -> int:
    from npsworkshop.tui.app import run

    return run(workspace)


def entry() -> int:
    """The `npsworkshop` program (console script and `python -m npsworkshop`): `main` with the
    garbage collector tuned for a headless command's one short run (one_shot.py)."""
    return main(one_shot=True)


def main(argv: Sequence[str] | None = None, *, one_shot: bool = False) -> int:
    args = build_parser().parse_args(argv)
    if one_shot and args.command not in (None, "review"):  # not the app nor the prompts
        from npsworkshop import one_shot as collector

        collector.start()
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
