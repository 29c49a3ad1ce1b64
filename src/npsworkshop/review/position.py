"""Where a review stopped, worked out from the stored session alone.

The review asks, area by area in assessment order: the levels, the evidence, the ambition and
its date, then actions. An area's questions are answered when the snapshot holds them; the
actions step has no trace of its own, so the review records the area it is in (the session's
`last_area`) and moves it on when the actions are done.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot

Step = Literal["ratings", "justification", "ambition", "actions"]

STEP_WORDS: dict[Step, str] = {
    "ratings": "the levels",
    "justification": "the evidence",
    "ambition": "the ambition",
    "actions": "the actions",
}


@dataclass(frozen=True)
class Position:
    """The next question: an area and its step, or the summary when `area` is None."""

    area: str | None
    step: Step | None = None


SUMMARY = Position(None)


def rating_rows(snap: SessionSnapshot, area_id: str) -> list[tuple[str | None, str]]:
    """Every (dimension, participant) an area asks about, dimension by dimension."""
    definition = snap.pack.area(area_id)
    dimensions: list[str | None] = [d.id for d in definition.dimensions] or [None]
    people = [p.key for p in snap.record.participants]
    return [(dim, person) for dim in dimensions for person in people]


def unanswered_rows(snap: SessionSnapshot, area_id: str) -> list[tuple[str | None, str]]:
    """The rows nobody has answered yet (a level or "don't know" both count as an answer)."""
    area = snap.area(area_id)
    given = {(r.dimension, r.participant) for r in area.ratings}
    return [row for row in rating_rows(snap, area_id) if row not in given]


def needs_ratings(snap: SessionSnapshot, area: AreaView) -> bool:
    """Unanswered rows, or every row answered "don't know" so there is no result to build on."""
    return bool(unanswered_rows(snap, area.id)) or area.result is None


# What the ambition question settles: no ambition, one now below the current level, or an
# interim step that no longer fits (setting the ambition again clears it).
AMBITION_ANSWERS = frozenset({"ambition", "ambition-below-level", "interim"})


def first_step(snap: SessionSnapshot, area: AreaView) -> Step | None:
    """The first unanswered step of an area; None when it is complete. Every reason an area
    can be incomplete maps to a step that answers it, so "what is still missing" never loops."""
    if needs_ratings(snap, area):
        return "ratings"
    if "justification" in area.missing or "moderation" in area.missing:
        return "justification"  # the result and its evidence
    if AMBITION_ANSWERS.intersection(area.missing):
        return "ambition"
    return None


def resume_position(snap: SessionSnapshot) -> Position:
    """The first unanswered question of the review."""
    ids = [a.id for a in snap.areas]
    first = next((i for i, a in enumerate(snap.areas) if first_step(snap, a)), len(ids))
    last = snap.record.last_area
    if last in ids and ids.index(last) == first - 1:
        # Stopped in the actions of the area before the first unanswered one.
        return Position(last, "actions")
    if first == len(ids):
        return SUMMARY
    area = snap.areas[first]
    return Position(area.id, first_step(snap, area))


def describe_position(snap: SessionSnapshot, position: Position) -> str:
    """The position in words: 'Talent, the evidence'."""
    if position.area is None or position.step is None:
        return "the summary and sign-off"
    return f"{snap.area(position.area).title}, {STEP_WORDS[position.step]}"
