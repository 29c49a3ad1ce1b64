"""Edit a draft session: its details (council, title, date, facilitator) and its participants
(rename, add a latecomer, remove someone, saying first which ratings go with them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, Static

from npsworkshop.errors import InputError
from npsworkshop.tui.context import recorder_of
from npsworkshop.tui.screens.confirm import ConfirmScreen
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.participant_list import NOT_IN_A_ROW, ParticipantList
from npsworkshop.tui.widgets.participant_row import FIELDS, ParticipantRow
from npsworkshop.tui.widgets.session_fields import Details, details_entered, details_fields
from npsworkshop.tui.wording import plural

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import ParticipantFact, SessionSnapshot


def what_goes(snapshot: SessionSnapshot, person: ParticipantFact) -> str:
    """'3 ratings in 2 areas (Engaging councillors, Managing contracts)', or ''."""
    areas = [
        area.title
        for area in snapshot.areas
        if any(r.participant == person.key for r in area.ratings)
    ]
    count = sum(1 for r in snapshot.record.ratings if r.participant == person.key)
    if not count:
        return ""
    shown = ", ".join(areas[:3]) + (", …" if len(areas) > 3 else "")
    return f"{plural(count, 'rating')} in {plural(len(areas), 'area')} ({shown})"


class EditSessionScreen(FormModal[bool]):
    """Dismisses with True once the changes are saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+n",
            "add_participant",
            "Add participant",
            id="edit_session.add_participant",
            tooltip="A row for someone who joined late",
        ),
        Binding(
            "ctrl+r",
            "remove_participant",
            "Remove participant",
            id="edit_session.remove_participant",
            tooltip="Remove the participant whose row you are in (asks first if they rated)",
        ),
    ]

    def __init__(self, snapshot: SessionSnapshot) -> None:
        record = snapshot.record
        super().__init__(
            f"Session details: {record.title}",
            "Change anything below; ctrl+s saves. Removing someone who has rated removes their "
            "ratings too (you are asked first).",
        )
        self.snapshot = snapshot
        self.removed: list[ParticipantFact] = []

    def compose_fields(self) -> ComposeResult:
        record = self.snapshot.record
        yield from details_fields(
            Details(
                held_on=record.held_on,
                organisation_name=record.organisation_name,
                organisation_type=record.organisation_type,
                organisation_code=record.organisation_code,
                title=record.title,
                facilitator=record.facilitator,
            )
        )
        yield Label("Participants", classes="field-label")
        yield Static(
            "ctrl+n adds a row for a latecomer; ctrl+r removes the row you are in.",
            classes="field-hint",
        )
        yield ParticipantList(record.participants)

    def on_mount(self) -> None:
        self.query_one("#organisation", Input).focus()

    def rows(self) -> list[ParticipantRow]:
        return self.query_one(ParticipantList).rows()

    def unsaved_changes(self) -> bool:
        return super().unsaved_changes() or bool(self.removed)

    async def action_add_participant(self) -> None:
        await self.query_one(ParticipantList).add()

    async def action_remove_participant(self) -> None:
        row = self.query_one(ParticipantList).row_holding(self.focused)
        if row is None:
            self.notify(NOT_IN_A_ROW, timeout=4)
            return
        person = row.person
        goes = what_goes(self.snapshot, person) if person else ""
        if not goes:
            await self._remove(row)
            return

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._remove(row)

        question = (
            f"Remove {person.name if person else 'this participant'}? Their {goes} "
            f"{'goes' if goes.startswith('1 rating ') else 'go'} too, "
            "when you save. This cannot be undone."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Remove"), answered)

    async def _remove(self, row: ParticipantRow) -> None:
        if row.person is not None:
            self.removed.append(row.person)
        await row.remove()
        remaining = self.rows()
        if remaining:
            remaining[-1].input_for("name").focus()

    async def save(self) -> bool:
        record = self.snapshot.record
        wanted, problems = details_entered(self, record.held_on)
        if problems:
            raise InputError("session", [f"{field}: {text}" for field, text in problems.items()])
        changes = {k: v for k, v in wanted.items() if v != getattr(record, k)}
        recorder = recorder_of(self)
        workshop = recorder.workshop
        session_id = record.id
        if changes:
            await recorder.call(workshop.update_details, session_id, **changes)
        for row in self.rows():
            values = row.values()
            if row.person is None:
                if not row.blank:
                    key = await recorder.call(workshop.add_participant, session_id, **values)
                    row.person = _fact(key, values)
            elif values != {f: getattr(row.person, f) for f in FIELDS}:
                await recorder.call(
                    workshop.update_participant, session_id, row.person.key, **values
                )
        for person in self.removed:
            await recorder.call(workshop.remove_participant, session_id, person.key)
        self.removed = []
        return True


def _fact(key: str, values: dict[str, str]) -> ParticipantFact:
    from npsworkshop.assessment.snapshot import ParticipantFact

    return ParticipantFact(key=key, **values)
