"""Trend between a baseline and a reassessment, and the interim-step rule (CONTRACT §5, §9).

Pure functions on plain values: a follow-up keeps its baseline's facts (level, ambition, interim
step per area), so its trend is recomputed from its own document in any workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from npsworkshop.errors import Refused
from npsworkshop.framework.levels import LevelId, ordinal


@dataclass(frozen=True)
class Step:
    """A level and the date it is to be reached by (an ambition or its interim step)."""

    level: LevelId
    by: date | None = None


@dataclass(frozen=True)
class BaselineArea:
    """What the baseline said of one area: its level (agreed where moderated, else the weakest),
    its ambition and the ambition's interim step."""

    level: LevelId | None
    ambition: Step | None = None
    interim: Step | None = None


@dataclass(frozen=True)
class AreaTrend:
    """One row of `compare` (the CSV columns)."""

    area_id: str
    baseline_level: LevelId | None
    level: LevelId | None
    change: int | None
    baseline_ambition: LevelId | None
    ambition_reached: bool | None
    interim_reached: bool | None


def _reached(current: LevelId | None, target: Step | None) -> bool | None:
    if current is None or target is None:
        return None
    return ordinal(current) >= ordinal(target.level)


def area_trend(area_id: str, baseline: BaselineArea | None, current: LevelId | None) -> AreaTrend:
    """change = current ordinal minus baseline's (null where either has no level); *_reached is
    whether the current level is at or above the baseline's ambition / interim step (null when
    the current level is null or there was no such target)."""
    base = baseline or BaselineArea(level=None)
    return AreaTrend(
        area_id=area_id,
        baseline_level=base.level,
        level=current,
        change=None
        if base.level is None or current is None
        else ordinal(current) - ordinal(base.level),
        baseline_ambition=base.ambition.level if base.ambition else None,
        ambition_reached=_reached(current, base.ambition),
        interim_reached=_reached(current, base.interim),
    )


def compare(
    area_order: Sequence[str],
    baseline: dict[str, BaselineArea],
    current: dict[str, LevelId | None],
) -> tuple[AreaTrend, ...]:
    """The trend of every area either side assessed, in the pack's order."""
    return tuple(
        area_trend(area_id, baseline.get(area_id), current.get(area_id))
        for area_id in area_order
        if area_id in baseline or area_id in current
    )


def interim_problems(
    current: LevelId | None, interim: Step, ambition: Step, held_on: date
) -> list[str]:
    """Why an interim step does not lie between now and the ambition (empty when it does):
    current <= interim <= ambition (ordinals) and held_on < interim.by < ambition.by."""
    problems: list[str] = []
    if current is not None and ordinal(interim.level) < ordinal(current):
        problems.append(
            f"interim.level: {interim.level} is below the council's current level ({current})"
        )
    if ordinal(interim.level) > ordinal(ambition.level):
        problems.append(f"interim.level: {interim.level} is above the ambition ({ambition.level})")
    if interim.by is None:
        problems.append("interim.by: an interim step needs a date")
        return problems
    if interim.by <= held_on:
        problems.append(
            f"interim.by: {interim.by.isoformat()} is not after the session ({held_on.isoformat()})"
        )
    if ambition.by is not None and interim.by >= ambition.by:
        problems.append(
            f"interim.by: {interim.by.isoformat()} is not before the ambition's date "
            f"({ambition.by.isoformat()})"
        )
    return problems


def check_interim(current: LevelId | None, interim: Step, ambition: Step, held_on: date) -> None:
    """Refuse an interim step that does not lie between now and the ambition."""
    problems = interim_problems(current, interim, ambition, held_on)
    if problems:
        raise Refused("; ".join(problems))
