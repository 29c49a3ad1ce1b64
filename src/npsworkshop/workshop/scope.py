"""Changing which areas a draft session assesses: an area left out takes everything recorded for
it (ratings and notes, the justification, moderation, ambition and interim step, actions, and the
phones' ballots on it) in the same transaction; an area added starts empty."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from npsworkshop.errors import Refused
from npsworkshop.framework.models import Pack
from npsworkshop.workshop import reading
from npsworkshop.workshop.sessions import check_scope
from npsworkshop.workshop.transactions import Database

_RATINGS = (
    "SELECT p.key, r.dimension_id, r.level, r.note FROM rating AS r "
    "JOIN participant AS p ON p.id = r.participant_id "
    "WHERE r.session_id = ? AND r.area_id = ? ORDER BY r.id"
)
_OUTCOME = (
    "SELECT justification, agreed_level, moderation_reason, ambition_level, ambition_by, "
    "ambition_rationale, interim_level, interim_by FROM area_outcome "
    "WHERE session_id = ? AND area_id = ?"
)
_ACTIONS = (
    "SELECT title, owner, due, status, carried_from FROM action "
    "WHERE session_id = ? AND area_id = ? ORDER BY position, id"
)
# The record's rows of an area, then the phones' rounds, votes and closed ballots on it (not
# facts, but a round left open would be revealed as ratings if the area came back).
_DELETE = tuple(
    f"DELETE FROM {table} WHERE session_id = ? AND area_id = ?"
    for table in (
        "rating",
        "area_outcome",
        "action",
        "ballot_vote",
        "ballot_closed",
        "ballot_round",
    )
)
# Phones showing an area that left the scope show none until the facilitator's screen moves on.
_ROOM_OFF = "UPDATE ballot_room SET area_id = NULL WHERE session_id = ? AND area_id = ?"


def change_scope(db: Database, session_id: str, scope: Sequence[str]) -> list[str]:
    """Assess `scope` from now on (checked as a new session's is: known areas of the session's
    frozen pack, at least one, none twice); returns it in the pack's order. One event
    ("scope-changed") keeps the old and new scope and everything the areas left out took."""
    with db.read() as session:
        row = reading.session_row(session, session_id)
        pack = reading.pack_of(db, session, row)
        current = row.scope
    wanted = check_scope(pack, list(scope), "scope")
    if json.loads(current) == wanted:
        return wanted  # nothing changes: no event
    with db.write(session_id, "scope-changed", new=wanted) as (session, change):
        before = [str(area) for area in json.loads(change.scope)]
        removed = [area for area in before if area not in wanted]
        refuse_carried(session, session_id, removed, pack)
        change.detail["old"] = before
        change.detail["removed"] = {area: _taken(session, session_id, area) for area in removed}
        connection = session.connection()
        for area in removed:
            for statement in (*_DELETE, _ROOM_OFF):
                connection.exec_driver_sql(statement, (session_id, area))
        if wanted != before:
            row = reading.session_row(session, session_id)
            row.scope = json.dumps(wanted)
            session.add(row)
    return wanted


def refuse_carried(session: Session, session_id: str, areas: Sequence[str], pack: Pack) -> None:
    """Refused when an area holds actions a follow-up carried forward: the baseline's progress
    log sends their updates here, so removed they would be tracked nowhere."""
    connection = session.connection()
    for area in areas:
        carried = [
            f"{title!r} ({ref})"
            for title, *_, ref in connection.exec_driver_sql(_ACTIONS, (session_id, area))
            if ref is not None
        ]
        if carried:
            raise Refused(
                f"scope: {pack.area(area).title!r} ({area}) cannot be left out: it holds "
                f"actions carried forward from the baseline ({', '.join(carried)}), whose "
                "progress is recorded only here; keep the area in scope and set an action to "
                "dropped if it no longer applies"
            )


def _taken(session: Session, session_id: str, area: str) -> dict[str, Any]:
    """What leaving the scope deletes of an area, for the event log (empty parts left out)."""
    connection = session.connection()
    key = (session_id, area)
    ratings = [
        {"participant": p, "dimension": d or None, "level": level, "note": note}
        for p, d, level, note in connection.exec_driver_sql(_RATINGS, key)
    ]
    outcome = connection.exec_driver_sql(_OUTCOME, key).first()
    names = (
        "justification",
        "agreed_level",
        "moderation_reason",
        "ambition_level",
        "ambition_by",
        "ambition_rationale",
        "interim_level",
        "interim_by",
    )
    recorded = {} if outcome is None else dict(zip(names, outcome, strict=True))
    actions = [
        {"title": title, "owner": owner, "due": due, "status": status}
        for title, owner, due, status, _ in connection.exec_driver_sql(_ACTIONS, key)
    ]
    taken: dict[str, Any] = {k: v for k, v in recorded.items() if v is not None}
    if ratings:
        taken["ratings"] = ratings
    if actions:
        taken["actions"] = actions
    return taken
