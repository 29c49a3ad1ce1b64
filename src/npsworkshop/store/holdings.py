"""What a database file holds that cannot be made again: its sign-offs and progress entries.

A sign-off is known by its session id and fingerprint, a progress entry by its hash (the chain
of CONTRACT §9). Backup thinning keeps the newest backup holding any of them the database lacks,
and a restore that would drop some lists them first. Every file is read read-only and as its own
schema has it (a backup may be older than the code: a schema without `progress_entry` holds
sign-offs only); nothing is ever migrated or written.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SignedKey = tuple[str, str]  # session id, fingerprint
_TIMEOUT_S = 10.0
_SIGNED = "SELECT session_id, fingerprint FROM sign_off"
_ENTRIES = "SELECT hash FROM progress_entry"
_SIGNED_SESSIONS = (
    "SELECT o.session_id, o.fingerprint, s.title, o.name, o.signed_on FROM sign_off AS o "
    "LEFT JOIN workshop_session AS s ON s.id = o.session_id ORDER BY o.signed_on, o.session_id"
)
_ENTRY_ROWS = (
    "SELECT session_id, ref, on_date, status, by_name, hash FROM progress_entry ORDER BY id"
)


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


@dataclass(frozen=True)
class SignedSession:
    """A signed-off session a restore would drop."""

    session_id: str
    title: str
    signer: str
    signed_on: str


@dataclass(frozen=True)
class ActionEntries:
    """The progress entries of one action a restore would drop."""

    session_id: str
    ref: str
    count: int
    latest: str  # the newest dropped entry: "<date> <status> by <who>"


@dataclass(frozen=True)
class Losses:
    """What putting a backup in place of the database would drop."""

    signed: tuple[SignedSession, ...] = ()
    entries: tuple[ActionEntries, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.signed or self.entries)

    @property
    def entry_count(self) -> int:
        return sum(a.count for a in self.entries)

    def within(self, accepted: Losses) -> bool:
        """Whether this is no more than what was `accepted` (nothing new since it was shown)."""
        return set(self.signed) <= set(accepted.signed) and set(self.entries) <= set(
            accepted.entries
        )

    def lines(self) -> list[str]:
        """The losses in words, one line each (user text left for the caller to make printable)."""
        out = [
            f"signed-off session {s.session_id} ({s.title}), signed off by {s.signer} on "
            f"{s.signed_on}"
            for s in self.signed
        ]
        out += [
            f"session {a.session_id}, action {a.ref}: {a.count} progress "
            f"{'entry' if a.count == 1 else 'entries'} (latest {a.latest})"
            for a in self.entries
        ]
        return out


def losses(database: Path, backup: Path) -> Losses:
    """The sign-offs and progress entries in `database` that `backup` lacks. A missing database
    loses nothing; `Unreadable` when either file cannot be read."""
    if not database.exists() or database.stat().st_size == 0:
        return Losses()
    kept = read(backup)
    connection = _connect(database)
    try:
        tables = _tables(connection)
        signed: list[SignedSession] = []
        if "sign_off" in tables and "workshop_session" in tables:
            for sid, fingerprint, title, name, signed_on in connection.execute(_SIGNED_SESSIONS):
                if (str(sid), str(fingerprint)) not in kept.signed:
                    signed.append(
                        SignedSession(str(sid), str(title or ""), str(name), str(signed_on))
                    )
        per_action: dict[tuple[str, str], list[str]] = defaultdict(list)
        if "progress_entry" in tables:
            for sid, ref, on_date, status, by_name, digest in connection.execute(_ENTRY_ROWS):
                if str(digest) not in kept.entries:
                    per_action[(str(sid), str(ref))].append(f"{on_date} {status} by {by_name}")
    except sqlite3.Error as exc:
        raise Unreadable(f"{database} cannot be read ({exc})") from None
    finally:
        connection.close()
    entries = tuple(
        ActionEntries(sid, ref, len(found), found[-1])
        for (sid, ref), found in per_action.items()  # in the log's order
    )
    return Losses(tuple(signed), entries)
