"""The `backups` command (docs/reliability.md §3): list the database's backups, or restore one.

A restore that would drop signed-off sessions or progress entries the database holds and the
backup lacks lists them first and asks "Restore anyway? [y/N]" on a terminal; `--yes` goes ahead
without asking; with neither it is refused (exit 2) and nothing changes. cli.py registers the
command; the restore itself is store/recovery.py's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from npsworkshop.workspace import Workspace

if TYPE_CHECKING:
    from npsworkshop.store.backups import Backup
    from npsworkshop.store.holdings import Losses

QUESTION = "Restore anyway? [y/N] "


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `backups [list]` and `backups restore NAME [--yes]` to cli.py's sub-parsers."""
    p = commands.add_parser(
        "backups", help="list the database's backups, or restore one (backups restore NAME)"
    )
    actions = p.add_subparsers(dest="backups_command", metavar="ACTION", parser_class=parser_class)
    actions.add_parser("list", help="list the backups, newest first (the default)")
    restore = actions.add_parser(
        "restore", help="put a backup in place of the database (the current one is set aside)"
    )
    restore.add_argument("name", metavar="NAME", help="a backup's name, as `backups` lists it")
    restore.add_argument(
        "--yes",
        action="store_true",
        help="restore even when it drops signed-off sessions or progress entries (without asking)",
    )


def _made(backup: Any) -> str:
    return str(backup.made_at.astimezone().strftime("%d %b %Y %H:%M"))


def _describe(name: str, dropped: Losses) -> list[str]:
    from npsworkshop.terminal import printable

    return (
        [f"Restoring {name} would drop what the database holds and that backup lacks:"]
        + [f"  {printable(line)}" for line in dropped.lines()]
        + ["(The current database is set aside, never deleted; npsworkshop would not show these.)"]
    )


def _agreed(name: str, dropped: Losses, yes: bool) -> int | None:
    """None to go ahead; else the exit status (the restore declined or refused)."""
    if yes:
        for line in _describe(name, dropped):
            print(line)
        return None
    if not sys.stdin.isatty():
        for line in _describe(name, dropped):
            print(line, file=sys.stderr)
        print(
            "npsworkshop: nothing was restored; run `npsworkshop backups restore "
            f"{name} --yes` to restore anyway",
            file=sys.stderr,
        )
        return 2
    for line in _describe(name, dropped):
        print(line)
    try:
        answer = input(QUESTION)
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("y", "yes"):
        return None
    print("Nothing was restored.")
    return 1


def cmd_restore(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.store import recovery

    database = workspace.database
    backup = recovery.verified_backup(database, args.name)
    recovery.check_free(database)
    dropped = recovery.would_drop(database, backup)
    if dropped:
        status = _agreed(backup.name, dropped, args.yes)
        if status is not None:
            return status
    restored = recovery.restore(database, backup.name, accept=dropped)
    print(f"Restored {restored.backup.name} (made {_made(restored.backup)}).")
    if restored.set_aside is not None:
        print(f"The database it replaced was moved, unchanged, to {restored.set_aside}")
    print(database)
    return 0


def cmd_backups(args: argparse.Namespace, workspace: Workspace) -> int:
    from npsworkshop.store import backups
    from npsworkshop.workspace_cli import print_table as _print_table

    if args.backups_command == "restore":
        return cmd_restore(args, workspace)
    database = workspace.database
    found = backups.list_backups(database)
    if not found:
        print(
            f"No backups yet in {backups.backups_dir(database)}. One is made when npsworkshop "
            "opens the database (at most hourly) and after every sign-off."
        )
        return 0
    rows = [("BACKUP", "MADE", "REASON", "SESSIONS", "SIGNED OFF", "SIZE")]
    for backup in found:
        counts = backups.session_counts(backup.path)
        rows.append(
            (
                backup.name,
                _made(backup),
                backup.reason,
                str(counts[0]) if counts else "?",
                str(counts[1]) if counts else "?",
                f"{max(1, round(backup.size / 1024))} KB",
            )
        )
    _print_table(rows)
    for line in _holding_more(database, found):
        print(line)
    print(f"Restore one with: npsworkshop backups restore NAME  (folder: {found[0].path.parent})")
    return 0


def _holding_more(database: Path, found: list[Backup]) -> list[str]:
    """A line for each backup thinning keeps because it holds sign-offs or progress entries the
    database lacks (a database replaced by an older copy, or rows deleted behind its back)."""
    from npsworkshop.store import backups, holdings

    try:
        live = holdings.read(database)
    except holdings.Unreadable:
        return []
    kept = backups.protected(database, found)
    lines = []
    for backup in found:
        if backup.path not in kept:
            continue
        try:
            extra = holdings.read(backup.path) - live
        except holdings.Unreadable:
            continue
        signed, entries = len(extra.signed), len(extra.entries)
        parts = [f"{signed} signed-off session{'' if signed == 1 else 's'}"] if signed else []
        parts += [f"{entries} progress {'entry' if entries == 1 else 'entries'}"] if entries else []
        lines.append(
            f"{backup.name} holds {' and '.join(parts)} that the database lacks "
            "(thinning keeps it while they are missing)."
        )
    return lines


COMMANDS = {"backups": cmd_backups}
