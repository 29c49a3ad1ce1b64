"""Phone ballots through the service (docs/phones.md, "Wiring"): the ballot box's transaction on
the single writer, and the reveal's batch of ratings.

Votes are not facts of the record until the reveal, so the ballot transaction stamps nothing and
logs no event. The reveal writes every vote as a rating with exactly `ratings.rate`'s checks and
its `rated` event, the session stamped once, all or nothing, inside the ballot box's transaction
so the votes, the ratings and the round's "revealed" mark commit together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
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
    for rating in batch:
        ratings.check_level(rating.level)
    if not batch:
        return
    with db.lock, db.claims.editing(session_id):
        if sql is not None:
            _write(db, sql, session_id, batch)
        else:
            with db.hot_transaction() as own:
                _write(db, own, session_id, batch)


def _write(
    db: Database, sql: sqlite3.Connection, session_id: str, batch: list[RatingToWrite]
) -> None:
    try:
        scope, sha256 = db.writable(sql, session_id)
        events: list[tuple[str | None, dict[str, Any]]] = []
        for rating in batch:
            dimension = rating.dimension or None  # as `rate` takes it
            change = Change(
                scope,
                sha256,
                {"participant": rating.participant, "dimension": dimension, "new": rating.level},
            )
            change.detail["old"] = ratings.record_rating(
                db,
                sql,
                session_id,
                change,
                rating.area_id,
                rating.participant,
                rating.level,
                dimension,
            )
            events.append((rating.area_id, change.detail))
        log_each(sql.execute, session_id, "rated", events)
    except sqlite3.IntegrityError as exc:
        raise refused_by_database(session_id, str(exc)) from None
    except sqlite3.OperationalError as exc:  # a full disk, a lock held too long: as `rate` says
        raise NotSaved(write_failure_cause(str(exc))) from None
