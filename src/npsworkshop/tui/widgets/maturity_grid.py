"""The maturity grid of every area in scope: five level columns, the current level and the ambition."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from npsworkshop.framework.levels import LEVELS, ordinal
from npsworkshop.tui.area_shown import is_revealed
from npsworkshop.tui.literal import printable
from npsworkshop.tui.widgets.navigator import area_groups
from npsworkshop.tui.wording import AREA_MARKS, level_title

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot

LEGEND = (
    "● current level  ▲ ambition  ◦ interim step  ─ to go  ○◐●◆ area state  enter goes to the area"
)
THEME_ROW = "theme:"
LEVEL_WIDTH = 10
GAP_WIDTH = 4
MARKS = {"●": "now", "▲": "aim", "◦": "step"}  # one mark alone at a level says its word too


def level_cell(area: AreaView, level: str, *, revealed: bool) -> Text:
    """The area's row at one level: the current level, the ambition, its interim step, and
    the levels still to go between them."""
    if not revealed:  # nothing from which the hidden result could be read
        return Text("hidden", style="dim") if level == LEVELS[0] and area.ratings else Text("")
    ambition = area.ambition
    current = area.current_level
    at = {
        "●": current,
        "▲": ambition.level if ambition else None,
        "◦": ambition.interim.level if ambition and ambition.interim else None,
    }
    marks = [mark for mark, where in at.items() if where == level]
    if marks == ["●", "▲"]:
        return Text("●▲ keep", style="bold")
    if len(marks) == 1:
        mark = marks[0]
        return Text(f"{mark} {MARKS[mark]}", style="bold reverse" if mark == "●" else "bold")
    if marks:
        return Text("".join(marks), style="bold")
    aim = at["▲"]
    if current and aim and ordinal(current) < ordinal(level) < ordinal(aim):
        return Text("──────", style="bold")
    return Text("")


def gap_text(gap: int | None) -> str:
    if gap is None:
        return ""
    return "keep" if gap == 0 else (f"+{gap}" if gap > 0 else "⚠ low")


class MaturityGrid(DataTable[Text]):
    """One row per area, grouped by theme; enter on an area's row goes to it. Subclasses
    draw other pictures on the same five level columns (widgets/trend_grid.py)."""

    EXTRA_COLUMNS: tuple[tuple[str, int], ...] = (("Gap", GAP_WIDTH),)
    MIN_TITLE = 24

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)

    def level_cell(self, area: AreaView, level: str, *, revealed: bool) -> Text:
        return level_cell(area, level, revealed=revealed)

    def extra_cells(self, area: AreaView, *, revealed: bool) -> list[Text]:
        return [Text(gap_text(area.gap) if revealed else "")]

    def show(self, snapshot: SessionSnapshot, width: int, revealed: set[str]) -> None:
        """Redraw; `width` is the room the grid has, so area titles wrap rather than push."""
        keep = self.cursor_row
        self.clear(columns=True)
        extra = sum(w + 2 for _, w in self.EXTRA_COLUMNS)
        title_width = max(self.MIN_TITLE, min(60, width - (5 * LEVEL_WIDTH + 6 * 2 + 2 + extra)))
        self.add_column(Text("Area", style="bold"), key="area", width=title_width)
        for level in LEVELS:
            self.add_column(
                Text(level_title(level, snapshot.pack), style="bold"), key=level, width=LEVEL_WIDTH
            )
        for label, column_width in self.EXTRA_COLUMNS:
            self.add_column(Text(label, style="bold"), key=label.lower(), width=column_width)
        for heading, ids in area_groups(snapshot):
            blank = [Text("")] * (len(LEVELS) + len(self.EXTRA_COLUMNS))
            self.add_row(
                Text(printable(heading.upper()), style="bold"),
                *blank,
                key=f"{THEME_ROW}{heading}",
                height=None,
            )
            for area_id in ids:
                area = snapshot.area(area_id)
                seen = is_revealed(snapshot, area, revealed)
                title = Text(f"{AREA_MARKS[area.state]} ", style="bold")
                title.append(printable(area.title))
                self.add_row(
                    title,
                    *(self.level_cell(area, level, revealed=seen) for level in LEVELS),
                    *self.extra_cells(area, revealed=seen),
                    key=area_id,
                    height=None,
                )
        if self.row_count:
            self.move_cursor(row=min(max(keep, 1), self.row_count - 1), animate=False)

    def highlighted_area(self) -> str | None:
        if not self.row_count:
            return None
        key = str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        return None if key.startswith(THEME_ROW) else key
