"""Progress on one action of a signed-off plan (CONTRACT §5, §9): its history, and a new entry
(status, date, note, who, perhaps a revised due date). The signed plan never changes: each
entry is appended to the action's progress log, one transaction, and a wrong entry is
corrected by a later one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from npsworkshop.errors import InputError
from npsworkshop.tui.context import recorder_of, workshop_app
from npsworkshop.tui.literal import printable
from npsworkshop.tui.problems import in_form_words
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.date_input import DateInput
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.wording import ACTION_STATUSES

if TYPE_CHECKING:
    from npsworkshop.assessment.progress import ActionAsOf, ProgressEntry

OPTIONS = {"--status": "status", "--on": "on", "--note": "note", "--by": "by", "--due": "due"}
SHOWN_ENTRIES = 6  # the latest; the form must fit a 100x30 projector


def entry_line(entry: ProgressEntry) -> str:
    """'2026-06-01  Done  Jo Smith: Reviewed at board (due now 2027-01-31)'."""
    line = f"{entry.on.isoformat()}  {ACTION_STATUSES.get(entry.status, entry.status)}"
    if entry.carried_to:
        line += f"  carried forward to session {entry.carried_to}"
    line += f"  {entry.by}"
    if entry.note:
        line += f": {entry.note}"
    if entry.due:
        line += f" (due now {entry.due.isoformat()})"
    return printable(line)


def history(state: ActionAsOf, today: date) -> Text:
    """The action as planned, where it stands today, and its log (latest entries)."""
    action = state.action
    text = Text(printable(action.title), style="bold")
    text.append(printable(f"\nOwner: {action.owner or '-'} · due "))
    text.append(state.due.isoformat() if state.due else "-")
    text.append(f" · today ({today.isoformat()}): {ACTION_STATUSES[state.status]}")
    if state.overdue:
        text.append("  ⚠ OVERDUE", style="bold")
    entries = action.entries
    text.append("\nPROGRESS SO FAR", style="bold")
    text.append("  (a wrong entry is put right by a later one)", style="dim")
    if not entries:
        text.append(
            f"\nNo updates yet: signed as {ACTION_STATUSES[action.status]}.", style="italic"
        )
    if len(entries) > SHOWN_ENTRIES:
        text.append(f"\n… {len(entries) - SHOWN_ENTRIES} earlier updates", style="dim")
    for entry in entries[-SHOWN_ENTRIES:]:
        text.append(f"\n{entry_line(entry)}")
    return text


class ProgressScreen(FormModal[bool]):
    """Dismisses with True once the entry is in the log."""

    SAVE_LABEL = "Record progress"

    def __init__(self, session_id: str, state: ActionAsOf, today: date) -> None:
        super().__init__(f"Progress on action {state.action.ref}", history(state, today))
        self.session_id = session_id
        self.state = state
        self.today = today

    def compose_fields(self) -> ComposeResult:
        status: Select[str] = Select(
            [(label, status) for status, label in ACTION_STATUSES.items()],
            id="progress-status",
            compact=True,
            allow_blank=False,
            value=self.state.status,
        )
        with Horizontal(classes="form-row"):
            yield FormField("Status", status, id="field-status")
            yield FormField(
                "On (DD/MM/YYYY or YYYY-MM-DD)",
                DateInput(self.today, id="progress-on"),
                id="field-on",
            )
        yield FormField(
            "Note", Input(id="progress-note", placeholder="optional", compact=True), id="field-note"
        )
        who = workshop_app(self).progress_by or ""
        with Horizontal(classes="form-row"):
            yield FormField(
                "Who records it (asked once)",
                Input(who, id="progress-by", placeholder="Your name", compact=True),
                id="field-by",
            )
            yield FormField(
                "New due date (blank keeps it)",
                DateInput(None, id="progress-due"),
                id="field-due",
            )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#progress-status", Select).focus()

    async def save(self) -> bool:
        from npsworkshop.workshop.progress_log import Update

        on = self.typed_date("#progress-on", "on")
        due = self.typed_date("#progress-due", "due")
        status: Select[str] = self.query_one("#progress-status", Select)
        by = self.query_one("#progress-by", Input).value.strip()
        update = Update(
            self.state.action.ref,
            str(status.value),
            self.query_one("#progress-note", Input).value.strip() or None,
            on,
            by,
            due,
        )
        recorder = recorder_of(self)
        try:
            await recorder.call(
                recorder.workshop.cycle.record_progress, self.session_id, update, self.today
            )
        except InputError as error:
            raise in_form_words(error, OPTIONS) from None
        workshop_app(self).progress_by = by
        return True
