"""Phone ballots through the service (docs/phones.md, "Wiring"): the ballot box's transaction on
the single writer, and the reveal's batch of ratings.

Votes are not facts of the record until the reveal, so the ballot transaction stamps nothing and
logs no event. The reveal writes every vote as a rating with exactly `ratings.rate`'s checks and
its `rated` event, the session stamped once, all or nothing, inside the ballot box's transaction
so the votes, the ratings and the round's "revealed" mark commit together. Its undo puts every
cell back in one transaction too, the one that reopens the round.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from functools import partial
from typing import Any, Protocol

from npsworkshop.errors import NotSaved, write_failure_cause
from npsworkshop.workshop import ratings
from npsworkshop.workshop.transactions import Change, Database, log_each, refused_by_database


class RatingToWrite(Protocol):
    """One rating of a batch (the room's `RatingToWrite`): dimension "" for none, level None
    abstains."""

    @property
    def participant(self) -> str: ...
    @property
    def area_id(self) -> str: ...
    @property
    def dimension(self) -> str: ...
    @property
    def level(self) -> str | None: ...


def ballot_transaction(db: Database) -> AbstractContextManager[sqlite3.Connection]:
    """The hot path's kept connection in one `BEGIN IMMEDIATE` transaction under the writer lock;
    no session stamp, no event row."""
    return db.hot_transaction()


class CellBefore(Protocol):
    """A cell as it was before a phone reveal wrote it: `given` False means nobody had rated it;
    dimension None for an area without dimensions."""

    @property
    def area(self) -> str: ...
    @property
    def participant(self) -> str: ...
    @property
    def dimension(self) -> str | None: ...
    @property
    def given(self) -> bool: ...
    @property
    def level(self) -> str | None: ...


Events = list[tuple[str, list[tuple[str | None, dict[str, Any]]]]]  # (kind, [(area, detail)])
_RATING_OF = (
    "SELECT rating.id, rating.level, rating.note FROM rating "
    "JOIN participant ON participant.id = rating.participant_id "
    "WHERE participant.session_id = ? AND participant.key = ? AND rating.area_id = ? "
    "AND rating.dimension_id = ?"
)


def rate_many(
    db: Database,
    session_id: str,
    wanted: Iterable[RatingToWrite],
    *,
    sql: sqlite3.Connection | None = None,
) -> None:
    """Every rating, or none: with `sql` inside that open transaction (the ballot box's), else in
    a transaction of its own."""
    batch = list(wanted)
    _change(db, session_id, sql, [r.level for r in batch], partial(_rated, db, session_id, batch))


def restore_ratings(
    db: Database,
    session_id: str,
    cells: Iterable[CellBefore],
    *,
    sql: sqlite3.Connection | None = None,
) -> None:
    """Undo of a phone reveal: every cell back as it was (a rating put back through `rate`'s
    checks, one nobody had given removed as `clear_rating` does, each with its event), all or
    none; with `sql` inside that open transaction (the ballot box's, which reopens the round)."""
    batch = list(cells)
    put_back = partial(_restored, db, session_id, batch)
    _change(db, session_id, sql, [c.level for c in batch], put_back)


def _change(
    db: Database,
    session_id: str,
    sql: sqlite3.Connection | None,
    levels: list[str | None],
    write: Callable[[sqlite3.Connection, tuple[str, str]], Events],
) -> None:
    """`write(sql, (scope, sha256))` on a writable session under the writer lock, its events
    logged with the session stamped once per kind; in `sql`'s transaction or one of its own.
    Every level is checked first; nothing to write is nothing done."""
    for level in levels:
        ratings.check_level(level)
    if not levels:
        return
    with db.lock, db.claims.editing(session_id):
        if sql is not None:
            _logged(db, sql, session_id, write)
        else:
            with db.hot_transaction() as own:
                _logged(db, own, session_id, write)


def _logged(
    db: Database,
    sql: sqlite3.Connection,
    session_id: str,
    write: Callable[[sqlite3.Connection, tuple[str, str]], Events],
) -> None:
    try:
        for kind, events in write(sql, db.writable(sql, session_id)):
            if events:
                log_each(sql.execute, session_id, kind, events)
    except sqlite3.IntegrityError as exc:
        raise refused_by_database(session_id, str(exc)) from None
    except sqlite3.OperationalError as exc:  # a full disk, a lock held too long: as `rate` says
        raise NotSaved(write_failure_cause(str(exc))) from None


def _rate(
    db: Database,
    sql: sqlite3.Connection,
    session_id: str,
    key: tuple[str, str],
    area_id: str,
    participant: str,
    dimension: str | None,
    level: str | None,
) -> tuple[str | None, dict[str, Any]]:
    """One rating as `rate` records it (`key`: the session's scope and sha256); its event."""
    detail = {"participant": participant, "dimension": dimension, "new": level}
    change = Change(*key, detail)
    change.detail["old"] = ratings.record_rating(
        db, sql, session_id, change, area_id, participant, level, dimension
    )
    return area_id, change.detail


def _rated(
    db: Database,
    session_id: str,
    batch: list[RatingToWrite],
    sql: sqlite3.Connection,
    key: tuple[str, str],
) -> Events:
    events = [  # dimension None for none, as `rate` takes it
        _rate(db, sql, session_id, key, r.area_id, r.participant, r.dimension or None, r.level)
        for r in batch
    ]
    return [("rated", events)]


def _restored(
    db: Database,
    session_id: str,
    batch: list[CellBefore],
    sql: sqlite3.Connection,
    key: tuple[str, str],
) -> Events:
    rated: list[tuple[str | None, dict[str, Any]]] = []
    cleared: list[tuple[str | None, dict[str, Any]]] = []
    for cell in batch:
        if cell.given:
            cell_of = (cell.area, cell.participant, cell.dimension)
            rated.append(_rate(db, sql, session_id, key, *cell_of, cell.level))
            continue
        where = (session_id, cell.participant, cell.area, cell.dimension or "")
        row = sql.execute(_RATING_OF, where).fetchone()
        if row is not None:  # as `clear_rating` logs it
            sql.execute("DELETE FROM rating WHERE id = ?", (row[0],))
            old = {"level": row[1], "note": row[2]}
            gone: dict[str, Any] = {"participant": cell.participant, "dimension": cell.dimension}
            cleared.append((cell.area, gone | {"old": old}))
    return [("rated", rated), ("rating-cleared", cleared)]
