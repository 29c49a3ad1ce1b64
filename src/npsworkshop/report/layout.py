"""Layout helpers shared by the PDFs: headings with their marks, tables that fit the page,
cells wrapped to their column, widths, and short wordings of numbers."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any, TypeAlias

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from npsworkshop.assessment.snapshot import ProgressView
from npsworkshop.report import styles as st
from npsworkshop.report.flowables import MIN_LINES_SPLIT, Mark, Text
from npsworkshop.report.tagging.marking import TaggedTable
from npsworkshop.report.text import and_list, blocks, clean, count, line

Cell: TypeAlias = str  # table cells are plain strings, never parsed as markup
TALL_LEADING = 13.0  # the tallest line of any table (10-point values)


def heading(
    text: str, style: Any, *, level: int | None, role: str, eyebrow: str | None = None
) -> list[Flowable]:
    """A heading with its mark (running head, outline entry) and an optional line above it."""
    plain = line(text)
    parts: list[Flowable] = [Mark(plain, level)]
    if eyebrow:
        parts.append(Text(eyebrow, st.styles().eyebrow))
    parts.append(Text(text, style, role=role))
    return parts


class HeadingRoom(CondPageBreak):  # type: ignore[misc]
    """Before a heading: a new page unless the heading and the start of what follows it fit
    (a table's header and first row, a paragraph's first two lines), or unless `least` points
    are left when that is more; so a heading never stands alone at the foot of a page.

    Unlike keepWithNext, which moves the whole of what follows (a medium table leaving half a
    page empty), only the start of it has to fit: the rest may flow on to the next page.
    """

    def __init__(self, heading: Sequence[Flowable], following: Flowable, least: float) -> None:
        super().__init__(least)
        self.least = least
        self.heading = list(heading)
        self.following = following

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        canvas = self.canv
        needed = sum(
            part.getSpaceBefore()
            + part.wrapOn(canvas, available_width, available_height)[1]
            + part.getSpaceAfter()
            for part in self.heading
        )
        needed += self.following.getSpaceBefore()
        bound = _start_bound(self.following)
        if bound is None or available_height < max(self.least, needed + bound):
            needed += _start(self.following, canvas, available_width, available_height)
        # never more than a page holds: a new page must always be able to satisfy it
        self.height = max(self.least, min(needed, st.FRAME_HEIGHT - 1))
        return super().wrap(available_width, available_height)  # type: ignore[no-any-return]


ROW_PADDING = 10  # no table pads a row more, top and bottom together (table_style gives 7)


def _start_bound(flowable: Flowable) -> float | None:
    """At least the height `_start` would find, for a table of plain string cells, counted
    from its lines alone: where that much room is left, the table need not be measured twice
    (a long plan has a heading before every other table). None: not known so cheaply."""
    if not isinstance(flowable, Table):
        return None
    repeated = flowable.repeatRows if isinstance(flowable.repeatRows, int) else 0
    rows = flowable._cellvalues[: repeated + 2]  # the header, then a NOSPLIT pair at most
    if not all(isinstance(cell, str) for row in rows for cell in row):
        return None
    lines = (max(cell.count("\n") + 1 for cell in row) for row in rows)
    return float(sum(count * TALL_LEADING + ROW_PADDING for count in lines))


def _start(flowable: Flowable, canvas: Any, width: float, height: float) -> float:
    """The height of the least part of `flowable` that can start on a page."""
    _width, whole = flowable.wrapOn(canvas, width, height)
    if isinstance(flowable, Text):
        lines = len(flowable.lines)
        shown = lines if lines < MIN_LINES_SPLIT + 2 else MIN_LINES_SPLIT
        return float(shown * flowable.style.leading)
    if isinstance(flowable, Table):  # reportlab's own test of where the table may split
        heights: list[float] = flowable._rowHeights
        repeated = flowable.repeatRows if isinstance(flowable.repeatRows, int) else 0
        total: float = 0.0
        for row, row_height in enumerate(heights, start=1):
            total += row_height
            if row > repeated and flowable._getFirstPossibleSplitRowPosition(total) > repeated:
                return total
        return total
    if isinstance(flowable, KeepTogether):
        return float(getattr(flowable, "_H", 0.0))
    return float(whole)


def kept(heading: Sequence[Flowable], following: Flowable, least: float = 0) -> list[Flowable]:
    """`heading` (marks, spaces, the heading) and `following`, with a HeadingRoom before them."""
    return [HeadingRoom(heading, following, least), *heading, following]


def text_section(
    title: str, text: str | None, s: st.Styles, empty: str | None = None
) -> list[Flowable]:
    paragraphs = blocks(text)
    if not paragraphs and empty is None:
        return []
    heading = Text(title, s.h3, role="H3")
    body = [Text(block, s.body) for block in paragraphs] or [Text(empty, s.muted)]
    return [*kept([heading], body[0], least=60), *body[1:]]


def cell(text: str, width: float, *, bold: bool = False, size: float = st.CELL_SIZE) -> str:
    """`text` cleaned and wrapped for a table column `width` points wide.

    Table cells are plain strings, which reportlab draws without parsing (nothing in them can be
    read as markup) and far more cheaply than Paragraphs. The table's style must give the cell
    the same font and size: bold and size here only measure.
    """
    wrapped = st.wrap(clean(text), width - 2 * st.CELL_PAD, bold=bold, size=size)
    return wrapped.replace("\n", " \n")  # a space at each line's end keeps words apart


# A table whose header row repeats on a new page and whose first column names each row (an
# area, a ref, a person): those cells are TH with Scope Row, as is a group row spanning them all.
ROW_HEADED: dict[str, Any] = {"repeatRows": 1, "hAlign": "LEFT", "header_columns": 1}

CELL_LINES = 20  # a table cell longer than this is cut, and printed in full after the table
CONTINUED = "(continued in the notes)"


class LongCells:
    """Cells cut to `CELL_LINES` lines ending "(continued in the notes)", their text kept to be
    printed in full after the table: reportlab cannot split a row across pages, so one long
    note, owner or title (pasted lists, 20,000 characters) must never reach a table whole."""

    def __init__(self) -> None:
        self.cut: list[tuple[str, str]] = []

    def cell(self, text: str, width: float, where: str, *, bold: bool = False) -> Cell:
        """`text` wrapped to `width`, cut when too long; `where` names it in the notes
        ("A6, last update")."""
        wrapped = cell(text, width, bold=bold)
        lines = wrapped.split(" \n")
        if len(lines) <= CELL_LINES:
            return wrapped
        self.cut.append((where, text))
        return " \n".join([*lines[: CELL_LINES - 1], CONTINUED])

    def notes(self) -> list[Flowable]:
        """The cut cells in full (empty when none was cut), then forgets them."""
        if not self.cut:
            return []
        s = st.styles()
        story: list[Flowable] = [Spacer(1, 4)]
        for where, text in self.cut:
            story += [Text(f"{where}, continued from the table, in full:", s.muted)]
            story += [Text(block, s.body) for block in blocks(text)]
        self.cut = []
        return story


def table(
    rows: list[list[Cell]], *, header: bool = True, header_columns: int = 0, **options: Any
) -> Flowable:
    """A Table, unless a row would be taller than a page (a pack may hold a descriptor of any
    length, a session any number of people): reportlab cannot break a row across pages, so
    such a table is set as text instead, each row a block of "heading: value" lines."""
    tallest = max((cell.count("\n") + 1) * TALL_LEADING for row in rows for cell in row)
    if tallest < st.FRAME_HEIGHT - 80:
        return TaggedTable(
            rows, header_rows=1 if header else 0, header_columns=header_columns, **options
        )
    heads = [h.replace("\n", " ") for h in rows[0]] if header else []
    blocks: list[Flowable] = []
    for row in rows[1:] if header else rows:
        parts = [
            f"{heads[c]}: {cell}" if heads and heads[c] else cell
            for c, cell in enumerate(row)
            if cell
        ]
        blocks += [Text("\n".join(parts), st.styles().body), Spacer(1, 4)]
    return KeepTogether(blocks)


def fitted(
    rows: list[list[str]],
    *,
    flexible: int = 0,
    bold_rows: Collection[int] = (0,),
    spans: Collection[int] = (),
    caps: Sequence[float | None] = (),
) -> tuple[list[list[Cell]], list[float]]:
    """Column widths that fit each column's longest line (up to its cap, 110 points unless
    given) with column `flexible` taking the rest, and the rows wrapped to those widths.
    Rows in `spans` span the whole table and are left out of the measuring."""
    count = len(rows[0])
    natural = [0.0] * count
    for r, row in enumerate(rows):
        if r in spans:
            continue
        for c, text in enumerate(row):
            if c == flexible:
                continue
            longest = max(st.text_width(part, bold=r in bold_rows) for part in text.split("\n"))
            natural[c] = max(natural[c], longest + 2 * st.CELL_PAD + 4)
    widths = [
        min(width, (caps[c] if c < len(caps) else None) or 110.0) for c, width in enumerate(natural)
    ]
    widths[flexible] = st.FRAME_WIDTH - sum(w for c, w in enumerate(widths) if c != flexible)
    cells: list[list[Cell]] = [
        [
            cell(text, st.FRAME_WIDTH if r in spans else widths[c], bold=r in bold_rows)
            for c, text in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    return cells, widths


def widths(total: float, spec: Sequence[float | None]) -> list[float]:
    """Column widths: above 1 in points, up to 1 a fraction of `total`; None takes the rest."""
    fixed = [w if w is None or w > 1 else w * total for w in spec]
    rest = total - sum(w for w in fixed if w is not None)
    return [rest if w is None else w for w in fixed]


def unbroken(text: str) -> str:
    """`text` held on one line (no-break spaces): a date in a table is never split."""
    return text.replace(" ", "\u00a0")


def room_for_words(
    widths: Sequence[float], rows: Sequence[Sequence[str]], flexible: int, *, header_rows: int = 1
) -> list[float]:
    """`widths` with each column widened, at the expense of column `flexible`, to its longest
    word (or hyphenated part), so a name is not cut between letters where the table has the
    room; the flexible column keeps its own longest word and a third of its width."""
    need = [0.0] * len(widths)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            word = st.longest_word(text, bold=r < header_rows) + 2 * st.CELL_PAD + 1
            need[c] = max(need[c], word)
    out = list(widths)
    floor = max(need[flexible], out[flexible] / 3)
    for c in range(len(out)):
        short = need[c] - out[c]
        spare = out[flexible] - floor
        if c != flexible and short > 0 and spare > 0:
            give = min(short, spare)
            out[c] += give
            out[flexible] -= give
    return out


def progress_row(view: ProgressView) -> list[str]:
    return [
        view.title,
        str(view.total),
        str(view.done),
        str(view.outstanding),
        str(view.dropped),
        percent(view.percent_done),
        percent(view.percent_outstanding),
    ]


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def gap(gap: int | None) -> str:
    if gap is None:
        return "—"
    return f"+{gap}" if gap > 0 else str(gap)


def gap_words(gap: int | None) -> str:
    if gap is None:
        return "—"
    if gap == 0:
        return "None (maintain)"
    return count(gap, "level")


def quoted(titles: Iterable[str]) -> str:
    """Dimension titles in quotes, since a title may itself contain "and" or a comma."""
    return and_list(f"‘{title}’" for title in titles)


def fit(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """`text` cut with an ellipsis to fit `width` points."""
    if st.text_width(text, bold=bold, size=size) <= width:
        return text
    while text and st.text_width(text + "…", bold=bold, size=size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def page_footer(canvas: Any, about: str, page: int, pages: int) -> None:
    """The foot of every page of the committee PDFs: a rule, what the paper is about (cut to fit)
    and "Page x of y". Drawn inside the caller's saved canvas state (an artifact)."""
    from reportlab.lib.units import mm

    left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
    y = 12 * mm
    canvas.line(left, y + 10, right, y + 10)
    canvas.setFont(st.FONT, 8)
    canvas.setFillColor(st.INK)
    number = f"Page {page} of {pages}"
    canvas.drawRightString(right, y, number)
    room = st.FRAME_WIDTH - st.text_width(number, size=8) - 16
    canvas.setFillColor(st.MUTED)
    canvas.drawString(left, y, fit(line(about), room, 8))
