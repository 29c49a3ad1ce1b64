"""Import: create a session from an interchange (JSON) file."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input

from npsworkshop.errors import InputError
from npsworkshop.tui.context import recorder_of
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.form_field import FormField


class ImportScreen(FormModal[str]):
    """Dismisses with the new session's id; a file with problems is named with each problem."""

    SAVE_LABEL = "Import"

    def __init__(self) -> None:
        super().__init__(
            "Import a session file",
            "An npsworkshop session file (JSON), for example one exported on another computer.",
        )

    def compose_fields(self) -> ComposeResult:
        yield FormField(
            "File",
            Input(
                id="import-path", placeholder="e.g. ~/Downloads/baseline-2026.json", compact=True
            ),
            hint="A path to a .json file; ~ and paths relative to where you started npsworkshop work.",
            id="field-file",
        )

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_save()

    async def save(self) -> str:
        from npsworkshop.interchange.json_format import import_file

        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            raise InputError("import", ["file: type the path of the file to import"])
        path = Path(text).expanduser()
        if not path.is_file():
            raise InputError("import", [f"file: there is no file at {path}"])
        recorder = recorder_of(self)
        return await recorder.call(import_file, recorder.workshop, path)
