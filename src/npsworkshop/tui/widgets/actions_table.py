"""The area's actions: title, owner, due date and status."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from npsworkshop.tui.footer_keys import refresh_bindings_on_change
from npsworkshop.tui.literal import printable
from npsworkshop.tui.widgets.level_rows import one_line, wrapped
from npsworkshop.tui.wording import ACTION_STATUSES

if TYPE_CHECKING:
    from collections.abc import Mapping

    from npsworkshop.assessment.progress import ActionAsOf
    from npsworkshop.assessment.snapshot import ActionFact


REMOVE = Binding.Group("Remove action")
OWNER_WIDTH = 24
MIN_OWNER = 8  # "Owner" and a short name or initials
DUE_WIDTH = 10  # 2027-03-31
OVERDUE_MARK = 2  # "⚠ " before an overdue date
REF_WIDTH = 4  # A123
STATUS_WIDTH = 11  # In progress


def carried_to(state: ActionAsOf) -> str | None:
    """The follow-up session an action was carried forward to (its progress goes there)."""
    return next((e.carried_to for e in reversed(state.action.entries) if e.carried_to), None)


def two_lines(text: str, width: int) -> list[str]:
    """`text` on one line, or two with the second cut (at a word) when it is longer."""
    lines = wrapped(text, width)
    if len(lines) <= 2 or width < 10:
        return lines if width >= 10 else [one_line(text, width)]
    return [lines[0], one_line(" ".join(lines[1:]), width)]


def owner_room(actions: tuple[ActionFact, ...], shared: int) -> int:
    """The owner column's width out of the `shared` columns it splits with the title: as wide
    as the longest owner (up to OWNER_WIDTH) while every title still fits on one line, else
    no more than a third, so the action's title, what the room reads, keeps the room."""
    owner = min(OWNER_WIDTH, max((len(printable(a.owner or "-")) for a in actions), default=0))
    title = max((len(printable(a.title)) + 5 for a in actions), default=0)  # 5: "↻ A12 "
    if title + owner <= shared:
        return max(MIN_OWNER, owner)
    return max(MIN_OWNER, min(owner, shared // 3))


class ActionsTable(DataTable[Text]):
    """Enter edits the highlighted action (on a signed plan: records its progress); delete
    removes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "edit", "Edit action", id="workshop.edit_action", tooltip="Edit this action"
        ),
        Binding(
            "enter",
            "progress",
            "Record progress",
            id="workshop.record_progress",
            tooltip="A status update on this action (the signed plan itself does not change)",
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

    class ProgressWanted(Message):
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
        self.progress: Mapping[int, ActionAsOf] | None = None

    def show(
        self,
        actions: tuple[ActionFact, ...],
        *,
        read_only: bool,
        room: int,
        progress: Mapping[int, ActionAsOf] | None = None,
    ) -> None:
        """Redraw; titles and owners take two lines when they need them and are then cut (at a
        word), so the due date and status always fit in `room` columns. With a signed plan's `progress`: each action's ref, and its status
        and due date as of today, overdue marked."""
        keep = self.cursor_row
        self.read_only, self.progress = read_only, progress
        self.clear(columns=True)
        due_width = DUE_WIDTH + (OVERDUE_MARK if progress is not None else 0)
        fixed = due_width + STATUS_WIDTH + 4 * 2 + 2
        if progress is not None:
            fixed += REF_WIDTH + 2
            self.add_column(Text("Ref", style="bold"), key="ref", width=REF_WIDTH)
        owner_width = owner_room(actions, room - fixed)
        title_width = max(12, room - fixed - owner_width)
        self.add_column(Text("Action", style="bold"), key="title", width=title_width)
        self.add_column(Text("Owner", style="bold"), key="owner", width=owner_width)
        self.add_column(Text("Due", style="bold"), key="due", width=due_width)
        self.add_column(Text("Status", style="bold"), key="status", width=STATUS_WIDTH)
        for action in actions:
            # The baseline's ref first: where a follow-up's action came from.
            ref = f"↻ {action.carried_from} " if action.carried_from else ""
            title = Text("\n".join(two_lines(ref + printable(action.title), title_width)))
            title.stylize("bold", 0, len(ref))
            owner = Text("\n".join(two_lines(printable(action.owner or "-"), owner_width)))
            state = progress.get(action.id) if progress is not None else None
            due = state.due if state else action.due
            cells = [
                title,
                owner,
                Text(("⚠ " if state and state.overdue else "") + (due.isoformat() if due else "-")),
                Text(ACTION_STATUSES[state.status if state else action.status]),
            ]
            if state is not None and carried_to(state):
                cells[3] = Text("→ follow-up", style="italic")
            if state is not None:
                if state.overdue:
                    cells[2].stylize("bold")
                cells.insert(0, Text(state.action.ref))
            elif progress is not None:
                cells.insert(0, Text("-"))
            height = max(len(title.plain.splitlines()), len(owner.plain.splitlines()))
            self.add_row(*cells, key=str(action.id), height=height)
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1), animate=False)
        refresh_bindings_on_change(self, (read_only, progress is not None, self.row_count > 0))

    def highlighted_action(self) -> int | None:
        if not self.row_count:
            return None
        return int(str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove"):
            return not self.read_only and self.row_count > 0
        if action == "progress":
            return self.progress is not None and self.row_count > 0
        return True

    def action_progress(self) -> None:
        action_id = self.highlighted_action()
        if action_id is not None:
            self.post_message(self.ProgressWanted(action_id))

    def action_edit(self) -> None:
        action_id = self.highlighted_action()
        if action_id is not None:
            self.post_message(self.EditWanted(action_id))

    def action_remove(self) -> None:
        action_id = self.highlighted_action()
        if action_id is not None:
            self.post_message(self.RemoveWanted(action_id))
