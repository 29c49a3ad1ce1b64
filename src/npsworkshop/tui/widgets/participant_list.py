"""The participant rows of the new-session and edit-session forms: one row per person, rows
added at the end (ctrl+n) and found from the field that has the keys (ctrl+r)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget

from npsworkshop.tui.widgets.participant_row import ParticipantRow

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import ParticipantFact

NOT_IN_A_ROW = "Move into a participant's row first, then press ctrl+r."


class ParticipantList(VerticalScroll):
    """The rows, in order; `people` fills them (none: one empty row to type in)."""

    def __init__(self, people: Iterable[ParticipantFact] = ()) -> None:
        super().__init__(id="participants", can_focus=False)
        self.people = tuple(people)

    def compose(self) -> ComposeResult:
        for number, person in enumerate(self.people, start=1):
            yield ParticipantRow(number, person)
        if not self.people:
            yield ParticipantRow(1)

    def rows(self) -> list[ParticipantRow]:
        return list(self.query(ParticipantRow))

    async def add(self) -> ParticipantRow:
        """A new empty row at the end, its name field focused and in view."""
        row = ParticipantRow(len(self.rows()) + 1)
        await self.mount(row)
        row.input_for("name").focus()
        row.scroll_visible()
        return row

    def row_holding(self, focused: Widget | None) -> ParticipantRow | None:
        """The row the focused field belongs to, if it is in one."""
        return next(
            (row for row in self.rows() if focused is not None and row in focused.ancestors),
            None,
        )
