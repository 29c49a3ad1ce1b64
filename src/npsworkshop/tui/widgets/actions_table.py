"""The area's actions: title, owner, due date and status."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from npsworkshop.tui.footer_keys import refresh_bindings_on_change
from npsworkshop.tui.literal import printable
from npsworkshop.tui.widgets.level_rows import one_line
from npsworkshop.tui.wording import ACTION_STATUSES

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import ActionFact


REMOVE = Binding.Group("Remove action")
OWNER_WIDTH = 24
DUE_WIDTH = 10  # 2027-03-31
STATUS_WIDTH = 11  # In progress


class ActionsTable(DataTable[Text]):
    """Enter edits the highlighted action; delete removes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "edit", "Edit action", id="workshop.edit_action", tooltip="Edit this action"
        ),
        *(
            Binding(
                key,
                "remove",
                "Remove action",
                id=f"workshop.remove_action_{key}",
                group=REMOVE,
                tooltip="Remove this action (asks first)",
            )
            for key in ("x", "delete")
        ),
    ]

    class EditWanted(Message):
        def __init__(self, action_id: int) -> None:
            super().__init__()
            self.action_id = action_id

    class RemoveWanted(Message):
        def __init__(self, action_id: int) -> None:
            super().__init__()
            self.action_id = action_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.read_only = False

    def show(self, actions: tuple[ActionFact, ...], *, read_only: bool, room: int) -> None:
        """Redraw; titles and owners are cut (at a word) so the due date and status always fit
        in `room` columns."""
        keep = self.cursor_row
        self.read_only = read_only
        self.clear(columns=True)
        owner_width = min(OWNER_WIDTH, max(8, room // 4))
        title_width = max(12, room - owner_width - DUE_WIDTH - STATUS_WIDTH - 4 * 2 - 2)
        self.add_column(Text("Action", style="bold"), key="title", width=title_width)
        self.add_column(Text("Owner", style="bold"), key="owner", width=owner_width)
        self.add_column(Text("Due", style="bold"), key="due", width=DUE_WIDTH)
        self.add_column(Text("Status", style="bold"), key="status", width=STATUS_WIDTH)
        for action in actions:
            title = Text()
            if action.carried_from:  # the baseline's ref: where a follow-up's action came from
                title.append(f"↻ {action.carried_from} ", style="bold")
            title.append(one_line(printable(action.title), title_width - len(title)))
            self.add_row(
                title,
                Text(one_line(printable(action.owner or "-"), owner_width)),
                Text(action.due.isoformat() if action.due else "-"),
                Text(ACTION_STATUSES[action.status]),
                key=str(action.id),
            )
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1), animate=False)
        refresh_bindings_on_change(self, (read_only, self.row_count > 0))

    def highlighted_action(self) -> int | None:
        if not self.row_count:
            return None
        return int(str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove"):
            return not self.read_only and self.row_count > 0
        return True

    def action_edit(self) -> None:
        action_id = self.highlighted_action()
        if action_id is not None:
            self.post_message(self.EditWanted(action_id))

    def action_remove(self) -> None:
        action_id = self.highlighted_action()
        if action_id is not None:
            self.post_message(self.RemoveWanted(action_id))
