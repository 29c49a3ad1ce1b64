"""Start a follow-up: a new draft reassessing a signed-off session (CONTRACT §5), with the same
council, framework, areas and people, and its outstanding actions carried forward."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input

from npsworkshop.errors import InputError
from npsworkshop.tui.context import recorder_of
from npsworkshop.tui.problems import in_form_words
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.date_input import DateInput
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.widgets.session_fields import held_on_field, title_field

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import SessionSnapshot

OPTIONS = {"--held-on": "held_on", "--title": "title", "--by": "by"}  # the service's words


def followup_title(title: str) -> str:
    from npsworkshop.workshop.inputs import TITLE_MAX

    return f"Follow-up of {title}"[:TITLE_MAX]


class FollowupScreen(FormModal[str]):
    """Dismisses with the new draft's id."""

    SAVE_LABEL = "Start follow-up"

    def __init__(self, baseline: SessionSnapshot, today: date, who: str | None) -> None:
        record = baseline.record
        super().__init__(
            "Start a follow-up",
            f"A new draft with the same council, framework, areas and people as the session of "
            f"{record.held_on.isoformat()}. Each area shows last time's level and ambition; the "
            "actions still open are carried forward. The signed session does not change.",
        )
        self.baseline = baseline
        self.today = today
        self.who = who or record.facilitator or ""

    def compose_fields(self) -> ComposeResult:
        yield held_on_field(self.today)
        yield title_field(followup_title(self.baseline.record.title))
        yield FormField(
            "Who starts it",
            Input(self.who, id="followup-by", placeholder="Your name", compact=True),
            hint="Written in the signed session's progress log beside each carried action.",
            id="field-by",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#held-on", DateInput).focus()

    async def save(self) -> str:
        held_on = self.typed_date("#held-on", "held_on")
        if held_on is None:
            raise InputError("followup", ["held_on: is required: the date of the follow-up"])
        recorder = recorder_of(self)
        try:
            return await recorder.call(
                recorder.workshop.cycle.start_followup,
                self.baseline.id,
                held_on=held_on,
                title=self.query_one("#title", Input).value,
                by=self.query_one("#followup-by", Input).value.strip() or None,
                today=self.today,
            )
        except InputError as error:
            raise in_form_words(error, OPTIONS) from None
