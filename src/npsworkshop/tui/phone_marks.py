"""Who has voted by phone on the area shown, for the ratings grid and the result (never how:
a phone vote is a rating only from the reveal). It follows what `tui/phones.py` exposes, the
running room's statuses, while the workshop screen is up and voting is on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.css.query import NoMatches

from npsworkshop.tui import phones

if TYPE_CHECKING:
    from npsworkshop.room.room import Room, RoomStatus
    from npsworkshop.tui.screens.area_changes import AreaChanges


class PhoneMarks:
    """The last room status the workshop screen saw, and the room it came from."""

    def __init__(self) -> None:
        self.status: RoomStatus | None = None
        self.room: Room | None = None
        self.shown: frozenset[str] = frozenset()
        """The keys the screen last drew as voted: it redraws only when they change."""

    def voted(self, screen: AreaChanges) -> frozenset[str]:
        """Keys of those whose phone ballot for the screen's area is in and not yet revealed."""
        running = phones.voting(screen)
        status = self.status
        if running is None or running.room is not self.room or status is None:
            return frozenset()
        if status.revealed or status.area_id != screen.current:
            return frozenset()
        return frozenset(status.voted)

    def follow(self, screen: AreaChanges) -> None:
        """Start following the room, once per room (voting may have started since last time)."""
        running = phones.voting(screen)
        if running is None or running.room is self.room:
            return
        self.room, self.status = running.room, None
        screen.run_worker(self._follow(screen, running.room), group="phone-marks", exclusive=True)

    async def _follow(self, screen: AreaChanges, room: Room) -> None:
        async for status in room.statuses():
            if room is not self.room:
                return
            self.status = status
            voted = self.voted(screen)
            if voted != self.shown and screen.current is not None and screen.snapshot is not None:
                if not screen.is_attached:
                    return  # the screen has closed (the app is quitting): nothing to draw
                try:
                    screen.show_area()
                except NoMatches:
                    return  # its widgets went first, as the app shut down under a late status
