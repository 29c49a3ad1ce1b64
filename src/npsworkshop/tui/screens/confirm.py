"""Ask before doing something that cannot be undone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from npsworkshop.tui.literal import literal
from npsworkshop.tui.widgets.key_footer import KeyFooter

DISCARD = "This form has text that is not saved yet. Close it and lose that text?"


def close_asking_first(screen: Screen[Any], unsaved: bool, close: Callable[[], object]) -> None:
    """Close a form at once when nothing was typed; otherwise ask, as quitting does."""
    if not unsaved:
        close()
        return

    def answered(discard: bool | None) -> None:
        if discard:
            close()

    screen.app.push_screen(ConfirmScreen(DISCARD, yes="Discard"), answered)


class ConfirmScreen(ModalScreen[bool]):
    """y to go ahead, n or escape to keep things as they are."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Static(literal(self.question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error", compact=True)
                yield Button("No (n)", id="no", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
