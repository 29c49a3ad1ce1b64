"""Writing to and removing from the regional store: publish, list and withdraw.

Publishing is idempotent and safe when two councils publish at once: a session row is inserted
with ON CONFLICT DO NOTHING and RETURNING tells which fingerprints are new (rowcount is not
reliable across drivers), and only their areas are added. The caller's transaction makes a batch
all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from npsworkshop.errors import NotFound
from npsworkshop.region.publication import Publication
from npsworkshop.region.tables import published_area, published_session


@dataclass(frozen=True)
class Published:
    """The outcome of a publish batch: fingerprints new to the store, and those already there."""

    new: tuple[str, ...]
    already: tuple[str, ...]


def _insert(connection: Connection, table: Any) -> Any:
    """INSERT with the dialect's ON CONFLICT clause (both engines spell it the same way)."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def publish(connection: Connection, publications: Sequence[Publication]) -> Published:
    """Store each publication once; the same fingerprint again changes nothing."""
    unique = {p.fingerprint: p for p in publications}
    if not unique:
        return Published((), ())
    now = datetime.now(UTC)
    rows = [
        {
            "fingerprint": p.fingerprint,
            "council_key": p.council_key,
            "council_code": p.council_code,
            "council_name": p.council_name,
            "council_type": p.council_type,
            "council_type_text": p.council_type_text,
            "pack_id": p.pack_id,
            "pack_version": p.pack_version,
            "held_on": p.held_on,
            "signed_on": p.signed_on,
            "published_at": now,
        }
        # In fingerprint order: two publishers with overlapping batches then take the rows'
        # locks in the same order and one waits for the other instead of deadlocking.
        for p in sorted(unique.values(), key=lambda p: p.fingerprint)
    ]
    statement = (
        _insert(connection, published_session)
        .on_conflict_do_nothing(index_elements=["fingerprint"])
        .returning(published_session.c.fingerprint)
    )
    new = {str(row[0]) for row in connection.execute(statement, rows)}
    area_rows = [
        {
            "fingerprint": p.fingerprint,
            "area_id": a.area_id,
            "level": a.level,
            "ambition": a.ambition,
            "actions_open": a.actions_open,
            "actions_in_progress": a.actions_in_progress,
            "actions_done": a.actions_done,
            "actions_dropped": a.actions_dropped,
        }
        for p in unique.values()
        if p.fingerprint in new
        for a in p.areas
    ]
    if area_rows:
        connection.execute(published_area.insert(), area_rows)
    order = list(unique)
    return Published(
        new=tuple(f for f in order if f in new),
        already=tuple(f for f in order if f not in new),
    )


@dataclass(frozen=True)
class Listed:
    fingerprint: str
    council_code: str | None
    council_name: str
    council_type: str
    pack_id: str
    pack_version: str
    held_on: date
    signed_on: date
    areas: int


def list_published(connection: Connection) -> list[Listed]:
    """Every published session, by council then date held."""
    s, a = published_session, published_area
    counts = (
        select(a.c.fingerprint, func.count().label("areas")).group_by(a.c.fingerprint).subquery()
    )
    query = (
        select(
            s.c.fingerprint,
            s.c.council_code,
            s.c.council_name,
            s.c.council_type,
            s.c.pack_id,
            s.c.pack_version,
            s.c.held_on,
            s.c.signed_on,
            func.coalesce(counts.c.areas, 0),
        )
        .select_from(s.outerjoin(counts, counts.c.fingerprint == s.c.fingerprint))
        .order_by(s.c.council_name, s.c.council_key, s.c.held_on, s.c.fingerprint)
    )
    return [Listed(*row) for row in connection.execute(query)]


def withdraw(connection: Connection, fingerprint: str) -> Listed:
    """Remove one published session, named by its fingerprint (or a unique prefix of it)."""
    wanted = fingerprint.strip().lower()
    if len(wanted) < 8 or any(c not in "0123456789abcdef" for c in wanted):
        raise NotFound(
            f"FINGERPRINT {fingerprint!r}: give the fingerprint (64 hex digits, or at least the "
            "first 8) as `region list` shows it"
        )
    matches = [p for p in list_published(connection) if p.fingerprint.startswith(wanted)]
    if not matches:
        raise NotFound(f"FINGERPRINT {fingerprint!r}: no published session has this fingerprint")
    if len(matches) > 1:
        raise NotFound(
            f"FINGERPRINT {fingerprint!r}: matches {len(matches)} published sessions; give more "
            "of it"
        )
    found = matches[0]
    connection.execute(
        published_area.delete().where(published_area.c.fingerprint == found.fingerprint)
    )
    deleted = connection.execute(
        published_session.delete()
        .where(published_session.c.fingerprint == found.fingerprint)
        .returning(published_session.c.fingerprint)
    ).all()
    if not deleted:  # withdrawn by someone else between the read and the delete
        raise NotFound(f"FINGERPRINT {fingerprint!r}: no published session has this fingerprint")
    return found
