"""A one-line field that keeps all of a multi-line paste, joined into one line."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

JOINED = "The pasted lines were joined into one: this field holds a single line."


class LineInput(Input):
    """Textual's Input keeps only the first line of a paste and silently drops the rest (an
    action pasted from an email lost its second and third lines); here every line is kept,
    joined by spaces, tabs become spaces, and the facilitator is told."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would keep the first line only
        event.stop()
        kept = [" ".join(line.split()) for line in event.text.splitlines() if line.strip()]
        if len(kept) > 1:
            self.notify(JOINED, timeout=5)
        text = " ".join(kept)
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
