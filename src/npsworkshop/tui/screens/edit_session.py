"""Edit a draft session: its details (council, title, date, facilitator), the areas it assesses
(saying first what goes with an area left out) and its participants (rename, add a latecomer,
remove someone, saying first which ratings go with them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, SelectionList, Static

from npsworkshop.errors import InputError
from npsworkshop.tui.context import projector_on, recorder_of
from npsworkshop.tui.screens.confirm import ConfirmScreen
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.widgets.participant_list import NOT_IN_A_ROW, ParticipantList
from npsworkshop.tui.widgets.participant_row import FIELDS, ParticipantRow
from npsworkshop.tui.widgets.scope_list import HINT, ScopeList, area_selections, scope_label
from npsworkshop.tui.widgets.session_fields import Details, details_entered, details_fields
from npsworkshop.tui.wording import plural

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import AreaView, ParticipantFact, SessionSnapshot


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


def area_goes(area: AreaView) -> tuple[int, str]:
    """What leaving `area` out deletes, and how many things that is: (8, '5 ratings (2 with
    notes), justification and 2 actions'), or (0, '')."""
    parts: list[tuple[int, str]] = []
    if area.ratings:
        notes = sum(1 for r in area.ratings if r.note)
        with_notes = f" ({notes} with {'a note' if notes == 1 else 'notes'})" if notes else ""
        parts.append((len(area.ratings), plural(len(area.ratings), "rating") + with_notes))
    recorded = (
        (area.justification, "justification"),
        (area.agreed_level, "agreed level"),
        (area.ambition, "ambition"),
    )
    parts += [(1, name) for value, name in recorded if value]
    if area.actions:
        parts.append((len(area.actions), plural(len(area.actions), "action")))
    names = [name for _, name in parts]
    said = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] if names else ""
    return sum(count for count, _ in parts), said


def leaving_question(areas: list[AreaView]) -> str:
    """The question before areas with something recorded leave the scope."""
    if len(areas) == 1:
        count, goes = area_goes(areas[0])
        return (
            f"Remove “{areas[0].title}” from this session? Its {goes} "
            f"{'is' if count == 1 else 'are'} deleted. This cannot be undone."
        )
    each = [f"“{a.title}” ({area_goes(a)[1]})" for a in areas]
    return (
        f"Remove {len(areas)} areas from this session? {', '.join(each[:-1])} and {each[-1]} "
        "are deleted with everything recorded for them. This cannot be undone."
    )


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
            "Change anything below; ctrl+s saves. Leaving out an area, or removing someone, who "
            "has ratings deletes them too (you are asked first).",
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
        pack, scope = self.snapshot.pack, record.scope
        yield FormField(
            scope_label(len(scope), len(pack.area_ids())),
            ScopeList(*area_selections(pack, scope), id="scope", compact=True),
            hint=HINT,
            id="field-scope",
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

    @on(SelectionList.SelectedChanged, "#scope")
    def _count_scope(self) -> None:
        label = self.query_one(ScopeList).label
        self.query_one("#field-scope", FormField).query_one(".field-label", Label).update(label)

    def scope_wanted(self) -> list[str]:
        """The ticked areas, in the pack's order."""
        ticked = set(self.query_one(ScopeList).selected)
        return [area for area in self.snapshot.pack.area_ids() if area in ticked]

    def leaving_with_work(self) -> list[AreaView]:
        """Areas in scope now, unticked, that have something recorded."""
        wanted = set(self.scope_wanted())
        return [a for a in self.snapshot.areas if a.id not in wanted and area_goes(a)[0]]

    async def action_save(self) -> None:
        """Ask first when the areas left out take recorded work with them (not when one holds
        a follow-up's carried actions: the service refuses that, saying why, beside the list)."""
        leaving = self.leaving_with_work() if not self.saving else []
        carried = any(action.carried_from for area in leaving for action in area.actions)
        if not leaving or not self.scope_wanted() or carried:
            await super().action_save()
            return

        async def answered(yes: bool | None) -> None:
            if yes:
                await FormModal.action_save(self)

        self.app.push_screen(ConfirmScreen(leaving_question(leaving), yes="Remove"), answered)

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
        scope = self.scope_wanted()
        if not scope:
            raise InputError("session", ["scope: tick at least one area to assess"])
        changes = {k: v for k, v in wanted.items() if v != getattr(record, k)}
        recorder = recorder_of(self)
        workshop = recorder.workshop
        session_id = record.id
        if tuple(scope) != record.scope:  # first: a follow-up's carried actions may refuse it
            await recorder.call(workshop.change_scope, session_id, scope)
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


def open_session_details(
    app: App[object],
    snapshot: SessionSnapshot,
    edited: Callable[[bool | None], Awaitable[None]] | Callable[[bool | None], None],
) -> None:
    """The Session details screen. In projector mode it asks first: the screen lists every
    participant's name and department, which the room's letters exist to keep off the shared
    screen (a user trial matched letters to names this way)."""
    screen = EditSessionScreen(snapshot)
    if not projector_on(app):
        app.push_screen(screen, edited)
        return

    def answered(show: bool | None) -> None:
        if show:
            app.push_screen(screen, edited)

    app.push_screen(
        ConfirmScreen(
            "Projector mode is on: Session details show every participant's name and "
            "department on the shared screen. Show them?",
            yes="Show names",
        ),
        answered,
    )
