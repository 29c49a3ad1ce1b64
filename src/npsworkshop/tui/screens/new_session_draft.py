"""The new-session form's typed text kept as a draft, as every form's is (form_draft.py): the
names typed as people arrive survive the terminal closing. There is no session yet, so it is
kept under the workspace's own name "new-session" in sessions/drafts/."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual.widgets import Input, Select
from textual.widgets.select import InvalidSelectValueError

from npsworkshop.store import form_drafts
from npsworkshop.tui.context import workshop_app
from npsworkshop.tui.screens.form_draft import KeptDraft
from npsworkshop.tui.widgets.participant_list import ParticipantList
from npsworkshop.tui.widgets.participant_row import FIELDS

if TYPE_CHECKING:
    from pathlib import Path

    from npsworkshop.tui.screens.new_session import NewSessionScreen

KEY = "new-session"
DETAILS = (
    "organisation",
    "organisation-type",
    "organisation-code",
    "title",
    "held-on",
    "facilitator",
)


class NewSessionDraft(KeptDraft):
    """The details and the participants' rows, under the name "new-session"."""

    def __init__(self, screen: NewSessionScreen) -> None:
        super().__init__(screen)
        self.form = screen

    def where(self) -> tuple[Path, str, str]:
        return workshop_app(self.form).workspace.sessions_dir, KEY, KEY

    def unsaved(self) -> bool:
        return self.form.unsaved_changes()

    def fields(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for name in DETAILS:
            widget = self.form.query_one(f"#{name}")
            if isinstance(widget, Select):
                values[name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                values[name] = widget.value
        for number, row in enumerate(self.form.rows()):
            for field, value in row.values().items():
                values[f"participant-{number}-{field}"] = value
        return values

    def offer(self, draft: form_drafts.FormDraft) -> None:
        if not self.unsaved():  # typing began before the draft was read: it wins
            self.form.run_worker(self._restore(draft), exit_on_error=False)

    async def _restore(self, draft: form_drafts.FormDraft) -> None:
        fields = draft.fields
        for name in DETAILS:
            widget, value = self.form.query_one(f"#{name}"), fields.get(name)
            if value is None:
                continue
            if isinstance(widget, Select):
                with contextlib.suppress(InvalidSelectValueError):
                    widget.value = value or Select.NULL
            elif isinstance(widget, Input):
                widget.value = value
        people = self.form.query_one(ParticipantList)
        number = 0
        while any(f"participant-{number}-{field}" in fields for field in FIELDS):
            rows = self.form.rows()
            row = rows[number] if number < len(rows) else await people.add()
            for field in FIELDS:
                row.input_for(field).value = fields.get(f"participant-{number}-{field}", "")
            number += 1
        self.form.query_one("#organisation", Input).focus()
        self.restored(draft, "(not created yet): ctrl+s creates the session, esc discards it.")
