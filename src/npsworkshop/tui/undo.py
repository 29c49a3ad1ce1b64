"""Undo for ratings (ctrl+z): what each cell held before the facilitator's last keypresses."""

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

    def remember(self, before: RatingBefore) -> None:
        self._stack.append(before)
        del self._stack[:-DEPTH]

    def forget_last(self) -> None:
        """The change was not saved after all: nothing to undo for it."""
        if self._stack:
            self._stack.pop()

    def take(self) -> RatingBefore | None:
        return self._stack.pop() if self._stack else None

    def __bool__(self) -> bool:
        return bool(self._stack)
