"""What a phone shows of an area: its title and, per dimension, the five levels' descriptors.

Plain values built from the session's frozen pack, so the web layer never touches pydantic
models and the pack's text stays text (the pages escape it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from npsworkshop.framework.levels import LEVELS
from npsworkshop.room.ballot import NO_DIMENSION

if TYPE_CHECKING:
    from collections.abc import Callable

    from npsworkshop.assessment.snapshot import SessionSnapshot
    from npsworkshop.framework.models import Pack


@dataclass(frozen=True)
class LevelChoice:
    level: str  # a level id
    title: str  # "Mature"
    descriptor: str


@dataclass(frozen=True)
class BallotRow:
    """One row of the ballot: a dimension (or the area itself when it has none)."""

    dimension: str  # NO_DIMENSION for an area without dimensions
    title: str | None
    choices: tuple[LevelChoice, ...]


@dataclass(frozen=True)
class RoomArea:
    id: str
    title: str
    rows: tuple[BallotRow, ...]

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(row.dimension for row in self.rows)


@dataclass(frozen=True)
class Participant:
    """A name on the phones' list: the participant's key in the session and their name."""

    key: str
    name: str


def room_area(pack: Pack, area_id: str) -> RoomArea:
    """The ballot for one area of the pack (KeyError for an area the pack lacks)."""
    area = pack.area(area_id)

    def choices(descriptors: object) -> tuple[LevelChoice, ...]:
        return tuple(
            LevelChoice(level, pack.level_title(level), str(getattr(descriptors, level)))
            for level in LEVELS
        )

    if area.dimensions:
        rows = tuple(BallotRow(d.id, d.title, choices(d.levels)) for d in area.dimensions)
    else:
        rows = (BallotRow(NO_DIMENSION, None, choices(area.levels)),)
    return RoomArea(area.id, area.title, rows)


def ballots_of(pack: Pack) -> Callable[[str], RoomArea]:
    """`room_area` for one pack, each area built once (the lookup `room.Room` takes)."""
    built: dict[str, RoomArea] = {}

    def ballot(area_id: str) -> RoomArea:
        if area_id not in built:
            built[area_id] = room_area(pack, area_id)
        return built[area_id]

    return ballot


def participants_of(snapshot: SessionSnapshot) -> tuple[Participant, ...]:
    """The names on the phones' list, in the session's order."""
    return tuple(Participant(p.key, p.name) for p in snapshot.record.participants)
