"""Action commands: what the council will do about an area, by whom, by when."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from npsworkshop.assessment import rules
from npsworkshop.errors import NotFound, Refused
from npsworkshop.store.tables import ActionRow
from npsworkshop.workshop import inputs, reading
from npsworkshop.workshop.inputs import validate
from npsworkshop.workshop.transactions import Database


def _checked(
    title: str, owner: str | None, due: date | None, status: rules.ActionStatus
) -> inputs.ActionInput:
    checked: inputs.ActionInput = validate(
        inputs.ActionInput, "action", title=title, owner=owner, due=due, status=status
    )
    return checked


def add_action(
    db: Database,
    session_id: str,
    area_id: str,
    title: str,
    owner: str | None,
    due: date | None,
    status: rules.ActionStatus,
) -> int:
    action = _checked(title, owner, due, status)
    with db.write(session_id, "action-added", area_id, new=action.model_dump()) as (
        session,
        change,
    ):
        reading.area(db, session, session_id, area_id)
        rules.check_not_before_session(
            action.due, reading.held_on(session, session_id), "the action's due date"
        )
        last = session.exec(
            select(func.max(ActionRow.position)).where(ActionRow.session_id == session_id)
        ).one()
        row = ActionRow(**action_values(session_id, area_id, action, (last or 0) + 1))
        session.add(row)
        session.flush()
        assert row.id is not None
        change.detail["action"] = row.id
        return row.id


def action_values(
    session_id: str,
    area_id: str,
    action: inputs.ActionInput | inputs.ImportedAction,
    position: int,
) -> dict[str, Any]:
    """An action's row, as the ORM and the import's bulk INSERT both take it."""
    return {
        "session_id": session_id,
        "area_id": area_id,
        "title": action.title,
        "owner": action.owner or None,
        "due": action.due.isoformat() if action.due else None,
        "status": action.status,
        "position": position,
    }


def update_action(
    db: Database,
    session_id: str,
    action_id: int,
    title: str,
    owner: str | None,
    due: date | None,
    status: rules.ActionStatus,
) -> None:
    action = _checked(title, owner, due, status)
    with db.write(session_id, "action-changed", action=action_id, new=action.model_dump()) as (
        session,
        change,
    ):
        row = _action(session, session_id, action_id)
        if action.due is not None and action.due.isoformat() != row.due:  # changed now
            rules.check_not_before_session(
                action.due, reading.held_on(session, session_id), "the action's due date"
            )
        change.detail["old"] = _described(row)
        row.title, row.owner, row.status = action.title, action.owner or None, action.status
        row.due = action.due.isoformat() if action.due else None
        session.add(row)


def set_action_status(
    db: Database, session_id: str, action_id: int, status: rules.ActionStatus
) -> None:
    with db.read() as session:
        row = _action(session, session_id, action_id)
    due = date.fromisoformat(row.due) if row.due else None
    update_action(db, session_id, action_id, row.title, row.owner, due, status)


def remove_action(db: Database, session_id: str, action_id: int) -> None:
    """Remove a draft's action; refused for one carried forward from a baseline, whose log
    sends its updates here (removed, no session would track it any more)."""
    with db.write(session_id, "action-removed", action=action_id) as (session, change):
        row = _action(session, session_id, action_id)
        if row.carried_from is not None:
            raise Refused(
                f"action {row.title!r} was carried forward from the baseline's "
                f"{row.carried_from}, whose progress is now recorded here; set its status to "
                "dropped instead of removing it"
            )
        change.detail["old"] = _described(row)
        session.delete(row)


def _described(row: ActionRow) -> dict[str, Any]:
    return {"title": row.title, "owner": row.owner, "due": row.due, "status": row.status}


def _action(session: Session, session_id: str, action_id: int) -> ActionRow:
    row = session.get(ActionRow, action_id)
    if row is None or row.session_id != session_id:
        raise NotFound(f"no action {action_id} in session {session_id}")
    return row
