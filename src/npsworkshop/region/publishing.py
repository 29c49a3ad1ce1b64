"""Writing to and removing from the regional store: publish, list and withdraw.

Publishing is idempotent and safe when two councils publish at once: a session row is inserted
with ON CONFLICT DO NOTHING and RETURNING tells which fingerprints are new (rowcount is not
reliable across drivers), and only their areas are added. The caller's transaction makes a batch
all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from npsworkshop.errors import NotFound, UserError
from npsworkshop.region.councils import council_key
from npsworkshop.region.publication import Publication
from npsworkshop.region.tables import council_alias, published_area, published_session


@dataclass(frozen=True)
class Published:
    """The outcome of a publish batch: fingerprints new to the store, and those already there."""

    new: tuple[str, ...]
    already: tuple[str, ...]
    linked: tuple[tuple[str, str], ...] = ()  # (name, GSS code) newly joining sessions by name


def _insert(connection: Connection, table: Any) -> Any:
    """INSERT with the dialect's ON CONFLICT clause (both engines spell it the same way)."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def session_row(p: Publication, published_at: datetime) -> dict[str, Any]:
    """The published_session row of a publication."""
    return {
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
        "published_at": published_at,
    }


def area_rows_of(p: Publication) -> list[dict[str, Any]]:
    """The published_area rows of a publication."""
    return [{"fingerprint": p.fingerprint, **asdict(a)} for a in p.areas]


def publish(connection: Connection, publications: Sequence[Publication]) -> Published:
    """Store each publication once; the same fingerprint again changes nothing."""
    unique = {p.fingerprint: p for p in publications}
    if not unique:
        return Published((), ())
    _lock_codes(connection, unique.values())
    now = datetime.now(UTC)
    rows = [
        session_row(p, now)
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
    area_rows = [row for p in unique.values() if p.fingerprint in new for row in area_rows_of(p)]
    if area_rows:
        connection.execute(published_area.insert(), area_rows)
    linked = link_names(connection, list(unique.values()), new)
    order = list(unique)
    return Published(
        new=tuple(f for f in order if f in new),
        already=tuple(f for f in order if f not in new),
        linked=linked,
    )


def link_names(
    connection: Connection, publications: Sequence[Publication], new_here: set[str]
) -> tuple[tuple[str, str], ...]:
    """Record the GSS code of each coded publication's name, so the council's sessions published
    by name count as the same council; UserError (nothing written) when a name would be filed
    under two codes. Returns the (name, code) links that join sessions published by name."""
    wanted: dict[str, Publication] = {}
    clashes: list[str] = []
    for p in publications:
        if p.council_code is None:
            continue
        first = wanted.setdefault(council_key(None, p.council_name), p)
        if first.council_code != p.council_code:
            clashes.append(_two_codes(p, first.council_code, f"in {first.source}"))
    by_name = {  # sessions by name new to the store, counted as a linked code
        p.council_key: p
        for p in publications
        if p.council_code is None and p.fingerprint in new_here
    }
    new: set[str] = set()
    if wanted:
        new = {
            str(key)
            for key in connection.execute(
                _insert(connection, council_alias)
                .on_conflict_do_nothing(index_elements=["name_key"])
                .returning(council_alias.c.name_key),
                [
                    {"name_key": k, "council_code": p.council_code}
                    for k, p in sorted(wanted.items())
                ],
            ).scalars()
        }
    stored = {
        str(key): str(code)
        for key, code in connection.execute(
            select(council_alias.c.name_key, council_alias.c.council_code).where(
                council_alias.c.name_key.in_(sorted({*wanted, *by_name}))
            )
        )
    }
    clashes += [
        _two_codes(p, stored[key], "in the regional store")
        for key, p in wanted.items()
        if stored.get(key) != p.council_code
    ]
    clashes += _two_names(connection, publications)
    if clashes:
        raise UserError(
            "nothing was published: a council's name and its GSS code name one council",
            clashes,
        )
    joined = connection.execute(
        select(published_session.c.council_key)
        .where(published_session.c.council_key.in_(sorted(new)))
        .distinct()
    ).scalars()
    links = {key: (by_name[key].council_name, stored[key]) for key in by_name if key in stored}
    links |= {key: (wanted[key].council_name, stored[key]) for key in joined}
    return tuple(links[key] for key in sorted(links))


def _lock_codes(connection: Connection, publications: Iterable[Publication]) -> None:
    """On PostgreSQL, hold each GSS code of the batch until commit, so two publishers giving one
    code two names wait for each other and the second sees the first (SQLite's writers are
    already one at a time). Codes are taken in order, before any row, so none deadlock."""
    if connection.dialect.name != "postgresql":
        return
    for code in sorted({p.council_code for p in publications if p.council_code}):
        connection.execute(select(func.pg_advisory_xact_lock(func.hashtext(code))))


def _two_names(connection: Connection, publications: Sequence[Publication]) -> list[str]:
    """A line for each coded publication whose code is published under another council's name
    (names folded as the store folds them), in this batch or in the store."""
    batch = {p.fingerprint for p in publications}
    coded = [p for p in publications if p.council_code is not None]
    first: dict[str, tuple[str, str]] = {}  # code -> (name, where)
    for fingerprint, code, name in connection.execute(
        select(
            published_session.c.fingerprint,
            published_session.c.council_code,
            published_session.c.council_name,
        )
        .where(published_session.c.council_code.in_(sorted({str(p.council_code) for p in coded})))
        .order_by(published_session.c.published_at, published_session.c.fingerprint)
    ):
        if fingerprint not in batch:
            first.setdefault(str(code), (str(name), "in the regional store"))
    clashes = []
    for p in coded:
        code = str(p.council_code)
        name, where = first.setdefault(code, (p.council_name, f"in {p.source}"))
        if council_key(None, name) != council_key(None, p.council_name):
            clashes.append(
                f"{p.source}: organisation.name {p.council_name!r} has GSS code {code}, but "
                f"{code} is published as {name!r} {where}; one code names one council: correct "
                "the name or the code (a council published under a wrong code withdraws that "
                "session first)"
            )
    return clashes


def _two_codes(p: Publication, other: str | None, where: str) -> str:
    return (
        f"{p.source}: organisation.name {p.council_name!r} has GSS code {p.council_code}, but "
        f"the same name has GSS code {other} {where}; correct the name or the code (names are "
        "compared ignoring case, spacing and Unicode form)"
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
    linked_code: str | None = None  # the GSS code a session published by name counts as


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
            council_alias.c.council_code,
        )
        .select_from(
            s.outerjoin(counts, counts.c.fingerprint == s.c.fingerprint).outerjoin(
                council_alias, council_alias.c.name_key == s.c.council_key
            )
        )
        .order_by(s.c.council_name, s.c.council_key, s.c.held_on, s.c.fingerprint)
    )
    return [Listed(*tuple(row)) for row in connection.execute(query)]


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
    if found.council_code is not None:
        _unlink_if_last(connection, found.council_code, council_key(None, found.council_name))
    return found


def _unlink_if_last(connection: Connection, code: str, name_key: str) -> None:
    """Drop the name's link to `code` once no session with that code carries the name."""
    names = connection.execute(
        select(published_session.c.council_name).where(published_session.c.council_code == code)
    ).scalars()
    if all(council_key(None, name) != name_key for name in names):
        connection.execute(
            council_alias.delete().where(
                council_alias.c.name_key == name_key, council_alias.c.council_code == code
            )
        )
