"""Outcome commands: an area's justification, agreed level (moderation) and ambition."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from npsworkshop.assessment import rules
from npsworkshop.assessment.trend import Step, interim_problems
from npsworkshop.errors import Refused
from npsworkshop.framework.levels import LevelId, as_level
from npsworkshop.store.tables import OutcomeRow
from npsworkshop.workshop import inputs, reading
from npsworkshop.workshop.inputs import validate
from npsworkshop.workshop.transactions import Database


def _outcome(db: Database, session: Session, session_id: str, area_id: str) -> OutcomeRow:
    reading.area(db, session, session_id, area_id)
    row = session.get(OutcomeRow, (session_id, area_id))
    return row if row is not None else OutcomeRow(session_id=session_id, area_id=area_id)


def justify(db: Database, session_id: str, area_id: str, justification: str) -> None:
    """The evidence for why the council sits at the area's level (empty clears it)."""
    text = _checked_justification(justification)
    with db.write(session_id, "justified", area_id, new=text) as (session, change):
        row = _outcome(db, session, session_id, area_id)
        change.detail["old"] = row.justification
        _write_justification(session, session_id, row, text)
        session.add(row)


def justify_at_level(
    db: Database,
    session_id: str,
    area_id: str,
    justification: str,
    agreed_level: LevelId | None,
    reason: str | None,
) -> None:
    """The justification and the agreed level (None: the rule's result) saved as one change, as
    the app's justification form does: the text is written for the level this change sets, so
    it is never flagged as written for an earlier result. The agreed level is only checked and
    recorded when it or its reason changes."""
    text = _checked_justification(justification)
    checked = _checked_moderation(agreed_level, reason)
    with db.write(session_id, "justified", area_id, new=text) as (session, change):
        row = _outcome(db, session, session_id, area_id)
        change.detail["old"] = row.justification
        agreed = checked.agreed_level
        wanted = (agreed, (checked.moderation_reason or None) if agreed else None)
        if wanted != (row.agreed_level, row.moderation_reason):
            change.detail["moderation"] = _moderate_row(session, session_id, row, checked)
        _write_justification(session, session_id, row, text)
        session.add(row)


def _checked_justification(justification: str) -> str | None:
    checked: inputs.ImportedArea = validate(
        inputs.ImportedArea, "justification", justification=justification
    )
    return checked.justification


def _write_justification(
    session: Session, session_id: str, row: OutcomeRow, text: str | None
) -> None:
    """The text, stamped with the level it is written for (the area's current level)."""
    row.justification = text or None
    row.justified_for = _current(session, session_id, row) if text else None


def confirm_justification(db: Database, session_id: str, area_id: str) -> None:
    """The justification still stands for the area's current result: clears the warning that
    it was written for an earlier one."""
    with db.write(session_id, "justification-confirmed", area_id) as (session, change):
        row = _outcome(db, session, session_id, area_id)
        if not (row.justification or "").strip():
            raise Refused("there is no justification to confirm; write one")
        change.detail["old"] = row.justified_for
        row.justified_for = _current(session, session_id, row)
        change.detail["new"] = row.justified_for
        session.add(row)


def _current(session: Session, session_id: str, row: OutcomeRow) -> LevelId | None:
    """The area's current level: the agreed level, else the rule's result."""
    result = reading.area_result(session, session_id, row.area_id)
    return rules.current_level(result, as_level(row.agreed_level))


def moderate(
    db: Database, session_id: str, area_id: str, agreed_level: LevelId | None, reason: str | None
) -> None:
    """Record an agreed level that differs from the rule's result, with its reason; None clears."""
    checked = _checked_moderation(agreed_level, reason)
    with db.write(
        session_id, "moderated", area_id, new={"level": agreed_level, "reason": reason}
    ) as (session, change):
        row = _outcome(db, session, session_id, area_id)
        change.detail["old"] = _moderate_row(session, session_id, row, checked)
        session.add(row)


def _checked_moderation(agreed_level: LevelId | None, reason: str | None) -> inputs.ImportedArea:
    checked: inputs.ImportedArea = validate(
        inputs.ImportedArea, "moderation", agreed_level=agreed_level, moderation_reason=reason
    )
    return checked


def _moderate_row(
    session: Session, session_id: str, row: OutcomeRow, checked: inputs.ImportedArea
) -> dict[str, str | None]:
    """Set the row's agreed level and reason, refused where the rules say no (no result to
    differ from, no reason, an ambition left below it); what the row held before."""
    result = reading.area_result(session, session_id, row.area_id)
    rules.check_moderation(result, checked.agreed_level, checked.moderation_reason)
    old = {"level": row.agreed_level, "reason": row.moderation_reason}
    row.agreed_level = checked.agreed_level
    row.moderation_reason = (checked.moderation_reason or None) if checked.agreed_level else None
    if row.ambition_level is not None:
        rules.check_ambition(
            rules.current_level(result, as_level(row.agreed_level)),
            as_level(row.ambition_level) or "minimum",
        )
    return old


def set_ambition(
    db: Database,
    session_id: str,
    area_id: str,
    level: LevelId,
    by: date | None,
    rationale: str | None,
) -> rules.AmbitionKind:
    """Where the council wants to be, and by when; refused below the current level. An interim
    step that no longer lies between the current level and the new ambition is cleared (the
    event keeps it): setting the ambition again is how the app and the review mend it."""
    checked: inputs.AmbitionInput = validate(
        inputs.AmbitionInput, "ambition", level=level, by=by, rationale=rationale
    )
    with db.write(
        session_id, "ambition", area_id, new={"level": level, "by": by, "rationale": rationale}
    ) as (session, change):
        held_on = reading.held_on(session, session_id)
        rules.check_not_before_session(checked.by, held_on, "the ambition's date")
        result = reading.area_result(session, session_id, area_id)
        row = _outcome(db, session, session_id, area_id)
        current = rules.current_level(result, as_level(row.agreed_level))
        kind = rules.check_ambition(current, checked.level)
        change.detail["old"] = {"level": row.ambition_level, "by": row.ambition_by}
        row.ambition_level = checked.level
        row.ambition_by = checked.by.isoformat() if checked.by else None
        row.ambition_rationale = checked.rationale or None
        if _interim_misplaced(row, current, held_on):
            change.detail["cleared_interim"] = {"level": row.interim_level, "by": row.interim_by}
            row.interim_level = row.interim_by = None
        session.add(row)
    return kind


def _interim_misplaced(row: OutcomeRow, current: LevelId | None, held_on: date) -> bool:
    """Whether the row's interim step no longer lies between now and its (new) ambition."""
    if row.interim_level is None or row.ambition_level is None:
        return False
    return bool(
        interim_problems(
            current,
            Step(as_level(row.interim_level) or "minimum", _day(row.interim_by)),
            Step(as_level(row.ambition_level) or "minimum", _day(row.ambition_by)),
            held_on,
        )
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
