"""A labelled form field that points at its own problem in place."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from npsworkshop.tui.literal import literal


class FormField(Vertical):
    """A label, one input widget, an optional hint, and the field's problem when it has one."""

    DEFAULT_CSS = """
    FormField {
        height: auto;
        margin-bottom: 1;
    }
    FormField > .field-label {
        text-style: bold;
    }
    FormField > .field-hint {
        color: $text-muted;
    }
    FormField > .field-problem {
        color: $text-error;
        text-style: bold;
        display: none;
    }
    FormField.-invalid > .field-problem {
        display: block;
    }
    """

    class ProblemCleared(Message):
        """The field changed, so the problem it showed went."""

        def __init__(self, field: FormField) -> None:
            super().__init__()
            self.field = field

    def __init__(
        self, label: str, control: Widget, *, hint: str = "", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.control = control
        self.hint = hint

    def compose(self) -> ComposeResult:
        yield Label(literal(self.label), classes="field-label")
        yield self.control
        if self.hint:
            yield Static(self.hint, classes="field-hint", markup=False)
        yield Static("", classes="field-problem", markup=False)

    async def replace_control(self, control: Widget) -> None:
        """Swap the input widget (e.g. once its choices have been read)."""
        old, self.control = self.control, control
        await self.mount(control, after=old)
        await old.remove()

    def show_problem(self, message: str) -> None:
        self.query_one(".field-problem", Static).update(literal(f"▲ {message}"))
        self.add_class("-invalid")
        self.control.add_class("-invalid")

    def clear_problem(self) -> None:
        self.remove_class("-invalid")
        self.control.remove_class("-invalid")

    @property
    def has_problem(self) -> bool:
        return self.has_class("-invalid")

    @on(events.DescendantFocus)
    def _entered(self) -> None:
        """Going into a field with a problem brings the problem into view with it (a form that
        scrolls would show the box and hide what is wrong with it)."""
        if self.has_problem:
            self.call_after_refresh(self.scroll_visible, animate=False)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        """Once the field changes, its old problem no longer stands: it goes (ctrl+s checks
        again), so a fixed field never keeps saying it is wrong."""
        if self.has_problem:
            self.clear_problem()
            self.post_message(self.ProblemCleared(self))
