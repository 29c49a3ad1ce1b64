"""Export: write a session as PDF, Word, JSON or CSV (and a signed plan's committee progress
update as of today) and show where the file went, with anything to check before publishing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from npsworkshop.crashlog import one_line_summary, write_crash_log
from npsworkshop.errors import Failure, UserError
from npsworkshop.tui.context import recorder_of, workshop_app
from npsworkshop.tui.literal import printable
from npsworkshop.tui.widgets.key_footer import KeyFooter

Format = Literal["pdf", "docx", "json", "csv"]
FORMATS: dict[Format, str] = {
    "pdf": "PDF: the action plan, ready for a committee agenda pack",
    "docx": "Word: the same action plan, for the council's committee report template",
    "json": "JSON: the session file, to import on another computer",
    "csv": "CSV: areas and actions, for a spreadsheet or a regional return",
}


KEYS: dict[Format, str] = {"pdf": "p", "docx": "w", "json": "j", "csv": "c"}
PROGRESS = "progress"  # the committee progress update of a signed plan (CONTRACT §5, §9)
PROGRESS_TEXT = "u  Progress update: the committee's report on the actions as of today (PDF)"
MANY_NOTICES = 3  # more than fit under the written path at 100x30: the list then scrolls


class Exported(Message):
    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths


class ExportFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class ExportScreen(ModalScreen[None]):
    """Choose a format; the file is written in the background into the workspace's exports/."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "export('pdf')", "PDF", id="export.pdf", tooltip="Write the PDF action plan"),
        Binding(
            "w", "export('docx')", "Word", id="export.docx", tooltip="Write the Word action plan"
        ),
        Binding("j", "export('json')", "JSON", id="export.json", tooltip="Write the JSON file"),
        Binding("c", "export('csv')", "CSV", id="export.csv", tooltip="Write the CSV files"),
        Binding(
            "u",
            "export('progress')",
            "Progress update",
            id="export.progress",
            tooltip="Write the committee progress update of a signed plan, as of today",
        ),
        Binding(
            "a",
            "toggle_anonymous",
            "Anonymous",
            id="export.anonymous",
            tooltip="Show participants' names, or only letters, in every format",
        ),
        Binding("escape", "close", "Close", id="export.close", tooltip="Back"),
    ]

    def __init__(self, session_id: str, *, signed: bool = False) -> None:
        super().__init__()
        self.session_id = session_id
        self.signed = signed
        """A signed plan also offers its committee progress update."""
        self.busy = False
        self.anonymous = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export" and parameters == (PROGRESS,):
            return self.signed
        return True

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Export this session", classes="dialog-title")
            yield Static(
                "Choose a format (enter, or its letter). Files go into the workspace's exports folder.",
                classes="dialog-intro",
            )
            options = [Option(f"{KEYS[fmt]}  {text}", id=fmt) for fmt, text in FORMATS.items()]
            if self.signed:
                options.append(Option(PROGRESS_TEXT, id=PROGRESS))
            yield OptionList(*options, id="formats")
            yield Static("", id="export-anonymous", markup=False)
            # Scrolls (tab to it, then the arrows) when the export raises more warnings than fit.
            with VerticalScroll(id="export-result") as result:
                result.styles.height = "auto"
                result.styles.max_height = "30vh"
                yield Static("", id="export-status", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close (esc)", id="close", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.anonymous = workshop_app(self).projector
        self._show_anonymous()
        self.query_one("#formats", OptionList).focus()

    def action_toggle_anonymous(self) -> None:
        self.anonymous = not self.anonymous
        self._show_anonymous()

    def _show_anonymous(self) -> None:
        choice = "left out (anonymous)" if self.anonymous else "shown"
        self.query_one("#export-anonymous", Static).update(
            f"Participants' names and departments in the file: {choice}. Press a to change."
        )

    @on(OptionList.OptionSelected, "#formats")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in FORMATS or event.option.id == PROGRESS:
            self.action_export(event.option.id)

    def action_export(self, fmt: str) -> None:
        if self.busy or not (fmt in FORMATS or (fmt == PROGRESS and self.signed)):
            return
        self.busy = True
        what = "progress update" if fmt == PROGRESS else f"{fmt.upper()} file"
        self.query_one("#export-status", Static).update(f"Writing the {what}…")
        if fmt == PROGRESS:
            self.write_progress()
        else:
            self.write(fmt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def write(self, fmt: Format) -> None:
        """Render and write the file away from the event loop (a PDF can take a moment)."""
        from npsworkshop.exporting import export_session

        try:
            paths = export_session(
                recorder_of(self).workshop, self.session_id, fmt, anonymous=self.anonymous
            )
        except (UserError, Failure) as error:
            self.post_message(ExportFailed(str(error)))
        except Exception as error:  # a renderer failed: keep the app, log the details
            log = write_crash_log(
                workshop_app(self).workspace.log_file, error, context=f"export {fmt}"
            )
            where = f" Details are in {log}." if log else ""
            self.post_message(
                ExportFailed(
                    f"The {fmt.upper()} file could not be written ({one_line_summary(error)}); "
                    f"the other formats still work.{where}"
                )
            )
        else:
            self.post_message(Exported(paths))

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def write_progress(self) -> None:
        """The committee progress update as of today, as `npsworkshop progress` writes it."""
        from npsworkshop.progress_exporting import export_progress

        app = workshop_app(self)
        try:
            path = export_progress(
                recorder_of(self).workshop,
                self.session_id,
                "pdf",
                as_of=app.today or date.today(),
                anonymous=self.anonymous,
            )
        except (UserError, Failure) as error:
            self.post_message(ExportFailed(str(error)))
        except Exception as error:  # the renderer failed: keep the app, log the details
            log = write_crash_log(app.workspace.log_file, error, context="export progress")
            where = f" Details are in {log}." if log else ""
            self.post_message(
                ExportFailed(
                    f"The progress update could not be written ({one_line_summary(error)}).{where}"
                )
            )
        else:
            self.post_message(Exported([path]))

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self.busy = False
        lines = "\n".join(f"  {path}" for path in message.paths)
        self._show_status(f"✓ Written:\n{lines}")
        self.set_class(False, "-failed")

    @on(ExportFailed)
    def _failed(self, message: ExportFailed) -> None:
        self.busy = False
        self._show_status(f"✗ {message.reason}")
        self.set_class(True, "-failed")

    def _show_status(self, outcome: str) -> None:
        """The outcome, then what the export noticed (a participant named in free text that an
        anonymous file prints as written, a character no font has): here, in the dialog, until
        it closes, so the officer reads it before the file goes anywhere."""
        text = Text(printable(outcome))
        notices = recorder_of(self).new_notices()
        if notices:
            more = " (tab, then ↓ to read them all)" if len(notices) > MANY_NOTICES else ""
            text.append(f"\n⚠ Check before you publish it{more}:", style="bold")
            for notice in notices:
                text.append(f"\n  ⚠ {printable(notice)}")
        self.query_one("#export-status", Static).update(text)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
