"""A form's unsaved text kept on disk as it is typed (store/form_drafts.py), and offered back when
the same form is opened again for the same session: nothing typed is lost if the terminal
closes before ctrl+s. Disk work runs on one writer thread, in order, never on the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from npsworkshop.store import form_drafts
from npsworkshop.tui.context import workshop_app

if TYPE_CHECKING:
    from textual.screen import Screen

    from npsworkshop.tui.screens.form_modal import FormModal

# How long typing may run on before what is typed is kept (at most this much is ever lost).
KEEP_AFTER = 0.5
WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="npsworkshop-drafts")


def when(at: datetime) -> str:
    """ "29 Nov 2026 at 14:05", in the machine's time."""
    local = at.astimezone()
    return f"{local.day} {local:%b %Y} at {local:%H:%M}"


class KeptDraft:
    """What keeping a form's draft takes, whatever the form: read on opening (off the loop),
    kept a moment after each change, forgotten on save or discard. A subclass says where it is
    kept, what the form holds, whether that differs from what is saved, and how to offer a
    draft back."""

    def __init__(self, screen: Screen[Any]) -> None:
        self.screen = screen
        self._timer: Timer | None = None
        self._kept: dict[str, str] | None = None
        self._warned = False

    def where(self) -> tuple[Path, str, str] | None:
        """(the workspace's sessions folder, session id, form name); None keeps no draft."""
        raise NotImplementedError

    def fields(self) -> dict[str, str]:
        """The form's text and choices by name."""
        raise NotImplementedError

    def unsaved(self) -> bool:
        raise NotImplementedError

    def offer(self, draft: form_drafts.FormDraft) -> None:
        """Put a kept draft back into the form (on the event loop)."""
        raise NotImplementedError

    def start(self) -> None:
        """Read the form's draft off the loop, then offer it back."""
        where = self.where()
        if where is None:
            return
        self._kept = self.fields()
        future = asyncio.get_running_loop().run_in_executor(
            WRITER, partial(form_drafts.read_draft, *where)
        )
        future.add_done_callback(self._read)

    def _read(self, future: asyncio.Future[form_drafts.FormDraft | None]) -> None:
        if future.cancelled() or future.exception() is not None or not self.screen.is_attached:
            return
        draft = future.result()
        if draft is not None:
            self.offer(draft)

    def restored(self, draft: form_drafts.FormDraft, then: str) -> None:
        """Say in the form that its text was put back, and what to do with it."""
        self._kept = self.fields()
        note = self.screen.query_one("#form-draft", Static)
        note.update(f"Restored the text you were typing on {when(draft.at)} {then}")
        self.screen.add_class("-draft-restored")

    def typed(self) -> None:
        """A field changed: keep the form's text shortly (once per pause, however fast the typing)."""
        if self._timer is None and self._kept is not None:
            self._timer = self.screen.set_timer(KEEP_AFTER, self.keep_now)

    def keep_now(self) -> None:
        """Write what the form holds now as its draft (or forget it when it is as saved)."""
        self._timer = None
        where = self.where()
        if where is None or not self.screen.is_attached:
            return
        fields = self.fields()
        if fields == self._kept:
            return
        self._kept = fields
        if self.unsaved():
            now = datetime.now(UTC)
            self._submit(partial(form_drafts.keep_draft, *where, fields, now))
        else:
            self._submit(partial(form_drafts.drop_draft, *where))

    def forget(self) -> None:
        """The form was saved or discarded: its draft goes, after any write already queued."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        where = self.where()
        if where is not None and self._kept is not None:
            self._kept = None
            self._submit(partial(form_drafts.drop_draft, *where))

    def _submit(self, write: Callable[[], None]) -> None:
        future = asyncio.get_running_loop().run_in_executor(WRITER, write)
        future.add_done_callback(self._written)

    def _written(self, future: asyncio.Future[None]) -> None:
        error = None if future.cancelled() else future.exception()
        if error is None or self._warned:
            return
        self._warned = True
        self.screen.app.notify(
            f"The text typed is not kept on disk until it is saved ({error}); ctrl+s saves it.",
            title="Draft not kept",
            severity="warning",
            timeout=6,
            markup=False,
        )


class DraftKeeper(KeptDraft):
    """A modal form's draft: its fields by widget id, under the name the form gives."""

    def __init__(self, form: FormModal[Any]) -> None:
        super().__init__(form)
        self.form = form

    def where(self) -> tuple[Path, str, str] | None:
        found = self.form.draft_of()
        if found is None:
            return None
        return (workshop_app(self.form).workspace.sessions_dir, *found)

    def unsaved(self) -> bool:
        return self.form.unsaved_changes()

    def _widgets(self) -> Iterator[tuple[str, Widget]]:
        """The form's own fields (not a Select's pop-up list), by id."""
        for widget in self.form.query(
            ".dialog-body Input, .dialog-body TextArea, .dialog-body Select, .dialog-body OptionList"
        ):
            if widget.id and not isinstance(widget.parent, Select):
                yield widget.id, widget

    def fields(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for name, widget in self._widgets():
            if isinstance(widget, TextArea):
                values[name] = widget.text
            elif isinstance(widget, Input):
                values[name] = widget.value
            elif isinstance(widget, Select):
                values[name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, OptionList):
                option = widget.highlighted_option
                values[name] = (option.id or "") if option is not None else ""
        return values

    def offer(self, draft: form_drafts.FormDraft) -> None:
        if self.form.drafts_hidden():
            self.form.notify(
                "This form has unsaved text, hidden while the screen is shared. Turn projector "
                "mode off (p) to read or change it.",
                timeout=6,
            )
            self.form.dismiss(None)
        elif not self.unsaved():  # typing began before the draft was read: it wins
            self._restore(draft)

    def _restore(self, draft: form_drafts.FormDraft) -> None:
        for name, widget in self._widgets():
            value = draft.fields.get(name)
            if value is None:
                continue
            if isinstance(widget, TextArea):
                widget.text = value
                widget.move_cursor(widget.document.end)
            elif isinstance(widget, Input):
                widget.value = value
                widget.cursor_position = len(value)
            elif isinstance(widget, Select):
                try:
                    widget.value = value or Select.NULL
                except InvalidSelectValueError:  # a choice no longer offered: keep the form's
                    continue
            elif isinstance(widget, OptionList):
                for index, option in enumerate(widget.options):
                    if option.id == value and not option.disabled:
                        widget.highlighted = index
        self.restored(draft, "(not saved yet): ctrl+s saves it, esc discards it.")
