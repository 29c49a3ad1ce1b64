"""The improvement cycle's new facts (CONTRACT §5, §9): an ambition's interim step and a
follow-up's baseline, as read-model values and in the interchange shape.

Each is optional and left out of the document (and so out of what the fingerprint hashes) when
absent, so a session without them is a version-1 document with an unchanged fingerprint.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from npsworkshop.assessment.trend import BaselineArea, Step
from npsworkshop.framework.levels import LevelId


class _Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StepFact(_Fact):
    """A level and the date by which to reach it (an interim step; the baseline's ambition)."""

    level: LevelId
    by: date | None = None

    def step(self) -> Step:
        return Step(self.level, self.by)


class BaselineAreaFact(_Fact):
    """What the baseline said of an area: level (agreed where moderated), ambition, interim."""

    level: LevelId | None = None
    ambition: StepFact | None = None
    interim: StepFact | None = None

    def plain(self) -> BaselineArea:
        return BaselineArea(
            self.level,
            self.ambition.step() if self.ambition else None,
            self.interim.step() if self.interim else None,
        )


class BaselineFact(_Fact):
    """A follow-up's link to the signed session it reassesses, with that session's facts."""

    session: str
    fingerprint: str
    held_on: date
    areas: dict[str, BaselineAreaFact] = {}

    def plain(self) -> dict[str, BaselineArea]:
        return {area: fact.plain() for area, fact in self.areas.items()}


def step_document(step: StepFact | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {"level": step.level, "by": step.by.isoformat() if step.by else None}


def baseline_document(baseline: BaselineFact) -> dict[str, Any]:
    """The `baseline` block of a follow-up's interchange document."""
    return {
        "session": baseline.session,
        "fingerprint": baseline.fingerprint,
        "held_on": baseline.held_on.isoformat(),
        "areas": {
            area: {
                "level": fact.level,
                "ambition": step_document(fact.ambition),
                "interim": step_document(fact.interim),
            }
            for area, fact in baseline.areas.items()
        },
    }


def stored_step(level: str | None, by: str | None) -> StepFact | None:
    """An interim step as the database stores it (two nullable columns)."""
    if level is None:
        return None
    return StepFact.model_validate({"level": level, "by": by})


def stored_baseline(session: str, fingerprint: str, held_on: str, areas: str) -> BaselineFact:
    """A follow-up's baseline as the database stores it (its per-area facts as JSON)."""
    return BaselineFact.model_validate_json(
        f'{{"session": {json.dumps(session)}, "fingerprint": {json.dumps(fingerprint)}, '
        f'"held_on": {json.dumps(held_on)}, "areas": {areas}}}'
    )
