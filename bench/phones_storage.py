"""Where bench/phones.py keeps the ballots: a ballot file of its own (the room alone), or the
workspace database through the workshop service's single writer, as the app runs it (`--wired`):
votes in `Workshop.ballot_transaction`, the reveal through `Workshop.rate_many` in the same
transaction, pages read on a read-only connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

Counted = set[tuple[str, str, str | None, int]]  # (participant, area, level, how many)


@dataclass
class Storage:
    box: Any  # a BallotBox
    write: Callable[[sqlite3.Connection, list[Any]], None]  # the reveal's ratings
    counts: Callable[[], tuple[Counted, Counted]]  # (ballot votes, ratings written)
    close: Callable[[], None]


def _vote_counts(db: sqlite3.Connection) -> Counted:
    rows = db.execute(
        "SELECT participant, area_id, level, count(*) FROM ballot_vote GROUP BY 1, 2"
    ).fetchall()
    return {tuple(row) for row in rows}  # type: ignore[misc]


def standalone(folder: Path, session_id: str) -> Storage:
    from npsworkshop.room.ballot_schema import file_reader, file_transaction
    from npsworkshop.room.ballot_sql import SqlBallotBox

    transaction, close = file_transaction(folder / "ballots.db")
    reader, close_reader = file_reader(folder / "ballots.db")
    with transaction() as db:
        db.execute("CREATE TABLE rating (participant, area_id, dimension_id, level)")

    def write(db: sqlite3.Connection, ratings: list[Any]) -> None:
        rows = [(r.participant, r.area_id, r.dimension, r.level) for r in ratings]
        db.executemany("INSERT INTO rating VALUES (?, ?, ?, ?)", rows)

    def counts() -> tuple[Counted, Counted]:
        with transaction() as db:
            written = db.execute(
                "SELECT participant, area_id, level, count(*) FROM rating GROUP BY 1, 2"
            ).fetchall()
            return _vote_counts(db), {tuple(row) for row in written}  # type: ignore[misc]

    def close_all() -> None:
        close_reader()
        close()

    return Storage(SqlBallotBox(transaction, session_id, read=reader), write, counts, close_all)


def wired(folder: Path, count: int) -> tuple[Storage, str, Any]:
    """A workspace with one nps-2018 session of `count` participants (keys p1..pN); returns the
    storage, the session id and its pack."""
    from npsworkshop.room.ballot_schema import file_reader
    from npsworkshop.room.ballot_sql import SqlBallotBox
    from npsworkshop.workshop import Workshop
    from npsworkshop.workshop.inputs import NewSession, ParticipantInput
    from npsworkshop.workspace import Workspace

    workshop = Workshop.open(Workspace(folder / "workspace"))
    people = tuple(ParticipantInput(name=f"Participant {n}") for n in range(1, count + 1))
    session_id = workshop.create_session(
        NewSession(
            organisation_name="Benchshire Council",
            title="Phones under load",
            held_on=date(2026, 11, 20),
            participants=people,
        )
    )
    reader, close_reader = file_reader(workshop.workspace.database)
    box = SqlBallotBox(workshop.ballot_transaction, session_id, read=reader)

    def write(db: sqlite3.Connection, ratings: list[Any]) -> None:
        workshop.rate_many(session_id, ratings, db=db)

    def counts() -> tuple[Counted, Counted]:
        record = workshop.snapshot(session_id).record
        seen: dict[tuple[str, str], list[str | None]] = {}
        for rating in record.ratings:
            seen.setdefault((rating.participant, rating.area), []).append(rating.level)
        written = {(p, a, levels[0], len(levels)) for (p, a), levels in seen.items()}
        with sqlite3.connect(workshop.workspace.database) as db:
            return _vote_counts(db), written

    def close_all() -> None:
        close_reader()
        workshop.close()

    return Storage(box, write, counts, close_all), session_id, workshop.snapshot(session_id).pack
