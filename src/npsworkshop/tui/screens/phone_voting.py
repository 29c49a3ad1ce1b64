"""The phone voting panel (P): choose the interface and a PIN, start; then the join address as
text and as a QR code (black on white, for a projector), the self-check, "n of m voted", who has
not voted (not in projector mode), bound phones (x releases one), refused attempts, and stop.
`PhoneStatusLine` (widgets/phone_status.py) keeps "n of m voted" on the workshop screen while the panel is closed.

Names are people's text: they reach widgets through `literal`, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, OptionList, Static
from textual.widgets.option_list import Option

from npsworkshop.tui import phones
from npsworkshop.tui.context import projector_on, recorder_of
from npsworkshop.tui.literal import literal
from npsworkshop.tui.widgets.key_footer import KeyFooter
from npsworkshop.tui.widgets.phone_status import PhoneStatusLine

if TYPE_CHECKING:
    from pathlib import Path

    from npsworkshop.room.network import Interface
    from npsworkshop.room.room import RoomStatus
    from npsworkshop.room.server import JoinInfo
    from npsworkshop.tui.screens.area_changes import AreaChanges


def waiting_line(status: RoomStatus, projector: bool) -> str:
    """ "3 of 9 voted; waiting: Ali Jones, Sam Patel" (no names in projector mode)."""
    line = status.summary
    if status.revealed:
        return f"{line}; revealed"
    if status.waiting and not projector:
        line += "; waiting: " + ", ".join(status.names(status.waiting))
    return line


def clock_time(at: str) -> str:
    """ "14:05:09" on this laptop's clock for a stored UTC time (in summer the room is on BST)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(at).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return at


class PinCheckbox(Checkbox):
    """ "Ask for a room PIN", its state said in words, a tick and bold, not by a colour alone
    (Textual's box shows the same X on and off, told apart only by its colour)."""

    DEFAULT_CSS = """
    PinCheckbox.-on > .toggle--label, PinCheckbox.-on > .toggle--button { text-style: bold; }
    PinCheckbox.-on:blur > .toggle--label { color: $text-success; }
    """
    LABELS: ClassVar[dict[bool, str]] = {
        False: "Room PIN: OFF  (anyone on this network can join; space asks for one)",
        True: "Room PIN: ON  (phones must type the PIN shown here; space turns it off)",
    }

    def __init__(self, *, id: str) -> None:
        super().__init__(self.LABELS[False], value=False, id=id)
        self.BUTTON_INNER = " "

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = "✓" if self.value else " "
        self.label = self.LABELS[self.value]


class PhoneVotingScreen(ModalScreen[None]):
    """Start, watch and stop phone voting for the workshop screen's session."""

    DEFAULT_CSS = """
    PhoneVotingScreen .dialog { width: 98; }
    PhoneVotingScreen #qr { width: auto; height: auto; color: black; background: white; }
    PhoneVotingScreen #setup, PhoneVotingScreen #running { height: auto; }
    PhoneVotingScreen #join { width: 1fr; height: auto; padding: 0 0 0 2; }
    PhoneVotingScreen #interfaces, PhoneVotingScreen #bound { height: auto; max-height: 6; }
    PhoneVotingScreen .advice { color: $text-muted; }
    PhoneVotingScreen #verdict.bad { color: $error; text-style: bold; }
    PhoneVotingScreen #url { text-style: bold; }
    PhoneVotingScreen #alerts { color: $error; text-style: bold; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="phones.close", tooltip="Voting stays on"),
        Binding("v", "reveal", "Reveal votes", id="phones.reveal", tooltip="Write them as ratings"),
        Binding("x", "release", "Release phone", id="phones.release"),
        Binding("n", "revote", "Re-vote", id="phones.revote", tooltip="A new, empty round"),
        Binding("c", "new_pin", "New PIN", id="phones.new_pin", tooltip="Bound phones stay"),
    ]

    def __init__(self, workshop_screen: AreaChanges) -> None:
        super().__init__()
        self.workshop_screen = workshop_screen
        self.choices: list[Interface] = []
        self.status: RoomStatus | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Phone voting", classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                with Vertical(id="setup"):
                    yield Static(
                        "Choose the network the phones share (the room's Wi-Fi, or this "
                        "laptop's hotspot):",
                        classes="dialog-intro",
                    )
                    yield OptionList(id="interfaces")
                    yield PinCheckbox(id="pin")
                with Horizontal(id="running"):
                    yield Static("", id="qr", markup=False)
                    with Vertical(id="join"):
                        yield Static("", id="url", markup=False)
                        yield Static("", id="verdict", markup=False)
                        yield Static("", id="findings", classes="advice", markup=False)
                        yield Static("", id="alerts", markup=False)
                        yield Static("", id="status", markup=False)
                        yield Static("Bound phones (x releases the chosen one):")
                        yield OptionList(id="bound")
                        yield Static("", id="refusals", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start", id="start", variant="primary", compact=True)
                yield Button("Stop phone voting", id="stop", variant="error", compact=True)
                yield Button("Close (esc)", id="close", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "projector", self._projector_changed, init=False)
        running = phones.voting(self)
        if running is not None and running.join is not None:
            self._show_running(running.join)
        else:
            self._show_setup()

    # Before voting -----------------------------------------------------------------------------

    def _show_setup(self) -> None:
        self.query_one("#running").display = False
        self.query_one("#stop").display = False
        self.query_one("#setup").display = True
        self.query_one("#start").display = True
        self.run_worker(self._list_interfaces(), group="phones-panel")

    def _settings_folder(self) -> Path:
        return recorder_of(self.workshop_screen).workshop.workspace.sessions_dir

    async def _list_interfaces(self) -> None:
        """The machine's interfaces, the one chosen last time in this workspace highlighted,
        else the room's likely network."""
        import asyncio

        from npsworkshop.room.network import interfaces, suggested
        from npsworkshop.room.remembered import last_choice

        self.choices, last = await asyncio.gather(
            asyncio.to_thread(interfaces), asyncio.to_thread(last_choice, self._settings_folder())
        )
        if last.notice is not None:
            self.notify(last.notice, title="Phone voting", severity="warning", markup=False)
        chosen = suggested(self.choices, last.interface)
        found = self.query_one("#interfaces", OptionList)
        found.clear_options()
        found.add_options(
            Option(
                literal(
                    i.label + ("  - chosen last time" if last.interface and i is chosen else "")
                )
            )
            for i in self.choices
        )
        if chosen is not None:
            found.highlighted = self.choices.index(chosen)
        found.focus()

    @on(Button.Pressed, "#start")
    @on(OptionList.OptionSelected, "#interfaces")
    async def _start(self) -> None:
        from npsworkshop.room.server import RoomServerError
        from npsworkshop.room.tokens import new_pin

        index = self.query_one("#interfaces", OptionList).highlighted
        if index is None or index >= len(self.choices):
            self.notify("Choose the network the phones share first.", timeout=4)
            return
        if self.workshop_screen.read_only:
            self.notify(
                "This session cannot change here (signed off, or open elsewhere): phones "
                "cannot vote on it.",
                title="Phone voting not started",
                severity="warning",
                timeout=8,
            )
            return
        pin = new_pin() if self.query_one("#pin", Checkbox).value else None
        self.query_one("#start", Button).disabled = True
        expected: tuple[type[Exception], ...] = (RoomServerError, *phones.room_errors())
        try:
            join = await phones.start(self.workshop_screen, self.choices[index].address, pin)
        except expected as error:
            self.notify(
                str(error),
                title="Phone voting not started",
                severity="error",
                timeout=10,
                markup=False,  # an address or a database message is not markup
            )
            self.query_one("#start", Button).disabled = False
            return
        from npsworkshop.tui.widgets.session_bar import SessionBar

        bar = self.workshop_screen.query_one(SessionBar)
        await self.workshop_screen.mount(PhoneStatusLine(id="phone-status"), after=bar)
        self._show_running(join)
        await self._remember(self.choices[index])

    async def _remember(self, interface: Interface) -> None:
        """Keep the choice for next time; a file that cannot be written is a notice, no more."""
        import asyncio

        from npsworkshop.room.remembered import remember_choice

        notice = await asyncio.to_thread(remember_choice, self._settings_folder(), interface)
        if notice is not None:
            self.notify(notice, title="Phone voting", severity="warning", markup=False)

    # While voting ------------------------------------------------------------------------------

    def _show_running(self, join: JoinInfo) -> None:
        self.query_one("#setup").display = False
        self.query_one("#start").display = False
        self.query_one("#running").display = True
        self.query_one("#stop").display = True
        self.query_one("#qr", Static).update("\n".join(join.qr))
        pin = f"\nRoom PIN: {join.pin}" if join.pin else ""  # a line of its own, never wrapped
        self.query_one("#url", Static).update(f"Open on a phone: {join.url}{pin}")
        verdict = self.query_one("#verdict", Static)
        verdict.update(
            "Self-check: phones should reach this address."
            if join.check.reachable
            else "Self-check: phones cannot reach this address."
        )
        verdict.set_class(not join.check.reachable, "bad")
        self.query_one("#findings", Static).update(
            "\n".join(("\n".join(join.check.findings), *join.check.advice))
        )
        self.query_one("#stop", Button).focus()
        self.run_worker(self._follow(), group="phones-panel", exclusive=True)

    async def _follow(self) -> None:
        running = phones.voting(self)
        if running is None:
            return
        async for status in running.room.statuses():
            try:
                self._show_status(status)
            except NoMatches:  # the panel was closed while the status was being read
                return

    def _projector_changed(self, _on: bool) -> None:
        if self.status is not None:
            self._show_status(self.status)

    def _show_status(self, status: RoomStatus) -> None:
        self.status = status
        projector = projector_on(self)
        self.query_one("#status", Static).update(literal(waiting_line(status, projector)))
        bound = self.query_one("#bound", OptionList)
        keep = bound.highlighted
        bound.clear_options()
        names = status.names(status.bound)
        bound.add_options(
            Option(literal(f"Phone {n + 1}" if projector else name), id=key)
            for n, (key, name) in enumerate(zip(status.bound, names, strict=True))
        )
        if status.bound:  # one is always chosen, so x has a phone to release
            bound.highlighted = min(keep or 0, len(status.bound) - 1)
        refusals = []
        for refusal in status.refusals[:3]:
            who = (
                []
                if projector or refusal.participant is None
                else status.names([refusal.participant])
            )
            refusals.append(
                " ".join((clock_time(refusal.at), *(f"{n}:" for n in who), refusal.reason))
            )
        if status.unrecorded:
            refusals.append(f"and {status.unrecorded} more not written down (a flood?)")
        self.query_one("#refusals", Static).update(
            literal("Refused: " + "; ".join(refusals)) if refusals else Content("")
        )
        alerts = [f"{clock_time(alert.at)} {alert.text}" for alert in status.alerts[:2]]
        self.query_one("#alerts", Static).update(literal("\n".join(alerts)))

    def action_release(self) -> None:
        running = phones.voting(self)
        bound = self.query_one("#bound", OptionList)
        if running is None or bound.highlighted is None:
            return
        key = bound.get_option_at_index(bound.highlighted).id
        if key is not None:
            phones.tell(self.workshop_screen, running.room.release, key)
            self.notify("Phone released: that person can choose their name again.", timeout=4)

    @on(Button.Pressed, "#stop")
    async def _stop(self) -> None:
        await stop_voting(self.workshop_screen)
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)

    def action_reveal(self) -> None:
        """Reveal from here too: an area already shown (revealed before) can take a re-vote."""
        current = self.workshop_screen.current
        if current is not None and not self.workshop_screen.read_only:
            phones.reveal(self.workshop_screen)
            self.workshop_screen.revealed.add(current)

    def action_revote(self) -> None:
        running = phones.voting(self)
        if running is not None:
            running.last_reveal = None  # a new round: ctrl+z no longer takes back the reveal
            phones.tell(self.workshop_screen, running.room.revote)
            self.notify("A new round: phones can vote on this area again.", timeout=4)

    def action_new_pin(self) -> None:
        """A new room PIN (wrong ones are piling up): phones not yet bound give the new one."""
        from npsworkshop.room.tokens import new_pin

        running = phones.voting(self)
        if running is None or running.join is None or running.join.pin is None:
            return
        running.join = running.server.change_pin(new_pin())
        self._show_running(running.join)
        self.notify(f"New room PIN: {running.join.pin}. Phones already voting carry on.", timeout=6)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("release", "reveal", "revote"):
            return phones.voting(self) is not None
        if action == "new_pin":
            running = phones.voting(self)
            return running is not None and running.join is not None and bool(running.join.pin)
        return True


async def stop_voting(workshop_screen: AreaChanges) -> None:
    """Stop the server and take the status line off the workshop screen."""
    await phones.stop(workshop_screen)
    for line in workshop_screen.query(PhoneStatusLine):
        await line.remove()
    workshop_screen.notify("Phone voting stopped.", timeout=4)
