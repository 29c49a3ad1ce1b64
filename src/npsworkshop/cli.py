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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from npsworkshop import __version__
from npsworkshop.errors import Failure, UserError
from npsworkshop.workspace import Workspace


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
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

    p = commands.add_parser("export", help="write a session as PDF, JSON or CSV")
    p.add_argument("session", metavar="SESSION", help="a session id or a unique prefix of one")
    p.add_argument("--format", required=True, choices=("pdf", "json", "csv"))
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
        help="PDF: show the spread of ratings without participants' names",
    )
    p.add_argument(
        "--names", action="store_true", help="PDF: list participants by name on the title page"
    )

    commands.add_parser("sessions", help="list the workspace's sessions")

    p = commands.add_parser("sign-off", help="sign a complete session off (read-only from then on)")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)

    commands.add_parser("review", help="a quick self-review, prompt by prompt (no full-screen app)")

    p = commands.add_parser("content", help="framework packs")
    content = p.add_subparsers(
        dest="content_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    check = content.add_parser(
        "check", help="validate framework packs (default: every installed one)"
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    return parser


# Commands --------------------------------------------------------------------------------------


def _open(workspace: Workspace):  # type: ignore[no-untyped-def]
    from npsworkshop.workshop import Workshop

    return Workshop.open(workspace)


def cmd_import(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.interchange.json_format import import_file, read_document

    read_document(args.file)  # validate before the database is created or touched
    with _open(workspace) as workshop:
        session_id = import_file(workshop, args.file)
    print(session_id)
    return 0


def cmd_export(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.exporting import export_session

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
        )
    for path in written:
        print(path)
    return 0


def cmd_sessions(_args: argparse.Namespace, workspace: Workspace) -> int:
    with _open(workspace) as workshop:
        summaries = workshop.list_sessions()
    if not summaries:
        print(
            f"No sessions yet in {workspace.root}. Run `npsworkshop` to start one, "
            "`npsworkshop review` for a quick review, or `npsworkshop import FILE`."
        )
        return 0
    rows = [("ID", "ORGANISATION", "TITLE", "DATE", "STATUS", "PROGRESS")]
    rows += [(s.id, s.organisation, s.title, s.held_on, s.status, s.progress) for s in summaries]
    widths = [min(max(len(r[i]) for r in rows), 40) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell if len(cell) <= w else cell[: w - 1] + "…"
            for cell, w in zip(row, widths, strict=True)
        ]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return 0


def cmd_sign_off(args: argparse.Namespace, workspace: Workspace) -> int:
    with _open(workspace) as workshop:
        session_id = workshop.resolve(args.session)
        fingerprint = workshop.sign_off(session_id, args.name, args.role)
    print(fingerprint)
    return 0


def cmd_review(_args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.review.flow import run_review

    return run_review(workspace)


def cmd_content(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.errors import InputError
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


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


COMMANDS: dict[str, Callable[[argparse.Namespace, Workspace], int]] = {
    "import": cmd_import,
    "export": cmd_export,
    "sessions": cmd_sessions,
    "sign-off": cmd_sign_off,
    "review": cmd_review,
    "content": cmd_content,
}


def run_app(workspace: Workspace) -> int:
    from npsworkshop.tui.app import run

    return run(workspace)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    workspace = Workspace.locate(args.workspace)
    try:
        if args.command is None:
            return run_app(workspace)
        return COMMANDS[args.command](args, workspace)
    except UserError as exc:
        print(f"npsworkshop: {exc}", file=sys.stderr)
        return exc.exit_status
    except Failure as exc:
        print(f"npsworkshop: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("npsworkshop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        from npsworkshop.crashlog import one_line_summary, write_crash_log

        log = write_crash_log(workspace.log_file, exc, context=f"command {args.command!r}")
        where = f"; details are in {log}" if log else ""
        print(f"npsworkshop: unexpected error ({one_line_summary(exc)}){where}", file=sys.stderr)
        return 1
