"""A modal form: fields, ctrl+s to save through the service, problems shown beside their fields,
and the text typed so far kept as a draft on disk until it is saved or discarded."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from npsworkshop.errors import Failure, InputError, UserError
from npsworkshop.tui.literal import literal
from npsworkshop.tui.problems import field_problems
from npsworkshop.tui.save_errors import NotSaved, said
from npsworkshop.tui.screens.confirm import close_asking_first
from npsworkshop.tui.screens.form_draft import DraftKeeper
from npsworkshop.tui.widgets.date_input import DateInput
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.widgets.key_footer import KeyFooter

ResultT = TypeVar("ResultT")
# "...; interim.by: ..." : the next of several problems joined in one refusal.
_JOINED = re.compile(r"; (?=[A-Za-z_][\w.\[\]]*: )")


def _is_save(binding: BindingType) -> bool:
    return isinstance(binding, Binding) and binding.action == "save"


class FormModal(ModalScreen[ResultT | None], Generic[ResultT]):
    """Subclasses yield their FormFields (ids `field-<name>`) and save through the service."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save and close"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]
    SAVE_LABEL = "Save"
    # Words in a refusal from the service that say which field it is about.
    REFUSAL_FIELDS: ClassVar[dict[str, str]] = {}
    # Fields the service names otherwise than the form ("interim.by": "interim_by").
    FIELD_NAMES: ClassVar[dict[str, str]] = {}
    DEFAULT_CSS = """
    FormModal #form-draft {
        display: none;
        color: $text-warning;
        text-style: bold;
        margin-bottom: 1;
    }
    FormModal.-draft-restored #form-draft {
        display: block;
    }
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """The footer names ctrl+s as the button does ("Sign off", "Record progress")."""
        if "SAVE_LABEL" in cls.__dict__:  # before Textual merges the class's bindings
            own = [b for b in cls.__dict__.get("BINDINGS", []) if not _is_save(b)]
            cls.BINDINGS = [
                *own,
                Binding(
                    "ctrl+s",
                    "save",
                    cls.SAVE_LABEL,
                    id=f"{cls.__module__.rsplit('.', 1)[-1]}.save",
                    tooltip="Save and close",
                ),
            ]
        super().__init_subclass__(**kwargs)

    def __init__(self, title: str, intro: str | Text = "") -> None:
        super().__init__()
        self.form_title = title
        self.intro = intro
        self.saving = False
        self._initial: list[object] | None = None
        self.drafts = DraftKeeper(self)

    def draft_of(self) -> tuple[str, str] | None:
        """(session id, the form's name in its drafts, e.g. "justification:<area>") for a form
        whose typed text is kept as a draft until saved; None keeps none."""
        return None

    def drafts_hidden(self) -> bool:
        """Whether a kept draft must not be shown now (a note, while the screen is shared)."""
        return False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.form_title), classes="dialog-title")
            if self.intro:
                intro = literal(self.intro) if isinstance(self.intro, str) else self.intro
                yield Static(intro, classes="dialog-intro")
            yield Static("", id="form-draft", markup=False)
            yield Static("", id="form-problems", markup=False)
            with VerticalScroll(classes="dialog-body", can_focus=False):
                yield from self.compose_fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"{self.SAVE_LABEL} (ctrl+s)", id="save", variant="primary", compact=True
                )
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield KeyFooter()

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self._initial = self.entered()
        for widget in self.query("Input, TextArea"):  # typing adds to what is there
            if isinstance(widget, TextArea):
                widget.move_cursor(widget.document.end)
            elif isinstance(widget, Input):
                widget.cursor_position = len(widget.value)
        self.call_after_refresh(self.show_starts)
        self.call_after_refresh(self.fit_body)
        self.drafts.start()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_body)

    def fit_body(self) -> None:
        """The fields scroll, so the title, intro and buttons stay on screen at 100x30: the
        body gets what the screen (less the footer) leaves them."""
        dialog, body = self.query_one(".dialog"), self.query_one(".dialog-body")
        fixed = dialog.styles.gutter.height + sum(
            child.outer_size.height + child.styles.margin.top + child.styles.margin.bottom
            for child in dialog.children
            if child is not body and child.display
        )
        room = int(self.size.height * 0.95) - 1 - fixed
        if room > 0:
            body.styles.max_height = max(4, room)

    def show_starts(self) -> None:
        """Every one-line field shows the start of its value (a long title or council name is
        read from its beginning); the cursor stays at the end, where typing goes."""
        for field in self.query(Input):
            field.scroll_to(x=0, animate=False, immediate=True)

    @on(events.DescendantBlur)
    def _left_field(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, Input):
            event.widget.scroll_to(x=0, animate=False, immediate=True)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(OptionList.OptionHighlighted)
    def _typed(self) -> None:
        self.drafts.typed()

    def entered(self) -> list[object]:
        """What the fields hold now (to tell whether anything was typed)."""
        values: list[object] = []
        for widget in self.query("Input, TextArea, Select, OptionList"):
            if isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, Input | Select):
                values.append(widget.value)
            elif isinstance(widget, SelectionList):  # what is ticked, not where the cursor is
                values.append(sorted(widget.selected))
            elif isinstance(widget, OptionList):
                values.append(widget.highlighted)
        return values

    def unsaved_changes(self) -> bool:
        return self._initial is not None and self.entered() != self._initial

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on to the next field."""
        event.stop()
        self.focus_next()

    def typed_date(self, selector: str, field: str) -> date | None:
        """The date typed in a DateInput (None when blank); a date that is not one is a
        problem shown beside `field`."""
        dates, problems = self.typed_dates({field: selector})
        if problems:
            raise InputError(self.form_title, problems)
        return dates[field]

    def typed_dates(self, fields: dict[str, str]) -> tuple[dict[str, date | None], list[str]]:
        """The dates typed in DateInputs ({field: selector}), and a problem for every one that
        is not a date, so all of them are shown at once (each beside its field)."""
        dates: dict[str, date | None] = {}
        problems: list[str] = []
        for field, selector in fields.items():
            try:
                dates[field] = self.query_one(selector, DateInput).chosen()
            except ValueError as error:
                dates[field] = None
                problems.append(f"{field}: {error}")
        return dates, problems

    async def save(self) -> ResultT:
        """Make the change through the service; raise UserError to show problems in place."""
        raise NotImplementedError

    async def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        try:
            result = await self.save()
        except UserError as error:
            self.show_problems(field_problems(error))
            return
        except Failure as error:  # the database could not take the change: say so, keep the text
            refused = error if isinstance(error, NotSaved) else NotSaved(str(error))
            self.show_problems({"": said(refused, "Nothing is lost: ctrl+s tries again.")})
            return
        finally:
            self.saving = False
        self.drafts.forget()
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Esc: close, asking first when typed text would be lost (its draft goes too)."""
        close_asking_first(self, self.unsaved_changes(), self._discard)

    def _discard(self) -> None:
        self.drafts.forget()
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    async def _save_pressed(self) -> None:
        await self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def show_problems(self, problems: dict[str, str]) -> None:
        """Every problem at once, each beside its field (or above the form when it is about no
        field); focus the first field with one."""
        fields = {f.id.removeprefix("field-"): f for f in self.query(FormField) if f.id}
        for each in fields.values():
            each.clear_problem()
        general: list[str] = []
        found: dict[str, list[str]] = {}
        for where, message in self._placed(problems):
            if where.split(".")[0] in fields:
                found.setdefault(where.split(".")[0], []).append(message)
            else:
                general.append(message if not where else f"{where}: {message}")
        for name, messages in found.items():
            fields[name].show_problem("; ".join(messages))
        summary = self.query_one("#form-problems", Static)
        summary.update(literal("\n".join(f"▲ {line}" for line in general)))
        self.set_class(bool(general), "-has-problems")
        first = next((field for name, field in fields.items() if name in found), None)
        if first is not None:
            first.control.focus()

    def _placed(self, problems: dict[str, str]) -> list[tuple[str, str]]:
        """(field, message) for each problem: several joined in one refusal are split, a
        refusal about no field is placed by its words (REFUSAL_FIELDS), and a field the service
        names differently takes the form's name (FIELD_NAMES)."""
        placed: list[tuple[str, str]] = []
        for where, message in problems.items():
            first, *more = _JOINED.split(message)
            parts = [(where, first)] + [(p.partition(": ")[0], p.partition(": ")[2]) for p in more]
            for field, text in parts:
                if not field:
                    field = next(
                        (f for words, f in self.REFUSAL_FIELDS.items() if words in text), ""
                    )
                placed.append((self.FIELD_NAMES.get(field, field), text))
        return placed
