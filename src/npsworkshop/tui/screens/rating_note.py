"""A participant's note on their rating."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import TextArea

from npsworkshop.tui.context import projector_on, recorder_of
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.form_field import FormField


class NoteScreen(FormModal[bool]):
    """Write, change or clear (leave empty) the note on one rating."""

    def __init__(
        self,
        session_id: str,
        area_id: str,
        participant: str,
        dimension: str | None,
        *,
        who: str,
        note: str | None,
    ) -> None:
        super().__init__(f"Note: {who}", "What the participant said about their rating.")
        self.session_id = session_id
        self.area_id = area_id
        self.participant = participant
        self.dimension = dimension
        self.note = note or ""

    def compose_fields(self) -> ComposeResult:
        yield FormField(
            "Note",
            TextArea(self.note, id="note", compact=True),
            hint="Leave it empty to remove the note.",
            id="field-note",
        )

    def draft_of(self) -> tuple[str, str]:
        where = ":".join((self.area_id, self.participant, self.dimension or ""))
        return self.session_id, f"note:{where}"

    def drafts_hidden(self) -> bool:
        """A note is hidden while the screen is shared, and so is its draft."""
        return projector_on(self)

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()

    async def save(self) -> bool:
        recorder = recorder_of(self)
        text = self.query_one("#note", TextArea).text
        await recorder.call(
            recorder.workshop.set_note,
            self.session_id,
            self.area_id,
            self.participant,
            text.strip() or None,
            self.dimension,
        )
        return True
