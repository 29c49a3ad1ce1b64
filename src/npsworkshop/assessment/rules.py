"""The method's rules as pure functions: no I/O, no database, no clock.

The weakest-level rule (CONTRACT §2): an area's result is the LOWEST level anyone gave to any
dimension of it, never an average. Abstentions do not count; no ratings means no result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar

from npsworkshop.assessment.trend import Step, interim_problems
from npsworkshop.errors import Refused
from npsworkshop.framework.levels import LEVELS, LevelId, level_at, ordinal

_T = TypeVar("_T")

ActionStatus = Literal["open", "in-progress", "done", "dropped"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "in-progress", "done", "dropped")


@dataclass(frozen=True)
class Rating:
    """One participant's view of one dimension of an area; `level` None is an abstention."""

    participant: str
    level: LevelId | None
    dimension: str | None = None


@dataclass(frozen=True)
class AreaResult:
    """The rule's outcome for one area."""

    weakest_level: LevelId
    weakest_by: tuple[str, ...]
    weakest_dimensions: tuple[str | None, ...]
    rated: int
    abstained: int
    spread: dict[LevelId, int] = field(default_factory=dict)


def weakest_level(ratings: Iterable[Rating]) -> AreaResult | None:
    """Apply the weakest-level rule; None when nobody gave a level."""
    given = [r for r in ratings]
    levelled = [r for r in given if r.level is not None]
    abstained = len(given) - len(levelled)
    if not levelled:
        return None
    lowest = min(ordinal(r.level) for r in levelled if r.level is not None)
    weakest = level_at(lowest)
    by = _unique(r.participant for r in levelled if r.level == weakest)
    dims = _unique(r.dimension for r in levelled if r.level == weakest)
    spread: dict[LevelId, int] = {level: 0 for level in LEVELS}
    for r in levelled:
        if r.level is not None:
            spread[r.level] += 1
    return AreaResult(
        weakest_level=weakest,
        weakest_by=tuple(by),
        weakest_dimensions=tuple(dims),
        rated=len(levelled),
        abstained=abstained,
        spread={level: n for level, n in spread.items() if n},
    )


def _unique(items: Iterable[_T]) -> list[_T]:
    seen: list[_T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def current_level(result: AreaResult | None, agreed_level: LevelId | None) -> LevelId | None:
    """Where the council stands: the agreed (moderated) level if any, else the rule's result."""
    if agreed_level is not None:
        return agreed_level
    return result.weakest_level if result else None


def check_moderation(
    result: AreaResult | None, agreed_level: LevelId | None, reason: str | None
) -> None:
    """An agreed level needs a result to differ from and its own moderation reason."""
    if agreed_level is None:
        return
    if result is None:
        raise Refused("an agreed level needs at least one rating to moderate")
    if agreed_level == result.weakest_level:
        raise Refused(
            f"the agreed level is the rule's result ({agreed_level}); clear it instead of moderating"
        )
    if not (reason and reason.strip()):
        raise Refused(
            "an agreed level that differs from the rule's result needs a moderation reason"
        )


def check_not_before_session(when: date | None, held_on: date, what: str) -> None:
    """An ambition's or action's date entered or changed now must not be before the workshop
    (a carried action keeps its old due date until someone changes it)."""
    if when is not None and when < held_on:
        raise Refused(
            f"{what} ({when.isoformat()}) is before the session's date ({held_on.isoformat()}); "
            "choose a date on or after it"
        )


def check_sign_off_date(signed_on: date, held_on: date, today: date) -> None:
    """A sign-off is dated on or after the workshop and never after today: a record signed
    "next week" or before the session was held is refused, naming the date given."""
    check_not_before_session(signed_on, held_on, "the sign-off date")
    if signed_on > today:
        raise Refused(
            f"the sign-off date ({signed_on.isoformat()}) is in the future (today is "
            f"{today.isoformat()}); sign off on or before today"
        )


AmbitionKind = Literal["raise", "maintain"]


def check_ambition(current: LevelId | None, ambition: LevelId) -> AmbitionKind:
    """'maintain' when equal to the current level, 'raise' above it; below it is refused."""
    if current is None:
        return "raise"
    if ordinal(ambition) < ordinal(current):
        raise Refused(
            f"the ambition ({ambition}) is below the council's current level ({current}); "
            f"choose {current} to maintain it, or a higher level"
        )
    return "maintain" if ambition == current else "raise"


def suggested_ambition(current: LevelId | None) -> LevelId:
    """One level above the current level, capped at the top; `developing` with no result yet."""
    if current is None:
        return LEVELS[1]
    return level_at(min(ordinal(current) + 1, len(LEVELS)))


def gap(current: LevelId | None, ambition: LevelId | None) -> int | None:
    """How many levels the ambition is above the current level."""
    if current is None or ambition is None:
        return None
    return ordinal(ambition) - ordinal(current)


Missing = Literal[
    "ratings", "justification", "ambition", "ambition-below-level", "moderation", "interim"
]

# What each kind of gap asks for, in words (front ends and the PDF use these, never their own).
MISSING_WORDS: dict[Missing, str] = {
    "ratings": "ratings",
    "justification": "a justification",
    "ambition": "an ambition",
    "ambition-below-level": "an ambition at or above the current level",
    "moderation": "an agreed level that differs from the rule's result (or none)",
    "interim": "an interim step between the current level and the ambition, dated between the "
    "session and the ambition (setting the ambition again clears one that no longer fits)",
}


def missing_for_completeness(
    weakest: LevelId | None,
    justification: str | None,
    ambition: LevelId | None,
    agreed_level: LevelId | None = None,
    *,
    interim: Step | None = None,
    ambition_by: date | None = None,
    held_on: date | None = None,
) -> tuple[Missing, ...]:
    """What an area still needs: a result (`weakest`, the rule's level), a justification and an
    ambition; and, after its result changed, an ambition no longer below the current level, an
    agreed level that still differs from the result, and an `interim` step (of the ambition
    due `ambition_by`) that still lies between them: current <= interim <= ambition and
    held_on < interim.by < ambition_by (CONTRACT §9). The snapshot, the sessions list, import
    and sign-off all ask this one function, so every change is checked by the same rules."""
    missing: list[Missing] = []
    if weakest is None:
        missing.append("ratings")
    if not (justification and justification.strip()):
        missing.append("justification")
    if ambition is None:
        missing.append("ambition")
    if agreed_level is not None and (weakest is None or agreed_level == weakest):
        missing.append("moderation")
    current = agreed_level if agreed_level is not None else weakest
    if ambition is not None and current is not None and ordinal(ambition) < ordinal(current):
        missing.append("ambition-below-level")
    if (
        interim is not None
        and ambition is not None
        and interim_problems(current, interim, Step(ambition, ambition_by), held_on or date.min)
    ):
        missing.append("interim")
    return tuple(missing)


def justification_is_stale(
    justification: str | None, justified_for: LevelId | None, current: LevelId | None
) -> bool:
    """A justification written (or last confirmed) for another level than the current one: a
    warning, cleared by editing or confirming it; it never blocks sign-off. Unknown (None, as
    before migration 0002 or written before any rating) is never stale."""
    return bool(justification and justification.strip()) and (
        justified_for is not None and justified_for != current
    )


@dataclass(frozen=True)
class Progress:
    """Actions done and outstanding; dropped actions are shown but never outstanding."""

    done: int
    outstanding: int
    dropped: int

    @property
    def total(self) -> int:
        return self.done + self.outstanding + self.dropped

    @property
    def counted(self) -> int:
        return self.done + self.outstanding

    @property
    def percent_done(self) -> int | None:
        return completed_pct(self.done, self.counted)

    @property
    def percent_outstanding(self) -> int | None:
        done = self.percent_done
        return None if done is None else 100 - done


def completed_pct(completed: int, actions: int) -> int | None:
    """Round half up of 100 x completed / actions, in integers (no float ever rounds to even):
    the committee's whole per cents, the same in every output."""
    if actions == 0:
        return None
    return (200 * completed + actions) // (2 * actions)


def progress(statuses: Sequence[ActionStatus]) -> Progress:
    return Progress(
        done=sum(1 for s in statuses if s == "done"),
        outstanding=sum(1 for s in statuses if s in ("open", "in-progress")),
        dropped=sum(1 for s in statuses if s == "dropped"),
    )
