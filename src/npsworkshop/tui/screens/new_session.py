"""New session: who, when, which framework and areas, and who is in the room.

Nothing is created until the whole form is valid; each problem is shown beside its field.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from npsworkshop.errors import UserError, describe_validation_error
from npsworkshop.framework.loader import LoadedPack, available_packs
from npsworkshop.tui.context import recorder_of
from npsworkshop.tui.literal import literal
from npsworkshop.tui.problems import field_problems
from npsworkshop.tui.save_errors import NotSaved, said
from npsworkshop.tui.screens.confirm import close_asking_first
from npsworkshop.tui.screens.new_session_draft import NewSessionDraft
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.widgets.key_footer import KeyFooter
from npsworkshop.tui.widgets.participant_list import NOT_IN_A_ROW, ParticipantList
from npsworkshop.tui.widgets.participant_row import ParticipantRow
from npsworkshop.tui.widgets.scope_list import HINT as SCOPE_HINT
from npsworkshop.tui.widgets.scope_list import ScopeList
from npsworkshop.tui.widgets.session_bar import TitleBar
from npsworkshop.tui.widgets.session_fields import Details, details_entered, details_fields
from npsworkshop.tui.wording import plural

if TYPE_CHECKING:
    from npsworkshop.workspace import Workspace

DEFAULT_PACK = "nps-2018"
FIELD_ORDER = (
    "organisation_name",
    "organisation_type",
    "organisation_code",
    "title",
    "held_on",
    "facilitator",
    "pack_id",
    "scope",
    "participants",
)


class PacksLoaded(Message):
    def __init__(self, packs: dict[str, LoadedPack], problem: str | None) -> None:
        super().__init__()
        self.packs = packs
        self.problem = problem


class NewSessionScreen(Screen[str | None]):
    """The form for a new session; dismisses with the new session's id, or None."""

    DEFAULT_CSS = """
    NewSessionScreen #form-draft {
        display: none;
        color: $text-warning;
        text-style: bold;
        margin-bottom: 1;
    }
    NewSessionScreen.-draft-restored #form-draft {
        display: block;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "create",
            "Create session",
            id="new_session.create",
            tooltip="Check the form and create the session",
        ),
        Binding(
            "ctrl+n",
            "add_participant",
            "Add participant",
            id="new_session.add_participant",
            tooltip="Add a row for another participant",
        ),
        Binding(
            "ctrl+r",
            "remove_participant",
            "Remove participant",
            id="new_session.remove_participant",
            tooltip="Remove the participant row you are in",
        ),
        Binding("escape", "cancel", "Cancel", id="new_session.cancel", tooltip="Back to sessions"),
    ]

    def __init__(self, workspace: Workspace, today: date | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.today = today or date.today()
        self.packs: dict[str, LoadedPack] = {}
        self.creating = False
        self._general: list[str] = []  # the problems about no one field, shown above the form
        self.draft = NewSessionDraft(self)

    def compose(self) -> ComposeResult:
        yield TitleBar("New session")
        with VerticalScroll(id="new-session-form", can_focus=False):
            yield Static("New workshop session", classes="screen-heading")
            yield Static(
                "Tab moves to the next field. Ctrl+S creates the session; Esc goes back.",
                classes="screen-intro",
            )
            yield Static("", id="form-draft", markup=False)
            yield Static("", id="form-problems", markup=False)
            yield from details_fields(Details(held_on=self.today))
            yield FormField(
                "Framework",
                Static("Reading the framework packs…", id="pack-loading"),
                id="field-pack_id",
            )
            yield FormField(
                "Areas in scope",
                ScopeList(id="scope", compact=True),
                hint=SCOPE_HINT,
                id="field-scope",
            )
            yield Label("Participants", classes="field-label")
            yield Static(
                "Name or initials, role and department. Enter in the last box adds another row; "
                "ctrl+r removes the row you are in.",
                classes="field-hint",
            )
            yield ParticipantList()
            yield FormField(
                "",
                Button("Add participant (ctrl+n)", id="add-participant", compact=True),
                id="field-participants",
            )
            with Horizontal(classes="form-buttons"):
                yield Button(
                    "Create session (ctrl+s)", id="create", variant="primary", compact=True
                )
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#organisation", Input).focus()
        self.load_packs()
        self.draft.start()

    @on(Input.Changed)
    @on(Select.Changed)
    def _typed(self) -> None:
        self.draft.typed()

    # Framework packs ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="packs")
    def load_packs(self) -> None:
        """Read and validate the framework packs (files and pydantic) off the event loop."""
        try:
            packs = available_packs(self.workspace.root)
        except UserError as error:
            self.post_message(PacksLoaded({}, str(error)))
            return
        problem = (
            None if packs else f"no framework packs found (looked in {self.workspace.content_dir})"
        )
        self.post_message(PacksLoaded(packs, problem))

    @on(PacksLoaded)
    async def _packs_loaded(self, message: PacksLoaded) -> None:
        self.packs = message.packs
        field = self.field("pack_id")
        if message.problem:
            field.show_problem(message.problem)
            self.query_one("#pack-loading", Static).update("No framework pack can be used.")
        if not self.packs:
            return
        chosen = DEFAULT_PACK if DEFAULT_PACK in self.packs else next(iter(self.packs))
        options = [
            (literal(f"{p.pack.title} (version {p.pack.version})"), i)
            for i, p in self.packs.items()
        ]
        await field.replace_control(
            Select(options, id="pack", allow_blank=False, value=chosen, compact=True)
        )
        self._show_scope(chosen)

    @on(Select.Changed, "#pack")
    def _pack_chosen(self, event: Select.Changed) -> None:
        self._show_scope(str(event.value))

    def _show_scope(self, pack_id: str) -> None:
        """Every area of the pack, ticked."""
        scope: ScopeList = self.query_one("#scope", ScopeList)
        loaded = self.packs.get(pack_id)
        if loaded is None or getattr(scope, "pack_id", None) == pack_id:
            return
        scope.show_pack(loaded.pack)
        self._count_scope()

    @on(SelectionList.SelectedChanged, "#scope")
    def _count_scope(self) -> None:
        label = self.query_one("#scope", ScopeList).label
        self.field("scope").query_one(".field-label", Label).update(label)

    # Participants ------------------------------------------------------------------------------

    def rows(self) -> list[ParticipantRow]:
        return self.query_one(ParticipantList).rows()

    async def action_add_participant(self) -> None:
        await self.query_one(ParticipantList).add()

    async def action_remove_participant(self) -> None:
        row = self.query_one(ParticipantList).row_holding(self.focused)
        if row is None:
            self.notify(NOT_IN_A_ROW, timeout=4)
        else:
            await self._remove(row)

    @on(ParticipantRow.RemoveRequested)
    async def _remove_requested(self, message: ParticipantRow.RemoveRequested) -> None:
        await self._remove(message.row)

    async def _remove(self, row: ParticipantRow) -> None:
        rows = self.rows()
        if len(rows) == 1:
            for field in ("name", "role", "department"):
                row.input_for(field).value = ""
            row.input_for("name").focus()
            return
        index = rows.index(row)
        await row.remove()
        remaining = self.rows()
        remaining[min(index, len(remaining) - 1)].input_for("name").focus()

    @on(Input.Submitted)
    async def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves on; in the last participant's department it adds a row."""
        event.stop()
        rows = self.rows()
        last = rows[-1]
        if event.input is last.input_for("department") and not last.blank:
            await self.action_add_participant()
        else:
            self.focus_next()

    @on(Button.Pressed, "#add-participant")
    async def _add_pressed(self) -> None:
        await self.action_add_participant()

    @on(Button.Pressed, "#create")
    async def _create_pressed(self) -> None:
        await self.action_create()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Esc: back to the sessions, asking first when typed text would be lost (its draft
        goes too)."""
        close_asking_first(self, self.unsaved_changes(), self._discard)

    def _discard(self) -> None:
        self.draft.forget()
        self.dismiss(None)

    def unsaved_changes(self) -> bool:
        """Anything typed that a quit would lose (the date and the defaults do not count)."""
        typed = [self.query_one(f"#{name}", Input).value for name in ("organisation", "title")]
        return any(v.strip() for v in typed) or any(not row.blank for row in self.rows())

    # Creating ----------------------------------------------------------------------------------

    def field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def _draft(self) -> tuple[dict[str, Any], dict[str, str], list[ParticipantRow]]:
        """The form's values for NewSession, the problems found before validation, and the rows used."""
        values, problems = details_entered(self, self.today)
        packs = self.query("#pack").results(Select)
        pack = next(packs, None)
        scope = self.query_one("#scope", ScopeList)
        if not self.packs:
            problems["pack_id"] = "no framework pack is available"
        elif not scope.selected:
            problems["scope"] = "tick at least one area to assess"
        rows = [row for row in self.rows() if not row.blank]
        if not rows:
            problems["participants"] = "add at least one participant: a name or initials"
        all_ticked = len(scope.selected) == scope.option_count
        values |= {
            "pack_id": "" if pack is None or pack.value is Select.NULL else str(pack.value),
            "scope": None if all_ticked else tuple(scope.selected),
            "participants": [row.values() for row in rows],
        }
        return values, problems, rows

    async def action_create(self) -> None:
        if self.creating:
            return
        from npsworkshop.workshop.inputs import NewSession

        values, problems, rows = self._draft()
        try:
            draft = NewSession.model_validate(values)
        except ValidationError as error:
            for line in describe_validation_error(error):
                where, _, message = line.partition(": ")
                problems.setdefault(where, message)
        if problems:
            self.show_problems(problems, rows)
            return
        self.show_problems({}, rows)
        recorder = recorder_of(self)
        self.creating = True
        try:
            session_id = await recorder.call(recorder.workshop.create_session, draft)
        except UserError as error:
            self.show_problems(field_problems(error), rows)
            return
        except NotSaved as error:  # the disk or database refused: keep every field as typed
            self.show_problems({"": said(error, "Nothing is lost: ctrl+s tries again.")}, rows)
            return
        finally:
            self.creating = False
        self.draft.forget()
        self.dismiss(session_id)

    def show_problems(self, problems: dict[str, str], rows: list[ParticipantRow]) -> None:
        """Point at each problem in place, say how many there are, and focus the first."""
        for name in FIELD_ORDER:
            self.field(name).clear_problem()
        for row in self.rows():
            row.clear_problem()
        targets = {where: self._place(where, message, rows) for where, message in problems.items()}
        general = [
            f"{where}: {problems[where]}" if where else problems[where]
            for where, target in targets.items()
            if target is None
        ]
        self._general = general
        self._summarise(len(problems))
        if not problems:
            return
        placed = [where for where, target in targets.items() if target is not None]
        if placed:
            target = targets[min(placed, key=self._order)]
            assert target is not None
            target.focus()
            target.scroll_visible()

    def _summarise(self, count: int) -> None:
        """How many problems are left, above the form (with those about no one field)."""
        self.set_class(bool(count), "-has-problems")
        text = f"{plural(count, 'problem')} to fix before the session can be created"
        summary = self.query_one("#form-problems", Static)
        summary.update(literal("\n".join([f"▲ {text}.", *self._general])))

    @on(FormField.ProblemCleared)
    def _problem_cleared(self) -> None:
        """A field with a problem changed (its problem went): recount the ones left."""
        fields = sum(field.has_problem for field in self.query(FormField))
        rows = sum(row.has_class("-invalid") for row in self.rows())
        self._summarise(len(self._general) + fields + rows)

    def _place(self, where: str, message: str, rows: list[ParticipantRow]) -> Widget | None:
        """Show the problem beside its field; the widget to focus, or None if it has no field."""
        root = where.split(".")[0].split("[")[0]
        if root == "participants" and "[" in where:
            index = int(where.split("[")[1].split("]")[0])
            field = where.rsplit(".", 1)[-1] if "." in where else "name"
            field = field if field in ("name", "role", "department") else "name"
            if index < len(rows):
                rows[index].show_problem(field, message)
                return rows[index].input_for(field)
        if root in FIELD_ORDER:
            holder = self.field(root)
            holder.show_problem(message)
            return holder.control
        return None

    @staticmethod
    def _order(where: str) -> int:
        root = where.split(".")[0].split("[")[0]
        return FIELD_ORDER.index(root) if root in FIELD_ORDER else len(FIELD_ORDER)
