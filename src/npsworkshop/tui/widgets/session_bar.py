"""The line at the top of a session's screens: which session, its progress, and whether it is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from npsworkshop.tui.literal import literal, show
from npsworkshop.tui.widgets.elapsed import Elapsed

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import SessionSnapshot

SAVED_ROOM = len("✓ saved") + 2
# (which wording of the status, whether the clock shows only the area's time), longest first
FITS = ((0, False), (1, False), (2, False), (2, True))
SaveState = Literal["idle", "saving", "saved", "failed"]
SAVE_STATES: dict[str, tuple[str, str]] = {
    "idle": ("", ""),
    "saving": ("… saving", "bold"),
    "saved": ("✓ saved", "bold"),
    "failed": ("✗ not saved", "bold"),
}


class SavedIndicator(Static):
    """Shows that the last change is on disk (or is not)."""

    DEFAULT_CSS = """
    SavedIndicator {
        width: auto;
        padding: 0 1;
    }
    SavedIndicator.-saved {
        color: $text-success;
    }
    SavedIndicator.-failed {
        color: $text-error;
    }
    """

    state: reactive[SaveState] = reactive("idle")

    def watch_state(self, state: SaveState) -> None:
        text, style = SAVE_STATES[state]
        self.update(Text(text, style=style))
        self.set_class(state == "saved", "-saved")
        self.set_class(state == "failed", "-failed")


class TitleBar(Static):
    """The line at the top of the screens outside a session: the app and where you are."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    """

    def __init__(self, where: str) -> None:
        super().__init__(f"npsworkshop · {where}", markup=False)


class SessionBar(Horizontal):
    """Organisation, title and date; status and progress; the saved indicator on the right."""

    DEFAULT_CSS = """
    SessionBar {
        dock: top;
        height: 1;
        background: $panel;
    }
    SessionBar > #session-title {
        width: 1fr;
        padding: 0 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    SessionBar > #session-state {
        width: auto;
        padding: 0 1 0 0;
        text-style: bold;
    }
    """

    def __init__(self, *extra: Widget) -> None:
        super().__init__()
        self.extra = extra
        """Shown between the title and the saved indicator (the workshop's clock)."""
        self.title = ""
        self.states: tuple[str, ...] = ()
        """The status and progress in full, and said shorter for a narrow terminal."""

    def compose(self) -> ComposeResult:
        yield Static("", id="session-title", markup=False)
        yield Static("", id="session-state", markup=False)
        yield from self.extra
        yield SavedIndicator(id="saved")

    @property
    def saved(self) -> SavedIndicator:
        return self.query_one(SavedIndicator)

    def show(self, snapshot: SessionSnapshot, where: str = "") -> None:
        """Which session (cut with … only when even the short forms leave it too little room)
        and, never cut, its status and progress as the home screen words them."""
        record = snapshot.record
        self.title = " · ".join(
            [record.organisation_name, record.title, record.held_on.isoformat()]
        )
        status = "Signed off" if snapshot.signed_off else "Draft"
        count = f"{snapshot.areas_complete}/{len(snapshot.areas)}"
        extra = [where] if where else []
        self.states = tuple(
            " · ".join([status, progress, *extra])
            for progress in (f"{count} areas complete", f"{count} complete", count)
        )
        show(self.query_one("#session-title", Static), literal(self.title))
        self.fit()

    def on_resize(self) -> None:
        if self.states:
            self.fit()

    def fit(self) -> None:
        """The session's words take the room first (trial F4): when organisation, title and
        date do not fit beside the full status and both clocks, the status is said shorter,
        then shortest, and last the clock shows only the area's time."""
        width = self.size.width or self.app.size.width
        clocks = [w for w in self.extra if isinstance(w, Elapsed) and w.display]
        for index, compact in FITS:
            state = self.states[index]
            room = sum(len(clock.text(compact=compact).plain) + 2 for clock in clocks)
            if len(self.title) + 2 + len(state) + 1 + room + SAVED_ROOM <= width:
                break
        show(self.query_one("#session-state", Static), literal(state))
        for clock in clocks:
            if clock.compact != compact:
                clock.compact = compact
                clock.tick()
