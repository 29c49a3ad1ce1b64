"""Home: the workspace's sessions, and how to start one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from npsworkshop.tui.commands import PaletteCommand, ScreenCommands
from npsworkshop.tui.context import recorder_of, workshop_app
from npsworkshop.tui.literal import literal
from npsworkshop.tui.widgets.key_footer import KeyFooter
from npsworkshop.tui.widgets.session_bar import TitleBar

if TYPE_CHECKING:
    from npsworkshop.tui.recorder import Recorder
    from npsworkshop.workshop.service import SessionSummary
    from npsworkshop.workspace import Workspace

EMPTY = """\
[b]No sessions in this workspace yet.[/b]

Press [b reverse] n [/] to start a new workshop session: you will be asked for the council, \
the date, the areas to assess and who is in the room.

Press [b reverse] i [/] to import a session file (JSON) that someone has sent you.

Every change is saved as you make it. Press [b reverse] ctrl+q [/] to quit at any time."""


class HomeScreen(Screen[None]):
    """The sessions in this workspace: new, open, import, export, follow-up."""

    LOOK_AGAIN_SECONDS = 5.0
    """How often the list is read again while it is on screen (the CLI may add a session)."""

    COMMANDS: ClassVar[set[Any]] = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n", "new_session", "New session", id="home.new", tooltip="Start a new workshop session"
        ),
        Binding(
            "i",
            "import_session",
            "Import JSON",
            id="home.import",
            tooltip="Create a session from an interchange (JSON) file",
        ),
        Binding(
            "d",
            "edit_session",
            "Details",
            id="home.edit",
            tooltip="Change the highlighted session's details and participants",
        ),
        Binding(
            "e",
            "export_session",
            "Export",
            id="home.export",
            tooltip="Write the highlighted session as PDF, JSON or CSV",
        ),
        Binding(
            "f",
            "start_followup",
            "Follow-up",
            id="home.followup",
            tooltip="Start a follow-up reassessment of the highlighted signed-off session",
        ),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.sessions: list[SessionSummary] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TitleBar("Procurement maturity workshops")
        with Vertical(id="home"):
            yield Static("Sessions", id="home-heading")
            yield Static("Opening the sessions database…", id="home-status", markup=False)
            # The sessions table is mounted once the database is open: DataTable is not needed
            # (nor imported) for the first paint.
            yield Static(EMPTY, id="home-empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(workshop_app(self), "recorder", self._recorder_ready, init=True)
        self.set_interval(self.LOOK_AGAIN_SECONDS, self._look_again)

    async def _look_again(self) -> None:
        """A session imported (or changed) from the command line meanwhile appears without a
        key being pressed; the list is redrawn only when it changed."""
        recorder = workshop_app(self).recorder
        if not self.loaded or self.app.screen is not self or recorder is None:
            return
        if await recorder.call(recorder.workshop.list_sessions) != self.sessions:
            await self.refresh_sessions()

    async def _recorder_ready(self, recorder: Recorder | None) -> None:
        if recorder is not None:
            workshop_app(self).show_notices(recorder.new_notices())
            await self.refresh_sessions()
            last = workshop_app(self).state.last_session
            if last is not None and any(s.id == last for s in self.sessions):
                self.open(last)  # back where the facilitator was when the app last closed

    def show_unavailable(self, reason: str) -> None:
        self.query_one("#home-status", Static).update(
            literal(f"The sessions database could not be opened.\n{reason}")
        )
        self.set_class(True, "-unavailable")

    async def on_screen_resume(self) -> None:
        if self.loaded:
            await self.refresh_sessions()

    async def refresh_sessions(self, select: str | None = None) -> None:
        """Read the sessions list again, keeping (or moving) the highlight."""
        from npsworkshop.tui.widgets.sessions_table import SessionsTable

        recorder = recorder_of(self)
        keep = select or self.highlighted_id()
        self.sessions = await recorder.call(recorder.workshop.list_sessions)
        tables = list(self.query(SessionsTable))
        table = tables[0] if tables else SessionsTable(id="sessions")
        if not tables:
            await self.query_one("#home").mount(table, before="#home-empty")
        table.show(self.sessions, keep, self.table_width())
        self.loaded = True
        self.set_class(True, "-loaded")
        self.set_class(not self.sessions, "-empty")
        if self.sessions:
            table.focus()
        self.refresh_bindings()

    def table_width(self) -> int:
        """The columns the sessions table has: the screen less the home's padding."""
        return self.app.size.width - 4

    def on_resize(self) -> None:
        if not self.loaded:  # no table yet, and DataTable stays unloaded until the first paint
            return
        from npsworkshop.tui.widgets.sessions_table import SessionsTable

        for table in self.query(SessionsTable):
            table.show(self.sessions, self.highlighted_id(), self.table_width())

    def highlighted_id(self) -> str | None:
        from npsworkshop.tui.widgets.sessions_table import SessionsTable

        tables = list(self.query(SessionsTable))
        return tables[0].highlighted_id() if tables else None

    def highlighted_signed(self) -> str | None:
        """The highlighted session's id when it is signed off and intact (it can be followed up)."""
        wanted = self.highlighted_id()
        summary = next((s for s in self.sessions if s.id == wanted), None)
        if summary is None or summary.status != "signed-off" or summary.tampered:
            return None
        return summary.id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_session", "import_session"):
            return True if self.loaded else None
        if action in ("export_session", "edit_session"):
            return True if self.loaded and self.highlighted_id() else None
        if action == "start_followup":  # shown only where it can be used: on a signed session
            return self.loaded and self.highlighted_signed() is not None
        return True

    def palette_commands(self) -> Iterable[PaletteCommand]:
        if self.check_action("start_followup", ()):
            yield PaletteCommand(
                "Start follow-up",
                "A new draft reassessing the highlighted signed-off session (f)",
                self.action_start_followup,
            )

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self) -> None:
        session_id = self.highlighted_id()
        if session_id is not None:
            self.open(session_id)

    def action_new_session(self) -> None:
        from npsworkshop.tui.screens.new_session import NewSessionScreen

        today = workshop_app(self).today
        self.app.push_screen(NewSessionScreen(self.workspace, today), self._open_created)

    def _open_created(self, session_id: str | None) -> None:
        if session_id is not None:
            self.open(session_id)

    def open(self, session_id: str) -> None:
        from npsworkshop.tui.screens.workshop import WorkshopScreen

        # Not twice: enter on the table and the reopening of the last session can race.
        if not any(isinstance(screen, WorkshopScreen) for screen in self.app.screen_stack):
            self.app.push_screen(WorkshopScreen(session_id))

    def action_import_session(self) -> None:
        from npsworkshop.tui.screens.import_file import ImportScreen

        self.app.push_screen(ImportScreen(), self._imported)

    async def _imported(self, session_id: str | None) -> None:
        if session_id is not None:
            await self.refresh_sessions(select=session_id)
            self.notify("Session imported. Press enter to open it.", timeout=5)

    def action_export_session(self) -> None:
        from npsworkshop.tui.screens.export import ExportScreen

        session_id = self.highlighted_id()
        if session_id is not None:
            self.app.push_screen(
                ExportScreen(session_id, signed=session_id == self.highlighted_signed())
            )

    async def action_edit_session(self) -> None:
        from npsworkshop.tui.screens.edit_session import open_session_details

        session_id = self.highlighted_id()
        if session_id is None:
            return
        recorder = recorder_of(self)
        snapshot = await recorder.call(recorder.workshop.snapshot, session_id)
        if snapshot.signed_off:
            self.notify("This session is signed off: its details cannot change.", timeout=4)
            return
        open_session_details(self.app, snapshot, self._edited)

    async def _edited(self, changed: bool | None) -> None:
        if changed:
            await self.refresh_sessions()

    async def action_start_followup(self) -> None:
        from npsworkshop.tui.screens.followup import FollowupScreen

        session_id = self.highlighted_signed()
        if session_id is None:
            self.notify("Only a signed-off session can be followed up.", timeout=4)
            return
        app = workshop_app(self)
        recorder = recorder_of(self)
        snapshot = await recorder.call(recorder.workshop.snapshot, session_id)
        today = app.today or date.today()
        self.app.push_screen(
            FollowupScreen(snapshot, today, app.progress_by), self._followup_started
        )

    async def _followup_started(self, session_id: str | None) -> None:
        if session_id is not None:
            await self.refresh_sessions(select=session_id)
            self.notify("Follow-up started: last time's results are beside each area.", timeout=5)
            self.open(session_id)
