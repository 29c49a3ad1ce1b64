"""The ratings grid: participants by dimension. One keypress rates the current cell and moves on.

A digit rates only the highlighted row while it is on screen: if the grid has been scrolled out of
view, the key brings it back instead of recording anything nobody can see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.message import Message
from textual.widgets import DataTable

from npsworkshop.framework.levels import LEVELS, LevelId
from npsworkshop.tui.footer_keys import refresh_bindings_on_change
from npsworkshop.tui.level_keys import level_bindings
from npsworkshop.tui.literal import printable
from npsworkshop.tui.widgets.level_rows import one_line
from npsworkshop.tui.wording import level_label

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import RatingFact
    from npsworkshop.framework.models import Pack
    from npsworkshop.tui.area_shown import AreaShown

CELL_WIDTH = 12  # "2 Developing"; four dimensions fit beside the names at 100 columns
WHOLE_AREA = "rating"
MIN_LABEL = 14
PHONE_VOTE = "◌ by phone"  # voted on their phone: written as a rating at the reveal


class RatingsGrid(DataTable[Text]):
    """Rows are participants, columns the area's dimensions (or one column)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *level_bindings(
            "rate", "Rate", "workshop.rate", "Record {level} for this participant and move on"
        ),
        Binding(
            "a",
            "abstain",
            "Abstain",
            id="workshop.abstain",
            tooltip="Record that this participant abstains, and move on",
        ),
        Binding(
            "delete",
            "clear",
            "Clear",
            id="workshop.clear",
            key_display="del",
            tooltip="Clear this participant's rating (as if never given)",
        ),
        Binding(
            "n",
            "note",
            "Note",
            id="workshop.note",
            tooltip="Add or change this participant's note on their rating",
        ),
    ]

    class Rated(Message):
        """A level (None: an abstention) for one participant and dimension of an area."""

        def __init__(
            self,
            area: str | None,
            participant: str,
            dimension: str | None,
            level: LevelId | None,
            *,
            cell: tuple[int, int],
            clear: bool = False,
        ) -> None:
            super().__init__()
            self.cell = cell
            """(row, column) of the cell rated, so a refused change can put the cursor back."""
            self.area = area
            self.participant = participant
            self.dimension = dimension
            self.level = level
            self.clear = clear
            """Forget the rating instead of recording `level`."""

    class NoteWanted(Message):
        def __init__(self, participant: str, dimension: str | None) -> None:
            super().__init__()
            self.participant = participant
            self.dimension = dimension

    class OutOfView(Message):
        """A rating key was pressed while the highlighted row was not on screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self.read_only = False
        self.area_id: str | None = None
        self.shape: object = None
        """The area, columns and row labels last drawn: while they stay, only cells change."""

    def show(self, shown: AreaShown, *, room: int) -> None:
        """Redraw for the area, keeping the cursor where it was within the same area; names are
        cut (at a word) so every rating cell fits in `room` columns."""
        snapshot, area, definition = shown.snapshot, shown.area, shown.definition
        revealed, projector = shown.revealed, shown.projector
        keep = self.cursor_coordinate if self.area_id == area.id else Coordinate(0, 0)
        highlighted = self.current() if self.area_id == area.id else None
        self.area_id = area.id
        self.read_only = shown.read_only
        dimensions = [(d.id, d.title) for d in definition.dimensions] or [(WHOLE_AREA, "Rating")]
        label_width = max(MIN_LABEL, room - len(dimensions) * (CELL_WIDTH + 2) - 5)
        ratings = {(r.participant, r.dimension or WHOLE_AREA): r for r in area.ratings}
        weakest = area.result.weakest_level if area.result else None
        by_phone = frozenset() if projector else shown.phone_voted  # who, as the panel hides it
        rows: list[tuple[str, Text, list[Text]]] = []
        for person in shown.people():
            given = [ratings.get((person.key, key)) for key, _ in dimensions]
            noted = not projector and any(r is not None and r.note for r in given)
            name = shown.label(person)
            label = Text(one_line(name, label_width - (2 if noted else 0)))
            if noted:
                label.append(" ✎")
            cells = [
                self._cell(rating, revealed, weakest, snapshot.pack)
                if rating is not None or person.key not in by_phone
                else Text(PHONE_VOTE, style="italic")
                for rating in given
            ]
            rows.append((person.key, label, cells))
        shape = (area.id, tuple(dimensions), tuple((key, label) for key, label, _ in rows))
        if shape == self.shape:  # the same rows and columns: change only the cells that changed
            for key, _, cells in rows:
                for (column, _), cell in zip(dimensions, cells, strict=True):
                    if self.get_cell(key, column) != cell:
                        self.update_cell(key, column, cell)
        else:
            self.shape = shape
            self.clear(columns=True)
            self.header_height = 2 if definition.dimensions else 1
            for key, title in dimensions:
                self.add_column(Text(printable(title), style="bold"), key=key, width=CELL_WIDTH)
            for key, label, cells in rows:
                self.add_row(*cells, key=key, label=label)
        if highlighted is not None and highlighted[0] in (key for key, _, _ in rows):
            # The same person stays highlighted when the rows change order (projector mode).
            keep = Coordinate([key for key, _, _ in rows].index(highlighted[0]), keep.column)
        if self.row_count:
            self.move_cursor(
                row=min(keep.row, self.row_count - 1),
                column=min(keep.column, len(dimensions) - 1),
                animate=False,
            )
        refresh_bindings_on_change(self, (self.read_only, self.row_count > 0))

    @staticmethod
    def _cell(rating: RatingFact | None, revealed: bool, weakest: str | None, pack: Pack) -> Text:
        if rating is None:
            return Text("·", style="dim")
        if not revealed:
            return Text("● given")
        if rating.level is None:
            return Text("– abstained", style="italic")
        style = "bold reverse" if rating.level == weakest else ""
        return Text(level_label(rating.level, pack), style=style)

    def current(self) -> tuple[str, str | None] | None:
        """(participant key, dimension id or None) under the cursor."""
        if not self.row_count:
            return None
        keys = self.coordinate_to_cell_key(self.cursor_coordinate)
        column = str(keys.column_key.value)
        return str(keys.row_key.value), None if column == WHOLE_AREA else column

    def rows_in_view(self) -> tuple[int, int]:
        """The first and last row numbers (from 1) the grid shows now."""
        if not self.row_count:
            return 0, 0
        first = int(self.scroll_y) + 1
        visible = max(1, self.scrollable_content_region.height - self.header_height)
        return first, min(self.row_count, first + visible - 1)

    def cursor_on_screen(self) -> bool:
        """The highlighted row, all of it, is on the terminal now (not scrolled away)."""
        if not self.row_count or not self.region:
            return False
        first, last = self.rows_in_view()
        if not first <= self.cursor_row + 1 <= last:
            return False
        top = self.region.y + self.header_height + self.cursor_row - int(self.scroll_y)
        row = Region(self.region.x, top, self.region.width, 1)
        return self.screen.find_widget(self).visible_region.contains_region(row)

    def advance(self) -> None:
        """Down to the next participant; from the last, to the first of the next dimension."""
        row, column = self.cursor_coordinate
        if row + 1 < self.row_count:
            self.move_cursor(row=row + 1, column=column)
        elif column + 1 < len(self.columns):
            self.move_cursor(row=0, column=column + 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rate", "abstain", "note", "clear"):
            # Not offered while read-only; the screen says why when one is pressed anyway.
            return not self.read_only and self.row_count > 0
        return True

    def action_rate(self, number: int) -> None:
        self._record(LEVELS[number - 1])

    def action_abstain(self) -> None:
        self._record(None)

    def action_clear(self) -> None:
        self._record(None, clear=True)

    def _record(self, level: LevelId | None, *, clear: bool = False) -> None:
        if not self.cursor_on_screen():
            self.post_message(self.OutOfView())
            return
        cell = self.current()
        if cell is not None:
            row, column = self.cursor_coordinate
            self.post_message(
                self.Rated(self.area_id, cell[0], cell[1], level, cell=(row, column), clear=clear)
            )
            if not clear:
                self.advance()

    def action_note(self) -> None:
        cell = self.current()
        if cell is not None:
            self.post_message(self.NoteWanted(*cell))
