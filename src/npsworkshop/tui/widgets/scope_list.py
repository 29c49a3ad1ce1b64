"""The areas in scope on the New session and Session details forms: a tick list of the pack's
areas (each with its theme), with a key for all or none."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.selection_list import Selection

from npsworkshop.tui.literal import printable

if TYPE_CHECKING:
    from npsworkshop.framework.models import Pack

HINT = "Space ticks or unticks the highlighted area; a does all."


def area_selections(pack: Pack, ticked: Collection[str] | None = None) -> list[Selection[str]]:
    """Every area of the pack in its order, with its theme; ticked when in `ticked` (every area
    when None)."""
    selections: list[Selection[str]] = []
    for area in pack.areas():
        theme = pack.theme_of(area.id)
        group = theme.title if theme else "Enabler"
        selections.append(
            Selection(
                Text.assemble(printable(area.title), (printable(f"  · {group}"), "dim")),
                area.id,
                ticked is None or area.id in ticked,
            )
        )
    return selections


def scope_label(ticked: int, total: int) -> str:
    """'Areas in scope: all areas', or '12 of 14 areas'."""
    return f"Areas in scope: {'all areas' if ticked == total else f'{ticked} of {total} areas'}"


class ScopeList(SelectionList[str]):
    """The areas in scope (a new session's all ticked to start with)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "toggle_all",
            "Tick/untick all",
            id="new_session.scope_all",
            tooltip="Tick every area, or untick every area",
        ),
    ]

    pack_id: str | None = None

    def show_pack(self, pack: Pack) -> None:
        """Every area of `pack`, ticked, the first highlighted."""
        self.pack_id = pack.id
        self.clear_options()
        self.add_options(area_selections(pack))
        self.highlighted = 0

    @property
    def label(self) -> str:
        return scope_label(len(self.selected), self.option_count)

    def render_line(self, y: int) -> Strip:
        """An unticked area shows an empty box, not an X in another colour: which areas are
        ticked reads without colour too (a washed-out projector, a monochrome terminal)."""
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count or self.get_option_at_index(index).value in self.selected:
            return line
        segments = list(line)
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return line
        box = segments[1]
        segments[1] = Segment(" " * len(box.text), box.style, box.control)
        return Strip(segments, line.cell_length)

    def action_toggle_all(self) -> None:
        if len(self.selected) == self.option_count:
            self.deselect_all()
        else:
            self.select_all()
