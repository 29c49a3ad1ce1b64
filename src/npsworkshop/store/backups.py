"""Rolling backups of the workspace database: SQLite's online backup API, each copy verified.

A backup is written to a temporary file, checked with `PRAGMA integrity_check`, synced and only
then renamed to its final name, so every `sessions/backups/npsworkshop-*.db` is a verified,
self-contained copy (journal mode DELETE, no -wal beside it). Backups are made when the database
is opened and the newest is more than an hour old (and the database changed since), after every
sign-off, and before a schema upgrade. They are thinned: every backup of the last day is kept,
then the newest of each day for a month, then the newest of each month; then, while they take
more than the size limit, the most crowded go first (the newest always stays). Whatever either
rule says, the newest backup holding a sign-off or progress entry the database lacks is kept
(store/holdings.py).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from npsworkshop.errors import Failure
from npsworkshop.files import fsync_dir, fsync_file, unique_path
from npsworkshop.store import holdings

BACKUPS_DIR = "backups"
OPEN_INTERVAL = timedelta(hours=1)
KEEP_ALL_FOR = timedelta(days=1)
KEEP_ALL_MAX = 48  # however busy the day, at most this many of its backups are kept
KEEP_DAILY_FOR = timedelta(days=31)
# The backups' total size is kept under this after the count/age rule (the newest backup and
# the protected ones stay even above it); NPSWORKSHOP_BACKUPS_MAX_MB sets another limit.
MAX_TOTAL_MB = 500
MAX_TOTAL_ENV = "NPSWORKSHOP_BACKUPS_MAX_MB"
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^npsworkshop-(\d{8}T\d{6}Z)-([a-z][a-z-]*?)(?:-(\d+))?\.db$")
_STALE_TEMP_S = 3600
BUSY_TIMEOUT_S = 10.0


class BackupFailed(Failure):
    """A backup could not be made or did not verify (the database itself is untouched)."""


@dataclass(frozen=True)
class Backup:
    """One verified copy of the database in `sessions/backups/`."""

    path: Path
    made_at: datetime  # UTC, to the second
    reason: str  # open, sign-off, before-upgrade

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


def backups_dir(database: Path) -> Path:
    return database.parent / BACKUPS_DIR


def read_only_uri(path: Path) -> str:
    """A URI that opens `path` read-only, whatever characters the path holds; immutable when
    only that can read it (`unreadable_for_want_of_space`)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if unreadable_for_want_of_space(path) else uri


# Less free space than this, and a failure to read the database is put down to the full disk.
FULL_BELOW_BYTES = 256 * 1024


def disk_full(path: Path) -> bool:
    """Whether the disk holding `path` is (all but) full."""
    try:
        return shutil.disk_usage(path.parent).free < FULL_BELOW_BYTES
    except OSError:
        return False


def unreadable_for_want_of_space(path: Path) -> bool:
    """A WAL database on a full disk with no index file (`-shm`) SQLite can make cannot be read
    at all, even read-only. When its WAL is empty (nothing there that is not in the file; and
    on a full disk nothing more can be committed) it is read as immutable instead: reads work,
    and every write is refused as the database being read-only."""
    if not disk_full(path) or not path.is_file():
        return False
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    try:
        probe = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=1)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.OperationalError:
        return True
    return False


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)


def parse_name(path: Path) -> Backup | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    made_at = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
    return Backup(path=path, made_at=made_at, reason=match.group(2))


def list_backups(database: Path) -> list[Backup]:
    """Every backup of the database, newest first."""
    directory = backups_dir(database)
    if not directory.is_dir():
        return []
    found = [b for b in map(parse_name, directory.iterdir()) if b is not None]
    return sorted(found, key=lambda b: (b.made_at, b.name), reverse=True)


def check(path: Path, *, quick: bool = False) -> str:
    """'ok', or what SQLite found wrong with the database file at `path`."""
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as exc:
        return f"cannot be opened ({exc})"
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        connection.close()
    found = [str(r[0]) for r in rows]
    return "ok" if found == ["ok"] else "; ".join(found[:5])


def session_counts(path: Path) -> tuple[int, int] | None:
    """(sessions, signed off) in a backup, or None when it cannot be read."""
    try:
        connection = connect_read_only(path)
        try:
            sessions = connection.execute("SELECT count(*) FROM workshop_session").fetchone()[0]
            signed = connection.execute("SELECT count(*) FROM sign_off").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return int(sessions), int(signed)


def make_backup(database: Path, reason: str, *, now: datetime | None = None) -> Backup:
    """Copy the database with the online backup API, verify the copy, then give it its name."""
    if not re.fullmatch(r"[a-z][a-z-]*", reason):
        raise ValueError(f"backup reason must be lower-case words: {reason!r}")
    if not database.exists():
        raise BackupFailed(f"{database}: there is no database to back up")
    directory = backups_dir(database)
    directory.mkdir(parents=True, exist_ok=True)
    made_at = (now or datetime.now(UTC)).replace(microsecond=0)
    temp = directory / f".npsworkshop-{os.getpid()}-{time.monotonic_ns()}.db.tmp"
    try:
        try:
            source = connect_read_only(database)
            target = sqlite3.connect(temp)
            try:
                if sys.platform == "darwin":
                    target.execute("PRAGMA fullfsync = ON")
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                verdict = target.execute("PRAGMA integrity_check").fetchall()
            finally:
                target.close()
                source.close()
        except sqlite3.Error as exc:
            raise BackupFailed(f"{database}: the backup could not be made ({exc})") from None
        if [str(r[0]) for r in verdict] != ["ok"]:
            raise BackupFailed(f"{database}: the backup copy did not verify ({verdict[:3]})")
        fsync_file(temp)
        final = unique_path(directory, f"npsworkshop-{made_at.strftime(_STAMP)}-{reason}", ".db")
        os.replace(temp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(directory)
    return Backup(path=final, made_at=made_at, reason=reason)


def _changed_since(database: Path, backup: Backup) -> bool:
    """Whether the database (or its WAL) was written after the backup. Opening the database
    creates an empty WAL; only one with frames in it counts."""
    try:
        made = backup.path.stat().st_mtime_ns
    except OSError:
        return True
    with contextlib.suppress(OSError):
        if database.stat().st_mtime_ns >= made:
            return True
    with contextlib.suppress(OSError):
        wal = database.with_name(database.name + "-wal").stat()
        if wal.st_size > 0 and wal.st_mtime_ns >= made:
            return True
    return False


def backup_if_due(
    database: Path,
    *,
    interval: timedelta = OPEN_INTERVAL,
    reason: str = "open",
    now: datetime | None = None,
) -> Backup | None:
    """A new backup when the newest is older than `interval` and the database changed since."""
    if not database.exists():
        return None
    now = now or datetime.now(UTC)
    backups = list_backups(database)
    if backups and (
        now - backups[0].made_at < interval or not _changed_since(database, backups[0])
    ):
        return None
    return backup_now(database, reason, now=now)


def backup_now(database: Path, reason: str, *, now: datetime | None = None) -> Backup:
    """Make a verified backup, then thin the older ones."""
    made = make_backup(database, reason, now=now)
    prune(database, now=now)
    return made


def to_thin(backups: list[Backup], now: datetime) -> list[Backup]:
    """The backups the retention rule lets go: all of the last day are kept (up to KEEP_ALL_MAX),
    then the newest of each day for a month, then the newest of each month."""
    keep: set[Path] = set()
    recent = 0
    days: set[tuple[int, int, int]] = set()
    months: set[tuple[int, int]] = set()
    for backup in sorted(backups, key=lambda b: (b.made_at, b.name), reverse=True):
        age = now - backup.made_at
        at = backup.made_at
        if age < KEEP_ALL_FOR:
            if recent < KEEP_ALL_MAX:
                recent += 1
                keep.add(backup.path)
        elif age < KEEP_DAILY_FOR:
            if (at.year, at.month, at.day) not in days:
                days.add((at.year, at.month, at.day))
                keep.add(backup.path)
        elif (at.year, at.month) not in months:
            months.add((at.year, at.month))
            keep.add(backup.path)
    return [b for b in backups if b.path not in keep]


def size_limit() -> int:
    """The backups' size limit in bytes: NPSWORKSHOP_BACKUPS_MAX_MB when it is a whole number of
    megabytes (at least 1), else MAX_TOTAL_MB."""
    text = os.environ.get(MAX_TOTAL_ENV, "").strip()
    megabytes = int(text) if text.isdigit() and int(text) >= 1 else MAX_TOTAL_MB
    return megabytes * 1024 * 1024


def protected(database: Path, backups: list[Backup]) -> set[Path]:
    """The newest backup holding each sign-off (session id and fingerprint) or progress entry
    (hash) the database lacks; every one is read read-only, as its own schema has it. A database
    that cannot be read counts as holding nothing, so more is kept, never less."""
    try:
        live = holdings.read(database)
    except holdings.Unreadable:
        live = holdings.Holdings()
    held: list[tuple[Path, holdings.Holdings]] = []
    for backup in backups:  # newest first
        try:
            held.append((backup.path, holdings.read(backup.path)))
        except holdings.Unreadable:
            continue  # a backup that cannot be read holds nothing anyone could restore
    return holdings.newest_holders(live, held)


def over_limit(
    kept: list[Backup], keep: set[Path], limit: int, now: datetime, sizes: dict[Path, int]
) -> list[Backup]:
    """The backups to let go, beyond the count/age rule, to bring `kept` under `limit` bytes.
    The most crowded go first: each time, the one whose going leaves the smallest gap between
    its neighbours for its age, so what stays is spread over time. The newest and those in
    `keep` are never chosen, even when the limit cannot be met without them."""
    remaining = sorted(kept, key=lambda b: (b.made_at, b.name))  # oldest first
    total = sum(sizes[b.path] for b in remaining)
    chosen: list[Backup] = []
    while total > limit:
        best: tuple[float, int] | None = None
        for index, backup in enumerate(remaining[:-1]):  # never the newest
            if backup.path in keep:
                continue
            if index == 0:
                score = float("inf")  # the oldest goes only when nothing else can
            else:
                gap = (remaining[index + 1].made_at - remaining[index - 1].made_at).total_seconds()
                score = gap / max((now - backup.made_at).total_seconds(), 1.0)
            if best is None or score < best[0]:
                best = (score, index)
        if best is None:
            break
        going = remaining.pop(best[1])
        chosen.append(going)
        total -= sizes[going.path]
    return chosen


def prune(database: Path, *, now: datetime | None = None, limit: int | None = None) -> list[Backup]:
    """Thin the backups (the count/age rule, then the size limit; never the newest holder of a
    sign-off or progress entry the database lacks) and drop temporary files left by a backup
    that was killed."""
    now = now or datetime.now(UTC)
    limit = size_limit() if limit is None else limit
    directory = backups_dir(database)
    found = list_backups(database)
    policy = to_thin(found, now)
    sizes = {b.path: b.size for b in found}
    removed: list[Backup] = []
    if policy or sum(sizes.values()) > limit:
        keep = protected(database, found)
        removed = [b for b in policy if b.path not in keep]
        kept = [b for b in found if b not in removed]
        removed += over_limit(kept, keep | {found[0].path}, limit, now, sizes)
    for backup in removed:
        with contextlib.suppress(OSError):
            backup.path.unlink()
    if directory.is_dir():
        for temp in directory.glob(".npsworkshop-*.db.tmp"):
            with contextlib.suppress(OSError):
                if time.time() - temp.stat().st_mtime > _STALE_TEMP_S:
                    temp.unlink()
    return removed
