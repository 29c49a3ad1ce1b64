"""The drawing side of tagging: marked content around what flowables draw, artifacts elsewhere.

Every painting operator on a page must end up inside marked content that belongs to a structure
element, or inside an artifact (page furniture: running heads, page numbers, the DRAFT watermark,
table rules and backgrounds, header rows repeated on a continuation page). Use:

- `TaggingCanvas` (or a subclass) as the document's canvas: it holds the `StructureRecorder`;
- `Tagged` as a mixin before a reportlab flowable class (`class P(Tagged, Paragraph)`), with the
  flowable's `tag` slot set; split pieces keep the slot, so they stay one element;
- `TaggedTable` for tables: TH/TD cells through reportlab's public per-cell hook `renderCB`;
- `Figure` around a Drawing, with alternative text;
- `artifact(canvas)` around anything drawn in a page callback.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.tables import CellStyle

from npsworkshop.report.tagging.tree import Attributes, Slot, StructureRecorder

PAGINATION = "/Artifact <</Type /Pagination>> BDC"
LAYOUT = "/Artifact <</Type /Layout>> BDC"
WATERMARK = "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC"
END = "EMC"


class TaggingCanvas(Canvas):  # type: ignore[misc]
    """A canvas that records the structure of what is drawn on it."""

    def __init__(
        self, *args: Any, structure: StructureRecorder | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure if structure is not None else StructureRecorder()


def recorder(canvas: Canvas) -> StructureRecorder | None:
    found: StructureRecorder | None = getattr(canvas, "structure", None)
    return found


@contextmanager
def marked(canvas: Canvas, slot: Slot) -> Iterator[None]:
    """Whatever is drawn inside is content of `slot`'s element (a new MCID on this page)."""
    structure = recorder(canvas)
    if structure is None:
        yield
        return
    mcid = structure.begin(slot, canvas.getPageNumber())
    canvas.addLiteral(f"/{slot.role} <</MCID {mcid}>> BDC")
    try:
        yield
    finally:
        canvas.addLiteral(END)


@contextmanager
def artifact(canvas: Canvas, opening: str = PAGINATION) -> Iterator[None]:
    """Whatever is drawn inside is an artifact: seen, but not read out as content."""
    canvas.addLiteral(opening)
    try:
        yield
    finally:
        canvas.addLiteral(END)


class Tagged:
    """Mixin for a flowable class: its drawing is marked content of `self.tag`."""

    tag: Slot

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with marked(canvas, self.tag):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]

    def split(self, width: float, height: float) -> list[Flowable]:
        pieces: list[Flowable] = super().split(width, height)  # type: ignore[misc]
        for piece in pieces:
            if isinstance(piece, Tagged):
                piece.tag = self.tag
        return pieces


class TaggedParagraph(Tagged, Paragraph):  # type: ignore[misc]
    """A reportlab Paragraph as one P element (for the rare text that needs inline markup)."""

    def __init__(self, text: str, style: Any, role: str = "P") -> None:
        super().__init__(text, style)
        self.tag = Slot(role)


class Figure(Flowable):  # type: ignore[misc]
    """A drawing as one Figure element with alternative text (pieces may share one slot)."""

    def __init__(self, drawing: Flowable, slot: Slot) -> None:
        super().__init__()
        self.drawing = drawing
        self.tag = slot

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        self.width, self.height = self.drawing.wrap(width, height)
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with marked(canvas, self.tag):
            self.drawing.drawOn(canvas, x, y, _sW)


def figure_slot(alt: str) -> Slot:
    return Slot("Figure", alt=alt, attributes=None)


class TableTags:
    """The structure of one table, shared by its split pieces: TR slots and cell slots."""

    def __init__(
        self, rows: int, header_rows: int, header_columns: int, spans: dict[tuple[int, int], int]
    ) -> None:
        self.table = Slot("Table")
        self.rows = [Slot("TR", self.table) for _ in range(rows)]
        self.header_rows = header_rows
        self.header_columns = header_columns
        self.spans = spans
        self._cells: dict[tuple[int, int], Slot] = {}

    def cell(self, row: int, column: int) -> Slot:
        found = self._cells.get((row, column))
        if found is None:
            attributes: Attributes = {}
            if row < self.header_rows:
                role, attributes["Scope"] = "TH", "Column"
            elif column < self.header_columns:
                role, attributes["Scope"] = "TH", "Row"
            else:
                role = "TD"
            span = self.spans.get((row, column))
            if span and span > 1:
                attributes["ColSpan"] = span
            if attributes:
                attributes["O"] = "Table"
            found = Slot(role, self.rows[row], attributes=attributes or None)
            self._cells[(row, column)] = found
        return found


def _spans(
    data: Sequence[Sequence[object]], style: Sequence[Sequence[Any]]
) -> dict[tuple[int, int], int]:
    """Column spans from the table's SPAN commands, so each row has the same column count."""
    rows, columns = len(data), len(data[0]) if data else 0
    spans: dict[tuple[int, int], int] = {}
    for command in style:
        if command[0] != "SPAN":
            continue
        (sc, sr), (ec, er) = command[1], command[2]
        sc, ec = sc % columns, ec % columns
        for row in range(sr % rows, er % rows + 1):
            spans[(row, sc)] = ec - sc + 1
    return spans


_CELL_ATTRIBUTES = {
    "FONTNAME": "fontname",
    "FONTSIZE": "fontsize",
    "LEADING": "leading",
    "TEXTCOLOR": "color",
    "ALIGN": "alignment",
    "VALIGN": "valign",
    "LEFTPADDING": "leftPadding",
    "RIGHTPADDING": "rightPadding",
    "TOPPADDING": "topPadding",
    "BOTTOMPADDING": "bottomPadding",
}
_WHOLE = ((0, 0), (-1, -1))


def _whole_table_defaults(
    style: Sequence[Sequence[Any]],
) -> tuple[dict[str, Any], list[Sequence[Any]]]:
    """The leading commands that set a cell property on every cell (font, size, padding...),
    as the cells' defaults, and the commands left. reportlab applies each style command to each
    cell in turn, which made styling a large share of a long plan's time; cells that start
    with these values are the same cells, made at the cost of one."""
    defaults: dict[str, Any] = {}
    index = 0
    while index < len(style):
        command = style[index]
        name = _CELL_ATTRIBUTES.get(command[0])
        if name is None or tuple(command[1:3]) != _WHOLE or len(command) != 4:
            break
        defaults[name] = command[3]
        index += 1
    return defaults, list(style[index:])


def _cell_styles(rows: int, columns: int, defaults: dict[str, Any]) -> list[list[CellStyle]]:
    from reportlab.lib import colors

    if "color" in defaults:
        defaults = {**defaults, "color": colors.toColor(defaults["color"])}
    made = type("TableCell", (CellStyle,), defaults)
    return [[made(repr((r, c))) for c in range(columns)] for r in range(rows)]


def tag_cells(table: TaggedTable, event: str, *args: Any) -> None:
    """Table's `renderCB` hook: backgrounds and rules are artifacts, each cell a TH or TD."""
    canvas = table.canv
    structure: StructureRecorder | None = getattr(canvas, "structure", None)
    if structure is None:
        return
    if event in ("startBG", "startLines"):
        canvas.addLiteral(LAYOUT)
    elif event in ("endBG", "endLines", "endCell"):
        canvas.addLiteral(END)
    elif event == "startCell":
        row, column = args[0], args[1]
        original = table.row_map[row]
        if original is None:  # a header row repeated on a continuation page
            canvas.addLiteral(PAGINATION)
            return
        slot = table.tagging.cell(original, column)
        mcid = structure.begin(slot, canvas.getPageNumber())
        canvas.addLiteral(f"/{slot.role} <</MCID {mcid}>> BDC")


class TaggedTable(Table):  # type: ignore[misc]
    """A Table whose cells are TH (the first `header_rows` rows, Scope Column; the first
    `header_columns` columns, Scope Row) and TD, one TR per row, one Table element however
    many pages it spans. Rows spanning every column carry ColSpan."""

    def __init__(
        self,
        data: Sequence[Sequence[object]],
        *args: Any,
        header_rows: int = 1,
        header_columns: int = 0,
        **kwargs: Any,
    ) -> None:
        kwargs["renderCB"] = tag_cells
        style = kwargs.get("style") or []
        if kwargs.get("cellStyles") is None and data:
            defaults, rest = _whole_table_defaults(style)
            if defaults:
                kwargs["cellStyles"] = _cell_styles(len(data), len(data[0]), defaults)
                kwargs["style"] = rest
        super().__init__(data, *args, **kwargs)
        self.tagging = TableTags(len(data), header_rows, header_columns, _spans(data, style))
        self.row_map: list[int | None] = list(range(len(data)))
        self._pieces_seen = 0

    def onSplit(self, piece: Table, byRow: int = 1) -> None:
        """reportlab's public split hook, called for the first piece and then the second: each
        keeps this table's structure, and a continuation's repeated header rows are artifacts."""
        if not isinstance(piece, TaggedTable):
            return
        piece.tagging = self.tagging
        count = len(piece._cellvalues)
        if self._pieces_seen == 0:
            piece.row_map = self.row_map[:count]
            self._first_count = count
        else:
            rest = self.row_map[self._first_count :]
            repeated: list[int | None] = [None] * (count - len(rest))
            piece.row_map = repeated + rest
        self._pieces_seen += 1
