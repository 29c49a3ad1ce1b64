"""Home: the workspace's sessions, and how to start one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from npsworkshop.tui.context import recorder_of, workshop_app
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

STATUS = {"draft": "Draft", "signed-off": "Signed off"}
TAMPERED = "⚠ Changed after sign-off"


class SessionsTable(DataTable[str]):
    """The sessions list; enter opens the highlighted session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            id="home.open",
            tooltip="Open the highlighted session",
        ),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.row_count > 0 if action == "select_cursor" else True


class HomeScreen(Screen[None]):
    """The sessions in this workspace: new, open, import, export."""

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
            "e",
            "export_session",
            "Export",
            id="home.export",
            tooltip="Write the highlighted session as PDF, JSON or CSV",
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
            table = SessionsTable(id="sessions", cursor_type="row", zebra_stripes=True)
            table.add_column("Organisation", key="organisation")
            table.add_column("Title", key="title")
            table.add_column("Date", key="date")
            table.add_column("Status", key="status")
            table.add_column("Progress", key="progress")
            yield table
            yield Static(EMPTY, id="home-empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(workshop_app(self), "recorder", self._recorder_ready, init=True)

    async def _recorder_ready(self, recorder: Recorder | None) -> None:
        if recorder is not None:
            for notice in recorder.workshop.notices:
                self.notify(notice, title="Worth knowing", severity="warning", timeout=10)
            await self.refresh_sessions()

    def show_unavailable(self, reason: str) -> None:
        self.query_one("#home-status", Static).update(
            f"The sessions database could not be opened.\n{reason}"
        )
        self.set_class(True, "-unavailable")

    async def on_screen_resume(self) -> None:
        if self.loaded:
            await self.refresh_sessions()

    async def refresh_sessions(self, select: str | None = None) -> None:
        """Read the sessions list again, keeping (or moving) the highlight."""
        recorder = recorder_of(self)
        keep = select or self.highlighted_id()
        self.sessions = await recorder.call(recorder.workshop.list_sessions)
        table: DataTable[str] = self.query_one("#sessions", DataTable)
        table.clear()
        for s in self.sessions:
            table.add_row(
                s.organisation,
                s.title,
                s.held_on,
                STATUS.get(s.status, s.status),
                s.progress,
                key=s.id,
            )
        self.loaded = True
        self.set_class(True, "-loaded")
        self.set_class(not self.sessions, "-empty")
        if keep is not None and any(s.id == keep for s in self.sessions):
            table.move_cursor(row=table.get_row_index(keep))
        if self.sessions:
            table.focus()
        self.refresh_bindings()

    def highlighted_id(self) -> str | None:
        table: DataTable[str] = self.query_one("#sessions", DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_session", "import_session"):
            return True if self.loaded else None
        if action == "export_session":
            return True if self.loaded and self.highlighted_id() else None
        return True

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
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
            self.app.push_screen(ExportScreen(session_id))
