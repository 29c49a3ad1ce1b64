"""The maturity scale shared by every pack: five levels, lowest first."""

from __future__ import annotations

from typing import Final, Literal, cast

LevelId = Literal["minimum", "developing", "mature", "leader", "innovator"]

LEVELS: Final[tuple[LevelId, ...]] = ("minimum", "developing", "mature", "leader", "innovator")
LEVEL_TITLES: Final[dict[str, str]] = {level: level.capitalize() for level in LEVELS}


def ordinal(level: str) -> int:
    """1 for `minimum` up to 5 for `innovator`; ValueError for anything else."""
    try:
        return LEVELS.index(cast(LevelId, level)) + 1
    except ValueError:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}") from None


def is_level(value: object) -> bool:
    return isinstance(value, str) and value in LEVELS


def level_at(ordinal_value: int) -> LevelId:
    """The level with this ordinal (1..5)."""
    if not 1 <= ordinal_value <= len(LEVELS):
        raise ValueError(f"no level has ordinal {ordinal_value}")
    return LEVELS[ordinal_value - 1]


def lowest(levels: list[str]) -> LevelId | None:
    """The lowest of `levels`, or None when there are none."""
    if not levels:
        return None
    return level_at(min(ordinal(level) for level in levels))


def as_level(value: str | None) -> LevelId | None:
    """A stored level id as a LevelId (None stays None); ValueError for anything else."""
    if value is None:
        return None
    if value not in LEVELS:
        raise ValueError(f"unknown level {value!r}")
    return LEVELS[LEVELS.index(value)]
