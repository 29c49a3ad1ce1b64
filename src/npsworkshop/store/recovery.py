"""A damaged database is never overwritten: it is set aside and the newest good backup named.

On open, `PRAGMA quick_check` runs on a read-only connection (which cannot checkpoint or
otherwise write to the file). When SQLite reports damage, the database and its -wal/-shm files
are moved, as they are, into `sessions/set-aside/<time>-damaged/`, a note is left in
`sessions/database-moved.json`, and the error says which backup is the newest good one and the
command that restores it. Restoring sets the current database aside the same way first, and is
refused when it would drop sign-offs or progress entries the caller has not accepted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from npsworkshop.errors import Failure, NotFound, UserError
from npsworkshop.files import fsync_dir, fsync_file, unique_path
from npsworkshop.store import holdings, lock
from npsworkshop.store.backups import (
    Backup,
    backups_dir,
    connect_read_only,
    disk_full,
    list_backups,
    session_counts,
)

SET_ASIDE_DIR = "set-aside"
MARKER = "database-moved.json"
_CORRUPTION = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


class Damaged(Failure):
    """The database is damaged (or was moved aside and not yet restored)."""

    def __init__(self, message: str, newest_good: Backup | None = None) -> None:
        super().__init__(message)
        self.newest_good = newest_good


@dataclass(frozen=True)
class Health:
    state: Literal["ok", "damaged", "unreadable"]
    detail: str = ""


def inspect(path: Path, *, quick: bool = True) -> Health:
    """What SQLite makes of the file: ok, damaged (corrupt or not a database), or unreadable
    for another reason (locked, no permission), which is not damage."""
    try:
        connection = connect_read_only(path)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            rows = [str(r[0]) for r in connection.execute(f"PRAGMA {pragma}").fetchall()]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") in _CORRUPTION:
            return Health("damaged", str(exc))
        return Health("unreadable", str(exc))
    except sqlite3.Error as exc:
        return Health("unreadable", str(exc))
    if rows == ["ok"]:
        return Health("ok")
    return Health("damaged", "; ".join(rows[:3]) + (" …" if len(rows) > 3 else ""))


def newest_good_backup(database: Path) -> Backup | None:
    """The newest backup that passes `PRAGMA integrity_check`."""
    for backup in list_backups(database):
        if inspect(backup.path, quick=False).state == "ok":
            return backup
    return None


def database_files(database: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it, those that exist."""
    names = [database.name + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    return [database.with_name(n) for n in names if database.with_name(n).exists()]


def set_aside(database: Path, why: str, *, now: datetime | None = None) -> Path:
    """Move the database and its -wal/-shm, unchanged, into a new folder; returns the folder."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder = unique_path(database.parent / SET_ASIDE_DIR, f"{stamp}-{why}")
    folder.mkdir(parents=True)
    for path in database_files(database):
        os.replace(path, folder / path.name)
    fsync_dir(folder)
    fsync_dir(database.parent)
    return folder


def _marker(database: Path) -> Path:
    return database.parent / MARKER


def _write_marker(database: Path, **fields: str) -> None:
    path = _marker(database)
    path.write_text(json.dumps(fields, indent=2), encoding="utf-8")
    fsync_file(path)
    fsync_dir(database.parent)


def _describe_backup(backup: Backup) -> str:
    made = backup.made_at.astimezone().strftime("%d %b %Y %H:%M")
    counts = session_counts(backup.path)
    what = ""
    if counts:
        what = f", {counts[0]} session{'' if counts[0] == 1 else 's'}, {counts[1]} signed off"
    return f"{backup.name} (made {made}{what})"


def _advice(database: Path, newest: Backup | None) -> str:
    if newest is None:
        return (
            "There is no good backup. The set-aside copy may still be partly recoverable with "
            "the sqlite3 tool's `.recover` command. To start again with an empty database, "
            f"delete {_marker(database)}."
        )
    return (
        f"The newest good backup is {_describe_backup(newest)}. To restore it, run:\n"
        f"  npsworkshop backups restore {newest.name}\n"
        "(`npsworkshop backups` lists every backup.) Changes made after that backup are only in "
        "the set-aside copy."
    )


def check_on_open(database: Path) -> None:
    """Refuse a damaged database, setting it aside; refuse a missing one that was moved aside."""
    marker = _marker(database)
    empty = database.exists() and database.stat().st_size == 0
    if not database.exists() or empty:
        if marker.exists():
            try:
                note = json.loads(marker.read_text(encoding="utf-8"))["message"]
            except (OSError, ValueError, KeyError, TypeError):
                note = f"the database was moved aside (see {marker})"
            raise Damaged(f"{note}\n{_advice(database, newest_good_backup(database))}")
        _refuse_fresh_over_backups(database, "is empty" if empty else "is missing")
        return
    if marker.exists():  # a restore finished after its note was written: the note is spent
        with contextlib.suppress(OSError):
            marker.unlink()
    health = inspect(database, quick=True)
    if health.state == "ok":
        return
    if health.state == "unreadable":
        if disk_full(database):
            raise Failure(
                f"{database}: cannot be opened: the disk is full (SQLite needs a little free "
                "space even to read it, for the index beside the database); free some space on "
                "that disk and try again. Nothing was changed."
            )
        raise Failure(f"{database}: cannot be opened ({health.detail})")
    newest = newest_good_backup(database)
    found = f"The database {database} is damaged (SQLite's check found: {health.detail})."
    try:
        with lock.exclusive_database(lock.locks_dir(database)):
            folder = set_aside(database, "damaged")
            note = f"{found} Nothing was overwritten: it was moved, as it was, to {folder}."
            _write_marker(database, message=note, set_aside=str(folder))
    except lock.DatabaseInUse:
        raise Damaged(
            f"{found} Another npsworkshop has it open: close every npsworkshop window, then "
            "open it again to have it set aside.",
            newest,
        ) from None
    raise Damaged(f"{note}\n{_advice(database, newest)}", newest)


def _refuse_fresh_over_backups(database: Path, state: str) -> None:
    """A missing or empty database is damage when backups hold sessions: starting an empty one
    silently would look like data loss, and thinning would later delete their only copies."""
    held = [(b, counts) for b in list_backups(database) if (counts := session_counts(b.path))]
    if not any(counts[0] for _b, counts in held):
        return
    sessions = max(counts[0] for _b, counts in held)
    signed = max(counts[1] for _b, counts in held)
    raise Damaged(
        f"The database {database} {state}, but its backups hold up to {sessions} "
        f"session{'' if sessions == 1 else 's'} ({signed} signed off); npsworkshop will not "
        f"start an empty database over them.\n{_advice(database, newest_good_backup(database))}\n"
        f"To start with an empty database anyway, move {backups_dir(database)} aside first."
    )


def find_backup(database: Path, name: str) -> Backup:
    """The backup named `name` (or the only one whose name starts with it)."""
    backups = list_backups(database)
    exact = [b for b in backups if b.name == name]
    matches = exact or [b for b in backups if b.name.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFound(f"no backup named {name!r} (see `npsworkshop backups`)")
    raise NotFound(f"{name!r} matches {len(matches)} backups; give the whole name")


class WouldDrop(UserError):
    """A restore would drop signed-off sessions or progress entries nobody accepted losing."""

    def __init__(self, backup: Backup, dropped: holdings.Losses) -> None:
        signed, entries = len(dropped.signed), dropped.entry_count
        super().__init__(
            f"restoring {backup.name} would drop {signed} signed-off "
            f"session{'' if signed == 1 else 's'} and {entries} progress "
            f"{'entry' if entries == 1 else 'entries'} that the database holds and the backup "
            "lacks; nothing was changed"
        )
        self.backup = backup
        self.dropped = dropped


def verified_backup(database: Path, name: str) -> Backup:
    """The backup named `name`, refused when it does not pass `PRAGMA integrity_check`."""
    backup = find_backup(database, name)
    health = inspect(backup.path, quick=False)
    if health.state != "ok":
        raise UserError(
            f"backup {backup.name} does not verify ({health.detail}); choose another "
            "(see `npsworkshop backups`)"
        )
    return backup


def check_free(database: Path) -> None:
    """Refuse at once when another npsworkshop has the database open, so a person is not asked
    about a restore that cannot happen (restore checks again under its lock)."""
    try:
        with lock.exclusive_database(lock.locks_dir(database)):
            pass
    except lock.DatabaseInUse as exc:
        raise UserError(f"cannot restore now: {exc}") from None


def would_drop(database: Path, backup: Backup) -> holdings.Losses:
    """The sign-offs and progress entries the database holds and `backup` lacks. A database
    that cannot be read shows none: it is set aside unchanged, never deleted, by the restore."""
    try:
        return holdings.losses(database, backup.path)
    except holdings.Unreadable:
        return holdings.Losses()


@dataclass(frozen=True)
class Restored:
    backup: Backup
    set_aside: Path | None  # where the database it replaced went (None when there was none)


def restore(database: Path, name: str, *, accept: holdings.Losses | None = None) -> Restored:
    """Put a backup in place of the database; the current database is set aside, never deleted.
    Refused (`WouldDrop`) when the database holds sign-offs or progress entries the backup
    lacks beyond those in `accept` (what the person was shown and agreed to lose)."""
    backup = verified_backup(database, name)
    temp = database.with_name(f".{database.name}.restore-{os.getpid()}-{time.monotonic_ns()}.tmp")
    try:
        with lock.exclusive_database(lock.locks_dir(database)):
            dropped = would_drop(database, backup)  # again: nothing may change unseen
            if dropped and not dropped.within(accept or holdings.Losses()):
                raise WouldDrop(backup, dropped)
            shutil.copyfile(backup.path, temp)
            fsync_file(temp)
            folder: Path | None = None
            if database_files(database):
                folder = set_aside(database, "before-restore")
                _write_marker(
                    database,
                    message=(
                        f"A restore of backup {backup.name} was interrupted; the database it was "
                        f"replacing is in {folder}."
                    ),
                    set_aside=str(folder),
                )
            os.replace(temp, database)
            fsync_dir(database.parent)
            with contextlib.suppress(FileNotFoundError):
                _marker(database).unlink()
    except lock.DatabaseInUse as exc:
        raise UserError(f"cannot restore now: {exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return Restored(backup=backup, set_aside=folder)
