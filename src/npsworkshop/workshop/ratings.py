"""Rating commands: a participant's level for an area or one of its dimensions (the hot path: a
rating is a keypress, so it runs in SQL through `Database.write_sql`), abstentions, notes."""

from __future__ import annotations

import sqlite3
from typing import cast

from sqlmodel import Session, select

from npsworkshop.errors import InputError, Refused
from npsworkshop.framework.levels import LevelId, is_level
from npsworkshop.framework.models import Area
from npsworkshop.store.tables import RatingRow
from npsworkshop.workshop import inputs, packs, reading, sessions
from npsworkshop.workshop.inputs import validate
from npsworkshop.workshop.transactions import Change, Database, now

_PARTICIPANT = "SELECT id FROM participant WHERE session_id = ? AND key = ?"
_RATING = (
    "SELECT id, level FROM rating WHERE participant_id = ? AND area_id = ? AND dimension_id = ?"
)
_RERATE = "UPDATE rating SET level = ?, updated_at = ? WHERE id = ?"
_FIRST_RATING = (
    "INSERT INTO rating (session_id, participant_id, area_id, dimension_id, level, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def dimension(area: Area, given: str | None) -> str:
    """The stored dimension id ("" for an area without dimensions); refused when it is wrong."""
    if area.dimensions:
        ids = [d.id for d in area.dimensions]
        if given not in ids:
            raise InputError(
                "rating",
                [
                    f"dimension: area {area.id} is rated by dimension; "
                    f"expected one of {', '.join(ids)}"
                ],
            )
        return given
    if given not in (None, ""):
        raise InputError("rating", [f"dimension: area {area.id} has no dimensions"])
    return ""


def rate(
    db: Database,
    session_id: str,
    area_id: str,
    participant: str,
    level: LevelId | None,
    given_dimension: str | None,
) -> None:
    """Record a participant's level for an area (or one of its dimensions); None abstains."""
    check_level(level)
    with db.write_sql(
        session_id, "rated", area_id, participant=participant, dimension=given_dimension, new=level
    ) as (sql, change):
        change.detail["old"] = record_rating(
            db, sql, session_id, change, area_id, participant, level, given_dimension
        )


def check_level(level: str | None) -> None:
    if level is not None and not is_level(level):
        raise InputError("rating", [f"level: unknown level {level!r}"])


def record_rating(
    db: Database,
    sql: sqlite3.Connection,
    session_id: str,
    change: Change,
    area_id: str,
    participant: str,
    level: str | None,
    given_dimension: str | None,
) -> str | None:
    """`rate`'s checks and row inside an open transaction (the session already found writable);
    returns the old level for the event ("unrated" when there was none)."""
    pack = db.packs.get(
        session_id,
        session_id,
        change.sha256,
        lambda: sql.execute(reading.PACK_CONTENT, (session_id,)).fetchone()[0],
    )
    area = packs.scoped_area(session_id, area_id, change.scope, pack)
    dim = dimension(area, given_dimension)
    person = sql.execute(_PARTICIPANT, (session_id, participant)).fetchone()
    if person is None:
        raise sessions.no_participant(session_id, participant)
    old = sql.execute(_RATING, (person[0], area_id, dim)).fetchone()
    if old is None:
        sql.execute(_FIRST_RATING, (session_id, person[0], area_id, dim, level, now()))
        return "unrated"
    sql.execute(_RERATE, (level, now(), old[0]))
    return cast(str | None, old[1])


def clear_rating(
    db: Database, session_id: str, area_id: str, participant: str, given_dimension: str | None
) -> None:
    """Forget a participant's rating (and note) for an area or dimension."""
    with db.write(
        session_id, "rating-cleared", area_id, participant=participant, dimension=given_dimension
    ) as (session, change):
        row = _rating_row(db, session, session_id, area_id, participant, given_dimension)
        if row is not None:
            change.detail["old"] = {"level": row.level, "note": row.note}
            session.delete(row)


def set_note(
    db: Database,
    session_id: str,
    area_id: str,
    participant: str,
    note: str | None,
    given_dimension: str | None,
) -> None:
    """A participant's note on their rating; the rating must exist (a level or an abstention)."""
    checked = validate(
        inputs.ImportedRating, "note", participant=participant, level=None, note=note
    )
    text = checked.note or None
    with db.write(
        session_id, "note", area_id, participant=participant, dimension=given_dimension, new=text
    ) as (session, change):
        row = _rating_row(db, session, session_id, area_id, participant, given_dimension)
        if row is None:
            raise Refused("rate or abstain first, then add a note")
        change.detail["old"] = row.note
        row.note = text
        session.add(row)


def _rating_row(
    db: Database,
    session: Session,
    session_id: str,
    area_id: str,
    participant: str,
    given_dimension: str | None,
) -> RatingRow | None:
    area = reading.area(db, session, session_id, area_id)
    dim = dimension(area, given_dimension)
    person = sessions.participant(session, session_id, participant)
    return session.exec(
        select(RatingRow).where(
            RatingRow.participant_id == person.id,
            RatingRow.area_id == area_id,
            RatingRow.dimension_id == dim,
        )
    ).first()
