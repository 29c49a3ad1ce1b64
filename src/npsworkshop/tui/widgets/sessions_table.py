"""The workspace's sessions, one row each; enter opens the highlighted one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from npsworkshop.tui.literal import printable

if TYPE_CHECKING:
    from npsworkshop.workshop.service import SessionSummary

STATUS = {"draft": "Draft", "signed-off": "Signed off"}
TAMPERED = "⚠ Changed after sign-off"


class SessionsTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            id="home.open",
            tooltip="Open the highlighted session",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for title in ("Organisation", "Title", "Date", "Status", "Progress"):
            self.add_column(title, key=title.lower())

    def show(self, sessions: list[SessionSummary], keep: str | None) -> None:
        """List the sessions, keeping the highlight on `keep` when it is still there."""
        self.clear()
        for s in sessions:
            status = TAMPERED if s.tampered else STATUS.get(s.status, s.status)
            cells = (s.organisation, s.title, s.held_on, status, s.progress)
            self.add_row(*(Text(printable(cell)) for cell in cells), key=s.id)
        if keep is not None and any(s.id == keep for s in sessions):
            self.move_cursor(row=self.get_row_index(keep))

    def highlighted_id(self) -> str | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.row_count > 0 if action == "select_cursor" else True
