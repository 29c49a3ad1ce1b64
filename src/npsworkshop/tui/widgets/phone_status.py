"""The workshop screen's phone line while phones vote: "Phones: n of m voted (P: panel)", the
newest alert in the error colour, and who has not voted (not in projector mode). Names are
people's text: shown through `literal`, never as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from npsworkshop.tui import phones
from npsworkshop.tui.context import projector_on
from npsworkshop.tui.literal import literal

if TYPE_CHECKING:
    from npsworkshop.room.ballot import Alert
    from npsworkshop.room.room import RoomStatus


class PhoneStatusLine(Static):
    """One line on the workshop screen while phones vote; stops voting when the screen goes."""

    DEFAULT_CSS = """
    PhoneStatusLine { height: 1; padding: 0 1; background: $boost; }
    PhoneStatusLine.alert { color: $error; text-style: bold; }
    """

    status: RoomStatus | None = None
    told: Alert | None = None  # the newest alert already shown as a notification

    def on_mount(self) -> None:
        self.watch(self.app, "projector", lambda _on: self._show(), init=False)
        self.run_worker(self._follow(), group="phones-status")

    async def _follow(self) -> None:
        running = phones.voting(self)
        if running is None:
            return
        async for status in running.room.statuses():
            self.status = status
            self._show()
            if status.alerts and status.alerts[0] != self.told:
                self.told = status.alerts[0]
                self.notify(
                    status.alerts[0].text,
                    title="Phone voting",
                    severity="error",
                    timeout=15,
                    markup=False,
                )

    def _show(self) -> None:
        """The count and the key first: with many names, the names are what a narrow line cuts."""
        status = self.status
        if status is None:
            return
        line = f"Phones: {status.summary}{'; revealed' if status.revealed else ''}  (P: panel)"
        self.set_class(bool(status.alerts), "alert")
        if status.alerts:  # until voting stops, in the error colour: the newest, after the key
            line += f"  {status.alerts[0].text}"
        if status.waiting and not status.revealed and not projector_on(self):
            line += "  Waiting: " + ", ".join(status.names(status.waiting))
        self.update(literal(line))

    async def on_unmount(self) -> None:
        await phones.stop(self)
