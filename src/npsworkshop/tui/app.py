"""The facilitator's workshop app: sessions, the workshop itself, the summary and sign-off.

The first screen paints before the database layer loads: nothing here imports sqlmodel,
sqlalchemy, the service or reportlab at import time. The service is opened in a thread worker
after the first paint, and every later call goes through `Recorder`, off the event loop.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from npsworkshop.crashlog import one_line_summary, write_crash_log
from npsworkshop.tui.app_state import read_state, write_state
from npsworkshop.tui.literal import printable
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.tui.themes import EVERYDAY, PROJECTOR

if TYPE_CHECKING:
    from npsworkshop.tui.recorder import Recorder
    from npsworkshop.workspace import Workspace


@dataclass(frozen=True)
class Crash:
    """What the person is told after an unexpected error: the error's type and the log file."""

    summary: str
    log: Path | None

    def line(self) -> str:
        where = f"; details are in {self.log}" if self.log else ""
        return f"npsworkshop: the app stopped after an unexpected error ({self.summary}){where}"


class WorkshopOpened(Message):
    """The service is open and ready for calls."""

    def __init__(self, recorder: Recorder, letters_key: bytes | None) -> None:
        super().__init__()
        self.recorder = recorder
        self.letters_key = letters_key


class WorkshopUnavailable(Message):
    """The sessions database could not be opened; `reason` says why in words a person can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class WorkshopApp(App[int]):
    """The facilitator's app over one workspace."""

    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (Textual types it as a list)
    TITLE = "npsworkshop"
    SUB_TITLE = "Procurement maturity workshops"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            tooltip="Quit; everything you see is already saved.",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="app.commands",
            show=False,  # the footer shows the palette key on its right
            priority=True,
            tooltip="Jump to an area, export, sign off, projector mode.",
        ),
        Binding(
            "p",
            "toggle_projector",
            "Projector",
            id="app.projector",
            tooltip="Projector mode: high contrast, no names, departments or notes on screen",
        ),
    ]

    projector: reactive[bool] = reactive(False)
    """Projector mode: high contrast, no participant names and no notes on screen."""

    recorder: var[Recorder | None] = var(None)
    """The service, once the database is open."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        today: date | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.today = today
        """The default date of a new session (None: the real today); fixed in tests."""
        self.clock = clock
        """Seconds, for the workshop's elapsed times; fixed in tests and snapshots."""
        self.state = read_state(workspace.sessions_dir)
        """The session last open and projector mode, from the last run."""
        self.crash: Crash | None = None
        self.progress_by: str | None = None
        """Who records progress on signed plans in this run: asked once, then offered (§9)."""
        self.letters_key = os.urandom(32)
        """Orders participants' letters in projector mode: the workspace's key for anonymous
        outputs once the database is open, so screen and paper give everyone the same letter."""
        self._stop_signals: Callable[[], None] = lambda: None
        self.register_theme(EVERYDAY)
        self.register_theme(PROJECTOR)
        self.theme = EVERYDAY.name
        self.set_reactive(WorkshopApp.projector, self.state.projector)

    def on_mount(self) -> None:
        from npsworkshop.store.shutdown import on_termination

        # SIGTERM / SIGHUP (a closed terminal window) end the app as ctrl+q does: the terminal is
        # restored, the claims released and the WAL checkpointed (nothing is unsaved anyway).
        self._stop_signals = on_termination(
            lambda signum: self.exit(return_code=128 + signum), loop=asyncio.get_running_loop()
        )
        self.theme = PROJECTOR.name if self.projector else EVERYDAY.name
        self.set_class(self.projector, "-projector")
        self.push_screen(HomeScreen(self.workspace))

    def on_ready(self) -> None:
        # The home screen is on the terminal now; only then load the database layer, so its
        # imports (sqlmodel alone costs ~0.7 s) never hold up the first paint.
        self.call_after_refresh(self.open_workshop)

    @work(thread=True, exclusive=True, exit_on_error=False, group="database")
    def open_workshop(self) -> None:
        """Open the sessions database (slow imports and migrations) away from the event loop."""
        from npsworkshop.errors import Failure, UserError
        from npsworkshop.tui.recorder import Recorder
        from npsworkshop.workshop import Workshop

        try:
            workshop = Workshop.open(self.workspace)
        except (UserError, Failure) as error:
            self.post_message(WorkshopUnavailable(str(error)))
            return
        except OSError as error:
            where = error.filename or self.workspace.database
            reason = error.strerror or type(error).__name__
            self.post_message(WorkshopUnavailable(f"{where}: {reason}"))
            return
        from npsworkshop.exporting import anonymity_key

        try:
            letters_key: bytes | None = anonymity_key(workshop)
        except (UserError, Failure, OSError):  # no key: this run's letters stay unguessable
            letters_key = None
        recorder = Recorder(workshop, on_notices=self.show_notices)
        self.post_message(WorkshopOpened(recorder, letters_key))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly is a crash like any other: logged, one line, exit."""
        if event.state == WorkerState.ERROR and isinstance(event.worker.error, Exception):
            self._handle_exception(event.worker.error)

    @on(WorkshopOpened)
    def _workshop_opened(self, message: WorkshopOpened) -> None:
        if message.letters_key is not None:
            self.letters_key = message.letters_key
        self.recorder = message.recorder

    @on(WorkshopUnavailable)
    def _workshop_unavailable(self, message: WorkshopUnavailable) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_unavailable(message.reason)

    async def on_unmount(self) -> None:
        self._stop_signals()
        if "npsworkshop.tui.phones" in sys.modules:  # not loaded: no phone voting ever started
            from npsworkshop.tui import phones

            await phones.stop(self)
        recorder, self.recorder = self.recorder, None
        if recorder is not None:
            await asyncio.to_thread(recorder.close)

    async def action_quit(self) -> None:
        """Quit; a form with typed but unsaved text asks first (everything else is saved)."""
        unsaved = getattr(self.screen, "unsaved_changes", None)
        if callable(unsaved) and unsaved():
            from npsworkshop.tui.screens.confirm import ConfirmScreen

            def answered(quit_anyway: bool | None) -> None:
                if quit_anyway:
                    self.exit()

            question = "This form has changes that are not saved yet. Quit without saving them?"
            self.push_screen(ConfirmScreen(question, yes="Quit"), answered)
            return
        self.exit()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast, always shown as written: its message often carries user text."""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def show_notices(self, notices: list[str]) -> None:
        """What the service noticed that did not stop the work (a backup not made): each one a
        toast that stays long enough to read."""
        for notice in notices:
            self.notify(notice, title="Worth knowing", severity="warning", timeout=10)

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (in a text box it copies): say how to, in plain words (Textual's
        own message is markup, which this app's toasts show as written)."""
        self.notify(
            "Press ctrl+q to quit. Everything on screen is already saved.",
            title="Do you want to quit?",
        )

    # Projector mode ----------------------------------------------------------------------------

    def watch_projector(self, projector: bool) -> None:
        self.theme = PROJECTOR.name if projector else EVERYDAY.name
        self.set_class(projector, "-projector")
        self.remember(projector=projector)

    def remember(self, **changes: Any) -> None:
        """Keep the last session and projector mode for the next run (not part of any record)."""
        state = replace(self.state, **changes)
        if state != self.state:
            self.state = state
            write_state(self.workspace.sessions_dir, state)

    def action_toggle_projector(self) -> None:
        self.projector = not self.projector
        self.notify(
            "Projector mode on: names and notes are hidden."
            if self.projector
            else "Projector mode off: names and notes are shown.",
            timeout=3,
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Projector mode: " + ("turn off" if self.projector else "turn on"),
            "High contrast; participants' names and notes hidden while the screen is shared",
            self.action_toggle_projector,
        )
        for command in super().get_system_commands(screen):
            if command.title != "Theme":  # it would override the projector's theme
                yield command

    # Unexpected errors -------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Log the error with its traceback to the workspace; the screen only gets one line."""
        if self.crash is None:
            log = write_crash_log(self.workspace.log_file, error, context="workshop app")
            self.crash = Crash(one_line_summary(error), log)
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        """Print one line, never Textual's traceback (it may show user text, and be projected)."""
        self._exit_renderables.clear()
        if self.crash is not None:
            print(self.crash.line(), file=sys.stderr)


def run(workspace: Workspace, *, headless: bool = False) -> int:
    """Run the app until the facilitator quits; the exit status for the command line."""
    app = WorkshopApp(workspace)
    try:
        app.run(headless=headless)
    except Exception as error:  # Textual itself failed: still one line and a log
        app.crash = Crash(
            one_line_summary(error),
            write_crash_log(workspace.log_file, error, context="workshop app"),
        )
        print(app.crash.line(), file=sys.stderr)
        return 1
    if app.crash is not None:
        return 1
    return app.return_code or 0
