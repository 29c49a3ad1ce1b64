"""The workspace's sessions, one row each; enter opens the highlighted one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from npsworkshop.tui.literal import printable
from npsworkshop.tui.widgets.level_rows import one_line

if TYPE_CHECKING:
    from npsworkshop.workshop.service import SessionSummary

STATUS = {"draft": "Draft", "signed-off": "Signed off"}
TAMPERED = "⚠ Changed after sign-off"
COLUMNS = ("Organisation", "Title", "Date", "Status", "Progress")
DATE_WIDTH = 10
ORGANISATION_SHARE = 0.6  # at least, of the room the date, status and progress leave


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

    def show(self, sessions: list[SessionSummary], keep: str | None, width: int) -> None:
        """List the sessions in `width` columns, keeping the highlight on `keep` when it is
        still there: the date, status and progress always whole, the council's name and the
        title cut at a word to share what is left."""
        rows = [
            (
                printable(s.organisation),
                printable(s.title),
                printable(s.held_on),
                TAMPERED if s.tampered else STATUS.get(s.status, s.status),
                printable(s.progress),
                s.id,
            )
            for s in sessions
        ]
        fixed = [
            max([len(title), *(len(row[i]) for row in rows)])
            for i, title in enumerate(COLUMNS[2:], start=2)
        ]
        room = max(24, width - sum(fixed) - 2 * len(COLUMNS) - 2)
        longest = max([len(COLUMNS[0]), *(len(row[0]) for row in rows)])
        longest_title = max([len(COLUMNS[1]), *(len(row[1]) for row in rows)])
        # The council's name first: it takes what the longest title leaves, and when both must
        # be cut, at least its share (two councils named "Royal Borough of …" look alike).
        organisation = max(room - longest_title, int(room * ORGANISATION_SHARE))
        organisation = max(12, min(longest, organisation))
        widths = [organisation, room - organisation, *fixed]
        self.clear(columns=True)
        for title, each in zip(COLUMNS, widths, strict=True):
            self.add_column(title, key=title.lower(), width=each)
        for *cells, session_id in rows:
            self.add_row(
                *(Text(one_line(c, w)) for c, w in zip(cells, widths, strict=True)),
                key=session_id,
            )
        if keep is not None and any(s.id == keep for s in sessions):
            self.move_cursor(row=self.get_row_index(keep))

    def highlighted_id(self) -> str | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.row_count > 0 if action == "select_cursor" else True
