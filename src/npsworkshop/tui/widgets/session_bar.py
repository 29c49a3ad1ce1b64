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

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import SessionSnapshot

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

    def compose(self) -> ComposeResult:
        yield Static("", id="session-title", markup=False)
        yield Static("", id="session-state", markup=False)
        yield from self.extra
        yield SavedIndicator(id="saved")

    @property
    def saved(self) -> SavedIndicator:
        return self.query_one(SavedIndicator)

    def show(self, snapshot: SessionSnapshot, where: str = "") -> None:
        """Which session (cut with … when the terminal is narrow) and, never cut, its status and
        progress as the home screen words them."""
        record = snapshot.record
        parts = [record.organisation_name, record.title, record.held_on.isoformat()]
        show(self.query_one("#session-title", Static), literal(" · ".join(parts)))
        state = [
            "Signed off" if snapshot.signed_off else "Draft",
            f"{snapshot.areas_complete}/{len(snapshot.areas)} areas complete",
            *([where] if where else []),
        ]
        show(self.query_one("#session-state", Static), literal(" · ".join(state)))
