"""Reading the record: a session's facts in plain SQL (every screen refresh and export reads a
whole session, and ORM objects and statement compiling cost several times the queries), the
session's frozen pack, and the small lookups every command shares.

The lookups that changes make through the ORM import the table classes inside them, so reading a
record (an export) never builds the ORM mapping."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import Row
from sqlmodel import Session, select

from npsworkshop.assessment import rules
from npsworkshop.assessment.baseline import stored_baseline, stored_step
from npsworkshop.assessment.snapshot import (
    ActionFact,
    AmbitionFact,
    FrameworkRef,
    OutcomeFact,
    ParticipantFact,
    RatingFact,
    RecordedSession,
    SignOffFact,
)
from npsworkshop.errors import NotFound, Tampered, Unreadable, UserError
from npsworkshop.framework.levels import LevelId, as_level
from npsworkshop.framework.models import Area, Pack
from npsworkshop.store.recovery import newest_good_backup
from npsworkshop.workshop import packs
from npsworkshop.workshop.transactions import Database

if TYPE_CHECKING:
    from npsworkshop.store.tables import SessionRow

_T = TypeVar("_T")

# The session's frozen pack, stored once per sha256 (0006); a missing copy reads as '', which
# fails its sha256 check like any changed copy.
PACK_CONTENT = (
    "SELECT coalesce(c.content, '') FROM workshop_session AS s "
    "LEFT JOIN pack_copy AS c ON c.sha256 = s.pack_sha256 WHERE s.id = ?"
)
_SESSION_FACTS = (
    "SELECT id, organisation_name, organisation_type, organisation_code, title, held_on, "
    "facilitator, pack_id, pack_title, pack_version, pack_sha256, scope, created_at, updated_at "
    "FROM workshop_session WHERE id = ?"
)
_PARTICIPANT_FACTS = (
    "SELECT id, key, name, role, department FROM participant WHERE session_id = ? "
    "ORDER BY position, id"
)
_RATING_FACTS = (
    "SELECT id, participant_id, area_id, dimension_id, level, note FROM rating WHERE session_id = ? "
    "ORDER BY area_id, id"
)
_OUTCOME_FACTS = (
    "SELECT area_id, justification, agreed_level, moderation_reason, ambition_level, ambition_by, "
    "ambition_rationale, justified_for, interim_level, interim_by FROM area_outcome WHERE session_id = ?"
)
_ACTION_FACTS = (
    "SELECT id, area_id, title, owner, due, status, carried_from FROM action WHERE session_id = ? "
    "ORDER BY position, id"
)
_SIGN_OFF_FACTS = (
    "SELECT name, role, signed_on, fingerprint, signed_at, imported_file, imported_on "
    "FROM sign_off WHERE session_id = ?"
)
_UI_STATE = "SELECT last_area FROM ui_state WHERE session_id = ?"
# A literal prefix: LIKE would read % and _ in what was typed as wildcards.
_IDS_STARTING = "SELECT id FROM workshop_session WHERE substr(id, 1, ?) = ?"
_BASELINE_FACTS = (
    "SELECT baseline_session, fingerprint, held_on, areas FROM session_baseline "
    "WHERE session_id = ?"
)
_SIGNED_EVENTS = "SELECT session_id, detail FROM event WHERE kind = 'signed-off' ORDER BY id"
_SIGNED_EVENTS_OF = (
    "SELECT session_id, detail FROM event WHERE kind = 'signed-off' AND session_id = ? ORDER BY id"
)


def record(db: Database, session_id: str) -> tuple[RecordedSession, Pack]:
    """The recorded facts of a session and its frozen pack."""
    with db.read() as session:
        return recorded_and_pack(db, session, session_id)


def recorded_and_pack(
    db: Database, session: Session, session_id: str
) -> tuple[RecordedSession, Pack]:
    """The record as `session`'s transaction sees it; Unreadable (naming the field and the
    newest good backup) when a row was damaged or written round the database's checks."""
    connection = session.connection()

    def rows(sql: str) -> Sequence[Row[Any]]:
        return connection.exec_driver_sql(sql, (session_id,)).all()

    found = rows(_SESSION_FACTS)
    if not found:
        raise NotFound(f"no session {session_id!r}")
    row = found[0]
    try:
        return _recorded(db, row, rows)
    except _BadField as bad:
        raise unreadable(db, session_id, row.title, bad.field, bad.value) from None
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in error["loc"])
        raise unreadable(db, session_id, row.title, field, error.get("input")) from None


class _BadField(Exception):
    def __init__(self, field: str, value: object) -> None:
        super().__init__(field)
        self.field, self.value = field, value


def _parsed(field: str, parse: Callable[[Any], _T], value: Any) -> _T:
    """`parse(value)`, or _BadField naming the field when the stored value cannot be read."""
    try:
        return parse(value)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise _BadField(field, value) from None


def unreadable(db: Database, session_id: str, title: str, field: str, value: object) -> Unreadable:
    newest = newest_good_backup(db.workspace.database)
    advice = (
        f"; the newest good backup is {newest.name} (npsworkshop backups restore {newest.name})"
        if newest is not None
        else "; there is no backup to restore"
    )
    return Unreadable(
        f"session {session_id} ({title}) cannot be read: its {field} is {value!r}, which "
        f"npsworkshop never writes (the database was changed outside it){advice}",
        field,
    )


def _recorded(
    db: Database, row: Row[Any], rows: Callable[[str], Sequence[Row[Any]]]
) -> tuple[RecordedSession, Pack]:
    session_id = row.id
    people = rows(_PARTICIPANT_FACTS)
    ratings = rows(_RATING_FACTS)
    outcomes = rows(_OUTCOME_FACTS)
    actions = rows(_ACTION_FACTS)
    signed = next(iter(rows(_SIGN_OFF_FACTS)), None)
    ui = next(iter(rows(_UI_STATE)), None)
    baseline = next(iter(rows(_BASELINE_FACTS)), None)
    pack = db.packs.get(
        session_id, row.title, row.pack_sha256, lambda: str(rows(PACK_CONTENT)[0][0])
    )
    problem = packs.naming_problem(pack, row.pack_id, row.pack_title, row.pack_version)
    if problem is not None:
        raise Tampered.of(session_id, row.title, problem)
    keys = {p.id: p.key for p in people}
    order = {p.id: i for i, p in enumerate(people)}
    dim_order = {d.id: i for a in pack.areas() for i, d in enumerate(a.dimensions)}
    ratings = sorted(
        ratings,
        key=lambda r: (
            r.area_id,
            order.get(r.participant_id, 0),
            dim_order.get(r.dimension_id, -1),
        ),
    )
    day, moment = date.fromisoformat, datetime.fromisoformat
    return RecordedSession(
        id=row.id,
        organisation_name=row.organisation_name,
        organisation_type=row.organisation_type,
        organisation_code=row.organisation_code,
        title=row.title,
        held_on=_parsed("held_on", day, row.held_on),
        facilitator=row.facilitator,
        framework=FrameworkRef(
            id=row.pack_id, title=row.pack_title, version=row.pack_version, sha256=row.pack_sha256
        ),
        scope=tuple(_parsed("scope", json.loads, row.scope)),
        participants=tuple(
            ParticipantFact(key=p.key, name=p.name, role=p.role, department=p.department)
            for p in people
        ),
        ratings=tuple(
            RatingFact(
                participant=_parsed(
                    f"rating {r.id} participant", keys.__getitem__, r.participant_id
                ),
                area=r.area_id,
                dimension=r.dimension_id or None,
                level=_parsed(f"rating {r.id} level", as_level, r.level),
                note=r.note,
            )
            for r in ratings
        ),
        outcomes=tuple(
            OutcomeFact(
                area=o.area_id,
                justification=o.justification,
                agreed_level=_parsed(f"{o.area_id} agreed level", as_level, o.agreed_level),
                moderation_reason=o.moderation_reason,
                ambition=None
                if o.ambition_level is None
                else AmbitionFact(
                    level=_parsed(f"{o.area_id} ambition level", _level, o.ambition_level),
                    by=_parsed(f"{o.area_id} ambition date", _day, o.ambition_by),
                    rationale=o.ambition_rationale,
                    interim=stored_step(o.interim_level, o.interim_by),
                ),
                justified_for=_parsed(f"{o.area_id} justified_for", as_level, o.justified_for),
            )
            for o in outcomes
        ),
        actions=tuple(
            ActionFact(
                id=a.id or 0,
                area=a.area_id,
                title=a.title,
                owner=a.owner,
                due=_parsed(f"action {a.id} due date", _day, a.due),
                status=_parsed(f"action {a.id} status", _status, a.status),
                carried_from=a.carried_from,
            )
            for a in actions
        ),
        sign_off=None
        if signed is None
        else SignOffFact(
            name=signed.name,
            role=signed.role,
            signed_on=_parsed("sign-off date", day, signed.signed_on),
            fingerprint=signed.fingerprint,
            signed_at=_parsed("sign-off time", moment, signed.signed_at),
            imported_file=signed.imported_file,
            imported_on=_parsed("sign-off import date", _day, signed.imported_on),
        ),
        baseline=None
        if baseline is None
        else stored_baseline(
            baseline.baseline_session, baseline.fingerprint, baseline.held_on, baseline.areas
        ),
        created_at=_parsed("created_at", moment, row.created_at),
        updated_at=_parsed("updated_at", moment, row.updated_at),
        last_area=ui.last_area if ui else None,
    ), pack


def _level(value: str) -> LevelId:
    level = as_level(value)
    if level is None:
        raise ValueError(value)
    return level


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _status(value: str) -> rules.ActionStatus:
    if value not in rules.ACTION_STATUSES:
        raise ValueError(value)
    return value


def session_row(session: Session, session_id: str) -> SessionRow:
    from npsworkshop.store.tables import SessionRow

    row = session.get(SessionRow, session_id)
    if row is None:
        raise NotFound(f"no session {session_id!r}")
    return row


def held_on(session: Session, session_id: str) -> date:
    """The date of the workshop (dates entered for the session may not be before it)."""
    return date.fromisoformat(session_row(session, session_id).held_on)


def pack_of(db: Database, session: Session, row: SessionRow) -> Pack:
    """The session's frozen pack (its copy read only when not parsed yet in this process)."""

    def content() -> str:
        return str(session.connection().exec_driver_sql(PACK_CONTENT, (row.id,)).scalar())

    return db.packs.get(row.id, row.title, row.pack_sha256, content)


def area(db: Database, session: Session, session_id: str, area_id: str) -> Area:
    """The definition of an area the session assesses."""
    row = session_row(session, session_id)
    return packs.scoped_area(session_id, area_id, row.scope, pack_of(db, session, row))


def area_result(session: Session, session_id: str, area_id: str) -> rules.AreaResult | None:
    """The weakest-level rule's result for one area, as the transaction sees it."""
    from npsworkshop.store.tables import RatingRow

    rows = session.exec(
        select(RatingRow.participant_id, RatingRow.level, RatingRow.dimension_id).where(
            RatingRow.session_id == session_id, RatingRow.area_id == area_id
        )
    ).all()
    return rules.weakest_level(
        rules.Rating(participant=str(p), level=as_level(level), dimension=d or None)
        for p, level, d in rows
    )


def resolve(db: Database, prefix: str) -> str:
    """The session id that is `prefix` or starts with it; NotFound when none or several."""
    if not prefix.strip():
        raise UserError("SESSION must not be empty: give a session id or the start of one")
    with db.read() as session:
        found = session.connection().exec_driver_sql(_IDS_STARTING, (len(prefix), prefix))
        ids = [str(session_id) for (session_id,) in found]
    if prefix in ids:
        return prefix
    if not ids:
        raise NotFound(f"no session matches {prefix!r} (see `npsworkshop sessions`)")
    if len(ids) > 1:
        raise NotFound(
            f"{prefix!r} matches {len(ids)} sessions ({', '.join(sorted(ids))}); type more of the id"
        )
    return ids[0]


def signed_events(session: Session, session_id: str | None = None) -> dict[str, str]:
    """The fingerprint each session was signed off with, by the append-only event log."""
    connection = session.connection()
    if session_id is None:
        rows = connection.exec_driver_sql(_SIGNED_EVENTS)
    else:
        rows = connection.exec_driver_sql(_SIGNED_EVENTS_OF, (session_id,))
    found: dict[str, str] = {}
    for sid, detail in rows:
        try:
            found[sid] = str(json.loads(detail).get("fingerprint", ""))
        except (ValueError, AttributeError):
            found[sid] = ""
    return found
