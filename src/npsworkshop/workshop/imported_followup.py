"""An imported follow-up (how a follow-up moves between machines, CONTRACT §9).

Its `baseline` block is checked for structure like any other part of the file. Where the
baseline itself is in this workspace (signed with the block's fingerprint), the block's facts
must be that session's facts, or nothing is imported: a made-up baseline level is never believed
when the real one is here to check against. Only then are its carried actions marked "carried
forward" in the baseline's append-only log, as `followup` marks them: each action outstanding
there, at most once, and never one already carried elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from npsworkshop.assessment.baseline import BaselineAreaFact, BaselineFact
from npsworkshop.assessment.progress import OUTSTANDING, ProgressEntry, action_as_of
from npsworkshop.assessment.snapshot import build_snapshot
from npsworkshop.errors import InputError
from npsworkshop.framework.models import Pack
from npsworkshop.workshop import followup, progress_log, reading
from npsworkshop.workshop.transactions import Database

if TYPE_CHECKING:
    from npsworkshop.workshop import inputs

# Who the baseline's log says carried the actions: the import, not the file's own facilitator.
IMPORTED_BY = "npsworkshop import"
_CARRIED_HERE = (
    "SELECT ref, carried_to FROM progress_entry WHERE session_id = ? AND carried_to IS NOT NULL"
)


def structure_problems(spec: inputs.SessionImport, pack: Pack) -> list[str]:
    """Beyond the block's own structure (`importing.baseline_problems`: id, fingerprint, date,
    areas): its ambitions' and interim steps' dates, and no `carried_from` ref twice in the
    file; each naming its JSON path. [] for a session that is no follow-up."""
    baseline = spec.baseline
    if baseline is None:
        return []
    problems: list[str] = []
    for area_id, fact in baseline.areas.items():
        if area_id in pack.area_ids():
            problems += _step_problems(f"baseline.areas.{area_id}", fact, baseline)
    first: dict[str, str] = {}
    for area_id, area in spec.areas.items():
        for index, action in enumerate(area.actions):
            ref, at = action.carried_from, f"areas.{area_id}.actions[{index}].carried_from"
            if ref is None:
                continue
            if ref in first:
                problems.append(f"{at}: {ref} is carried forward twice (also at {first[ref]})")
            first.setdefault(ref, at)
    return problems


def _step_problems(where: str, fact: BaselineAreaFact, baseline: BaselineFact) -> list[str]:
    problems = [
        f"{where}.{name}.by: {step.by.isoformat()} is not after the baseline's held_on "
        f"({baseline.held_on.isoformat()})"
        for name, step in (("ambition", fact.ambition), ("interim", fact.interim))
        if step is not None and step.by is not None and step.by <= baseline.held_on
    ]
    ambition_by = fact.ambition.by if fact.ambition else None
    interim_by = fact.interim.by if fact.interim else None
    if ambition_by and interim_by and interim_by > ambition_by:
        problems.append(
            f"{where}.interim.by: {interim_by.isoformat()} is after the ambition's "
            f"({ambition_by.isoformat()})"
        )
    return problems


def link(
    db: Database,
    session: Session,
    session_id: str,
    spec: inputs.SessionImport,
    actions: Sequence[Mapping[str, Any]],
    source: str,
) -> None:
    """Store the follow-up's baseline block; where the baseline is in this workspace, refuse
    the file unless the block's facts are the baseline's, then mark what it carried."""
    baseline = spec.baseline
    assert baseline is not None
    followup.link(session, session_id, baseline)
    local = followup.local_baseline(db, session, baseline)
    if local is None:
        return
    record, pack = reading.recorded_and_pack(db, session, local)
    differences = _differences(baseline, followup.baseline_facts(build_snapshot(record, pack)))
    if differences:
        raise InputError(
            source,
            [
                f"{field}: {given} in the file, but session {local} here, signed with this "
                f"fingerprint, has {kept}"
                for field, given, kept in differences
            ]
            + [
                "baseline: a follow-up's baseline facts must be those of its baseline; "
                "nothing was imported"
            ],
        )
    plan = progress_log.plan_in(db, session, local, (record, pack))
    known = {action.ref: action for action in plan.actions}
    today = date.today()
    entries = []
    for values in actions:
        action = known.get(str(values.get("carried_from")))
        if action is None or action.area != values["area_id"] or plan.carried_to(action.ref):
            continue
        status = action_as_of(action, today).status
        if status in OUTSTANDING:
            entries.append(
                ProgressEntry(action.ref, today, status, status, IMPORTED_BY, carried_to=session_id)
            )
    progress_log.append(session, plan, entries)


def _differences(given: BaselineFact, kept: BaselineFact) -> list[tuple[str, str, str]]:
    """(field, the file's value, this workspace's) for each fact that differs."""
    if given.held_on != kept.held_on:
        return [("baseline.held_on", given.held_on.isoformat(), kept.held_on.isoformat())]
    found: list[tuple[str, str, str]] = []
    for area_id in sorted(set(given.areas) | set(kept.areas)):
        theirs, ours = given.areas.get(area_id), kept.areas.get(area_id)
        where = f"baseline.areas.{area_id}"
        if theirs is None or ours is None:
            found.append((where, "present" if theirs else "missing", "present" if ours else "none"))
            continue
        for name in ("level", "ambition", "interim"):
            mine, other = getattr(theirs, name), getattr(ours, name)
            if mine != other:
                found.append((f"{where}.{name}", _fact(mine), _fact(other)))
    return found


def _fact(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, str):
        return repr(value)
    by = f" by {value.by.isoformat()}" if value.by else ""
    return f"{value.level!r}{by}"


@dataclass(frozen=True)
class Unmarked:
    """A follow-up's carried actions its baseline here does not record as carried to it."""

    baseline: str
    refs: tuple[str, ...]


def unmarked(db: Database, session_id: str) -> Unmarked | None:
    """For `import` to say so: the refs this follow-up carries that its baseline (when in this
    workspace) does not say were carried forward to it (done there, carried elsewhere)."""
    with db.read() as session:
        record = reading.recorded_and_pack(db, session, session_id)[0]
        if record.baseline is None:
            return None
        local = followup.local_baseline(db, session, record.baseline)
        if local is None:
            return None
        rows = session.connection().exec_driver_sql(_CARRIED_HERE, (local,)).all()
    marked = {str(ref) for ref, to in rows if to == session_id}
    refs = [a.carried_from for a in record.actions if a.carried_from]
    return Unmarked(local, tuple(ref for ref in refs if ref not in marked))
