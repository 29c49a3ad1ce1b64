"""Undo for ratings (ctrl+z): what each cell held before the facilitator's last keypresses.

Only ratings can be taken back. Once any other change is made (a justification, an action
removed), ctrl+z does nothing until the next rating, and says what the last change was: it
never reaches past that change to an older rating the facilitator has moved on from."""

from __future__ import annotations

from dataclasses import dataclass

from npsworkshop.framework.levels import LevelId

DEPTH = 50


@dataclass(frozen=True)
class RatingBefore:
    """One cell as it was before a change: `given` False means nobody had rated it."""

    area: str
    participant: str
    dimension: str | None
    given: bool
    level: LevelId | None
    row: int
    column: int


class RatingUndo:
    """The last ratings changed in this sitting, newest last."""

    def __init__(self) -> None:
        self._stack: list[RatingBefore] = []
        self.last_other_change: str | None = None
        """What the last change was when it was not a rating ("the action “X” removed")."""

    def remember(self, before: RatingBefore) -> None:
        self._stack.append(before)
        del self._stack[:-DEPTH]
        self.last_other_change = None

    def other_change(self, what: str) -> None:
        """A change ctrl+z cannot take back was made: the ratings before it stay as they are."""
        self._stack.clear()
        self.last_other_change = what

    def drop(self, participants: set[str]) -> int:
        """Forget every change to these participants (they were removed): undo must never write
        a rating for someone who is no longer there, nor for a newcomer given their key."""
        kept = [b for b in self._stack if b.participant not in participants]
        dropped = len(self._stack) - len(kept)
        self._stack = kept
        return dropped

    def drop_areas(self, areas: set[str]) -> int:
        """Forget every change in these areas (they left the scope): an area added back starts
        empty, so undo must never bring back a rating it had."""
        kept = [b for b in self._stack if b.area not in areas]
        dropped = len(self._stack) - len(kept)
        self._stack = kept
        return dropped

    def take(self) -> RatingBefore | None:
        return self._stack.pop() if self._stack else None

    def __bool__(self) -> bool:
        return bool(self._stack)
