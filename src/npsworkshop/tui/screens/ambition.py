"""The ambition for an area: a level (one above the current level by default), a date, a
rationale, and optionally an interim step on the way (a level and an earlier date)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, OptionList, Select, Static, TextArea

from npsworkshop.assessment.rules import suggested_ambition
from npsworkshop.errors import InputError
from npsworkshop.framework.levels import LEVELS, as_level
from npsworkshop.tui.context import recorder_of
from npsworkshop.tui.literal import printable
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.date_input import DATE_FORMATS, DATE_HINT, DateInput
from npsworkshop.tui.widgets.dialog_select import DialogSelect
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.widgets.level_picker import LevelPicker
from npsworkshop.tui.wording import level_label

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import AreaView
    from npsworkshop.framework.models import Area, Pack


class AmbitionScreen(FormModal[bool]):
    """Choose the level the council aims for; below the current level is not offered."""

    REFUSAL_FIELDS: ClassVar[dict[str, str]] = {"the ambition's date": "by"}
    FIELD_NAMES: ClassVar[dict[str, str]] = {"interim.by": "interim_by", "interim.level": "interim"}

    def __init__(self, session_id: str, area: AreaView, definition: Area, pack: Pack) -> None:
        current = area.current_level
        self.pack = pack
        intro = (
            f"The current level is {level_label(current, pack)}. Choosing it means maintaining it."
            if current
            else "There is no current level yet (no ratings)."
        )
        super().__init__(f"Ambition: {area.title}", intro)
        self.session_id = session_id
        self.area = area
        self.definition = definition
        self.suggested = suggested_ambition(current)

    def compose_fields(self) -> ComposeResult:
        ambition = self.area.ambition
        notes: dict[str, str] = {self.suggested: "suggested"}
        if self.area.current_level:
            notes[self.area.current_level] = "current level"
        yield FormField(
            "Level (1-5, or arrows and Enter)",
            LevelPicker(
                ambition.level if ambition else self.suggested,
                self.pack,
                lowest=self.area.current_level,
                notes=notes,
                id="ambition-level",
            ),
            id="field-level",
        )
        yield Static("", id="ambition-descriptor")
        yield FormField(
            "By (date)",
            DateInput(ambition.by if ambition else None, id="ambition-by"),
            hint=DATE_HINT,
            id="field-by",
        )
        yield FormField(  # no hint line: the form fits a 120x36 screen without scrolling
            "Rationale (optional): why this level",
            TextArea(
                (ambition.rationale or "") if ambition else "",
                id="ambition-rationale",
                compact=True,
            ),
            id="field-rationale",
        )
        interim = ambition.interim if ambition else None
        steps: Select[str] = DialogSelect(
            [(level_label(level, self.pack), level) for level in LEVELS],
            id="interim-level",
            prompt="No interim step",
            compact=True,
            value=interim.level if interim else Select.NULL,
        )
        with Horizontal(classes="form-row"):
            yield FormField("Interim step (optional)", steps, id="field-interim")
            yield FormField(
                "Interim step by",
                DateInput(interim.by if interim else None, id="interim-by"),
                hint=DATE_FORMATS,
                id="field-interim_by",
            )

    def draft_of(self) -> tuple[str, str]:
        return self.session_id, f"ambition:{self.area.id}"

    def on_mount(self) -> None:
        picker = self.query_one(LevelPicker)
        picker.focus()
        self._describe(picker.value)

    @on(OptionList.OptionHighlighted, "#ambition-level")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self._describe(event.option.id)

    @on(OptionList.OptionSelected, "#ambition-level")
    def _selected(self) -> None:
        self.query_one("#ambition-by", Input).focus()

    @on(Input.Submitted, "#ambition-by")
    def _date_entered(self) -> None:
        self.query_one("#ambition-rationale", TextArea).focus()

    def _describe(self, level: str) -> None:
        text = Text(f"{level_label(level, self.pack)} looks like: ", style="bold")
        text.append(printable(self.definition.levels.of(level)))
        self.query_one("#ambition-descriptor", Static).update(text)

    async def save(self) -> bool:
        dates, problems = self.typed_dates({"by": "#ambition-by", "interim_by": "#interim-by"})
        by, interim_by = dates["by"], dates["interim_by"]
        steps: Select[str] = self.query_one("#interim-level", Select)
        interim = None if steps.value is Select.NULL else str(steps.value)
        if interim is not None and not self.query_one("#interim-by", Input).value.strip():
            problems.append("interim_by: an interim step needs a date")
        if problems:
            raise InputError(self.form_title, problems)
        recorder = recorder_of(self)
        await recorder.call(
            recorder.workshop.set_ambition,
            self.session_id,
            self.area.id,
            self.query_one(LevelPicker).value,
            by,
            self.query_one("#ambition-rationale", TextArea).text.strip() or None,
        )
        before = self.area.ambition.interim if self.area.ambition else None
        if interim is not None or before is not None:
            await recorder.call(
                recorder.workshop.cycle.set_interim,
                self.session_id,
                self.area.id,
                as_level(interim),
                interim_by if interim else None,
            )
        return True
