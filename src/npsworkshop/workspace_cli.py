"""The workspace's commands (CONTRACT §3): `import`, `export`, `sessions`, `sign-off` and
`content check`, and what every command handler shares: opening the workshop (its notices on
stderr) and printing a table. cli.py registers the commands and parses their arguments.

Heavy modules (the service, the exporters) are imported inside each command, as in cli.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from npsworkshop.terminal import printable
from npsworkshop.workspace import Workspace

if TYPE_CHECKING:
    from npsworkshop.workshop import Workshop


@contextmanager
def open_workshop(workspace: Workspace) -> Iterator[Workshop]:
    from npsworkshop.workshop import Workshop

    workshop = Workshop.open(workspace)
    try:
        yield workshop
    finally:
        workshop.close()  # first: closing may add a notice (a checkpoint that failed)
        for notice in workshop.notices:
            print(f"npsworkshop: {printable(notice)}", file=sys.stderr)


def cmd_import(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop import one_shot
    from npsworkshop.errors import Failure, NotSaved
    from npsworkshop.interchange.json_format import import_document, read_document

    document = read_document(args.file)  # validated before the database is created or touched
    with open_workshop(workspace) as workshop:
        one_shot.settle()
        here, changed = (
            workshop.cycle.signed_copies(document.fingerprint)
            if document.fingerprint
            else (None, {})
        )
        try:
            session_id = import_document(workshop, document, str(args.file))
        except NotSaved as exc:
            raise Failure(f"{exc.cause}: nothing was imported") from None
        if session_id == here:  # the file's facts gave a fingerprint already signed here
            print(
                f"npsworkshop: {printable(str(args.file))}: already here as {here} (signed off "
                "with the same fingerprint); nothing was imported",
                file=sys.stderr,
            )
            print(here)
            return 0
        for tampered, reason in changed.items():
            print(
                f"npsworkshop: note: session {tampered} here, signed off with the same "
                f"fingerprint, is tampered ({reason}); the file was imported as {session_id}",
                file=sys.stderr,
            )
        unmarked = workshop.cycle.unmarked_carried(session_id)
    if unmarked is not None and unmarked.refs:
        print(
            f"npsworkshop: note: the baseline {unmarked.baseline} here does not record "
            f"{', '.join(unmarked.refs)} as carried forward to {session_id} (done or dropped "
            "there, or already carried to another follow-up); update them in whichever "
            "session the baseline names",
            file=sys.stderr,
        )
    print(session_id)
    return 0


def existing(workspace: Workspace) -> Workspace:
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

    existing(workspace)
    with open_workshop(workspace) as workshop:
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


def print_table(rows: Sequence[Sequence[str]], max_width: int | None = None) -> None:
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
    with open_workshop(workspace) as workshop:
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
    print_table(rows, max_width=40)
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
    with open_workshop(existing(workspace)) as workshop:
        session_id = workshop.resolve(args.session)
        fingerprint = workshop.sign_off(session_id, args.name, args.role)
    print(fingerprint)
    return 0


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


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


COMMANDS: dict[str, Callable[[argparse.Namespace, Workspace], int]] = {
    "import": cmd_import,
    "export": cmd_export,
    "sessions": cmd_sessions,
    "sign-off": cmd_sign_off,
    "content": cmd_content,
}
