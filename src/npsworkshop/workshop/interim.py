"""An ambition's interim step (CONTRACT §5, §9): a level and a date on the way to the ambition,
as councils set "target 2020-21" before "target 2022-24"."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypedDict

from npsworkshop.assessment import rules
from npsworkshop.assessment.baseline import StepFact, stored_step
from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.assessment.trend import Step, check_interim, interim_problems
from npsworkshop.errors import InputError, Refused
from npsworkshop.framework.levels import LEVELS, LevelId, as_level, is_level
from npsworkshop.workshop import reading
from npsworkshop.workshop.transactions import Database

if TYPE_CHECKING:
    from npsworkshop.store.tables import OutcomeRow
    from npsworkshop.workshop import inputs

_OUTCOME = (
    "SELECT o.agreed_level, o.ambition_level, o.ambition_by, s.held_on FROM area_outcome AS o "
    "JOIN workshop_session AS s ON s.id = o.session_id WHERE o.session_id = ? AND o.area_id = ?"
)
_SET = (
    "UPDATE area_outcome SET interim_level = ?, interim_by = ? WHERE session_id = ? AND area_id = ?"
)


def set_interim(
    db: Database, session_id: str, area_id: str, level: LevelId | None, by: date | None
) -> None:
    """Set (or with `level` None clear) the interim step of an area's ambition: between the
    current level and the ambition, dated after the workshop and before the ambition."""
    if level is not None and not is_level(level):
        raise InputError(
            "interim", [f"level: unknown level {level!r}; expected one of {', '.join(LEVELS)}"]
        )
    new = None if level is None else {"level": level, "by": by.isoformat() if by else None}
    with db.write(session_id, "interim", area_id, new=new) as (session, _change):
        reading.area(db, session, session_id, area_id)
        connection = session.connection()
        found = connection.exec_driver_sql(_OUTCOME, (session_id, area_id)).first()
        if level is not None:
            if found is None or found.ambition_level is None:
                raise Refused(f"area {area_id} has no ambition yet; set the ambition first")
            current = rules.current_level(
                reading.area_result(session, session_id, area_id), as_level(found.agreed_level)
            )
            ambition = Step(
                as_level(found.ambition_level) or "minimum",
                date.fromisoformat(found.ambition_by) if found.ambition_by else None,
            )
            check_interim(current, Step(level, by), ambition, date.fromisoformat(found.held_on))
        if found is not None:
            connection.exec_driver_sql(
                _SET, (level, by.isoformat() if by and level else None, session_id, area_id)
            )


class RuleInputs(TypedDict):
    interim: Step | None
    ambition_by: date | None
    held_on: date | None


def rule_inputs(outcome: OutcomeRow, held_on: date | None) -> RuleInputs:
    """An outcome row's interim step, ambition date and session date, as
    `rules.missing_for_completeness` takes them (ValueError for a value that cannot be read)."""
    step = stored_step(outcome.interim_level, outcome.interim_by)
    return {
        "interim": step.step() if step else None,
        "ambition_by": date.fromisoformat(outcome.ambition_by) if outcome.ambition_by else None,
        "held_on": held_on,
    }


def columns(step: StepFact | None) -> dict[str, str | None]:
    """The `area_outcome` columns of an interim step."""
    if step is None:
        return {"interim_level": None, "interim_by": None}
    return {"interim_level": step.level, "interim_by": step.by.isoformat() if step.by else None}


def import_problems(spec: inputs.SessionImport) -> list[str]:
    """Interim steps of a draft document that do not lie between now and the ambition."""
    problems: list[str] = []
    for area_id, area in spec.areas.items():
        ambition = area.ambition
        if ambition is None or ambition.interim is None:
            continue
        result = rules.weakest_level(
            rules.Rating(r.participant, r.level, r.dimension) for r in area.ratings
        )
        current = rules.current_level(result, area.agreed_level)
        problems += [
            f"areas.{area_id}.ambition.{problem}"
            for problem in interim_problems(
                current,
                ambition.interim.step(),
                Step(ambition.level, ambition.by),
                spec.session.held_on,
            )
        ]
    return problems


def snapshot_problems(snapshot: SessionSnapshot) -> list[str]:
    """Interim steps the session's current results no longer allow (a rating or moderation
    moved the level above one, or the ambition moved): for the checks made on every change
    and at sign-off."""
    problems: list[str] = []
    for area in snapshot.areas:
        ambition = area.ambition
        if ambition is None or ambition.interim is None:
            continue
        problems += [
            f"{area.id}: {problem}"
            for problem in interim_problems(
                area.current_level,
                ambition.interim.step(),
                Step(ambition.level, ambition.by),
                snapshot.record.held_on,
            )
        ]
    return problems
