"""One participant in the new-session form: name or initials, role, department."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from npsworkshop.tui.literal import literal

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import ParticipantFact

FIELDS = ("name", "role", "department")


class ParticipantRow(Vertical):
    """Three inputs on one line, a remove button for the mouse, and the row's problems."""

    DEFAULT_CSS = """
    ParticipantRow {
        height: auto;
    }
    ParticipantRow > Horizontal {
        height: auto;
        margin-bottom: 1;
    }
    ParticipantRow Input {
        width: 1fr;
        margin-right: 1;
    }
    ParticipantRow Input.participant-name {
        width: 2fr;
    }
    ParticipantRow Button {
        width: auto;
        min-width: 8;
        padding: 0 1;
    }
    ParticipantRow > .row-problem {
        color: $text-error;
        text-style: bold;
        display: none;
    }
    ParticipantRow.-invalid > .row-problem {
        display: block;
    }
    """

    class RemoveRequested(Message):
        def __init__(self, row: ParticipantRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, number: int, person: ParticipantFact | None = None) -> None:
        super().__init__(classes="participant-row")
        self.number = number
        self.person = person
        """Who this row was when the form opened (None: a new participant)."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Input(
                placeholder=f"Participant {self.number}: name or initials",
                classes="participant-name",
                compact=True,
                value=self.person.name if self.person else "",
            )
            yield Input(
                placeholder="Role (optional)",
                classes="participant-role",
                compact=True,
                value=self.person.role if self.person else "",
            )
            yield Input(
                placeholder="Department (optional)",
                classes="participant-department",
                compact=True,
                value=self.person.department if self.person else "",
            )
            remove = Button("Remove", classes="participant-remove", compact=True)
            remove.can_focus = False
            yield remove
        yield Static("", classes="row-problem", markup=False)

    def input_for(self, field: str) -> Input:
        return self.query_one(f".participant-{field}", Input)

    def values(self) -> dict[str, str]:
        return {field: self.input_for(field).value for field in FIELDS}

    @property
    def blank(self) -> bool:
        return not any(value.strip() for value in self.values().values())

    def show_problem(self, field: str, message: str) -> None:
        label = {"name": "Name", "role": "Role", "department": "Department"}.get(field, field)
        self.query_one(".row-problem", Static).update(literal(f"▲ {label}: {message}"))
        self.add_class("-invalid")
        if field in FIELDS:
            self.input_for(field).add_class("-invalid")

    def clear_problem(self) -> None:
        self.remove_class("-invalid")
        for field in FIELDS:
            self.input_for(field).remove_class("-invalid")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.RemoveRequested(self))
