"""What a database file holds that cannot be made again: its sign-offs and progress entries.

A sign-off is known by its session id and fingerprint, a progress entry by its hash (the chain
of CONTRACT §9). Backup thinning keeps the newest backup holding any of them the database lacks,
and a restore that would drop some lists them first. Every file is read read-only and as its own
schema has it (a backup may be older than the code: a schema without `progress_entry` holds
sign-offs only); nothing is ever migrated or written.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

SignedKey = tuple[str, str]  # session id, fingerprint
_TIMEOUT_S = 10.0
_SIGNED = "SELECT session_id, fingerprint FROM sign_off"
_ENTRIES = "SELECT hash FROM progress_entry"


class Unreadable(Exception):
    """The file could not be read as an npsworkshop database (the message says why)."""


@dataclass(frozen=True)
class Holdings:
    """The sign-offs and progress entries one database file holds."""

    signed: frozenset[SignedKey] = frozenset()
    entries: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.signed or self.entries)

    def __sub__(self, other: Holdings) -> Holdings:
        return Holdings(self.signed - other.signed, self.entries - other.entries)

    def __or__(self, other: Holdings) -> Holdings:
        return Holdings(self.signed | other.signed, self.entries | other.entries)


def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise Unreadable(f"{path} is not there")
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        return sqlite3.connect(uri, uri=True, timeout=_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise Unreadable(f"{path} cannot be opened ({exc})") from None


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(name) for (name,) in rows}


def read(path: Path) -> Holdings:
    """What `path` holds; `Unreadable` when it cannot be read. A file without a `sign_off`
    table holds nothing (it is no npsworkshop database, or an empty one)."""
    connection = _connect(path)
    try:
        tables = _tables(connection)
        signed: frozenset[SignedKey] = frozenset()
        entries: frozenset[str] = frozenset()
        if "sign_off" in tables:
            signed = frozenset((str(s), str(f)) for s, f in connection.execute(_SIGNED))
        if "progress_entry" in tables:
            entries = frozenset(str(h) for (h,) in connection.execute(_ENTRIES))
    except sqlite3.Error as exc:
        raise Unreadable(f"{path} cannot be read ({exc})") from None
    finally:
        connection.close()
    return Holdings(signed, entries)


def newest_holders(live: Holdings, backups: list[tuple[Path, Holdings]]) -> set[Path]:
    """Of `backups` (newest first), the newest holding each sign-off or progress entry that
    `live` lacks: the ones thinning must keep whatever its policy says."""
    covered = live
    keep: set[Path] = set()
    for path, held in backups:
        if held - covered:
            keep.add(path)
            covered = covered | held
    return keep
