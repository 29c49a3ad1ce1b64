"""One area as it is on screen now: what was recorded, and what the room may see of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from npsworkshop.tui.wording import participant_label

if TYPE_CHECKING:
    from npsworkshop.assessment.progress import ActionAsOf
    from npsworkshop.assessment.snapshot import AreaView, ParticipantFact, SessionSnapshot
    from npsworkshop.framework.models import Area


def is_revealed(snapshot: SessionSnapshot, area: AreaView, revealed: set[str]) -> bool:
    """May the room see this area's ratings and level? Not until the reveal, unless the record
    is signed off or the area already has its justification (written after a reveal)."""
    return snapshot.signed_off or area.id in revealed or bool(area.justification)


@dataclass(frozen=True)
class AreaShown:
    snapshot: SessionSnapshot
    area: AreaView
    definition: Area
    revealed: bool
    """Ratings and the result are visible (hidden mode keeps them back until the reveal)."""
    projector: bool
    """No participant names and no notes on screen."""
    read_only: bool
    """Signed off, or being edited in another window."""
    progress: Mapping[int, ActionAsOf] | None = None
    """A signed plan's actions as of today, by action id: they take progress updates."""
    phone_voted: frozenset[str] = frozenset()
    """Participants whose phone vote on this area is in, not yet revealed (never the level)."""
    letters: Mapping[str, str] = field(default_factory=dict)
    """Each participant's letter while projected, by key, in letter order (wording)."""

    def people(self) -> list[ParticipantFact]:
        """The participants in the order the screen lists them: the record's, or while
        projected the letters' (the record's order is the order the room saw them typed in)."""
        people = list(self.snapshot.record.participants)
        if self.projector:
            order = {key: index for index, key in enumerate(self.letters)}
            people.sort(key=lambda person: order.get(person.key, len(order)))
        return people

    def label(self, person: ParticipantFact) -> str:
        return participant_label(
            person, self.letters.get(person.key, "?"), projector=self.projector
        )
