"""The maturity grid: every area's current level against its ambition on the five levels.

Drawn with reportlab.graphics as one or more Drawings (a Drawing cannot split across pages, so a
long list of areas is cut into page-sized pieces, each with its own column headings). It prints
legibly in black and white: the current level is a filled disc, the ambition an open ring, joined
by an arrow; where the agreed level differs from the weakest-level rule, the rule's result is a
small open diamond. A follow-up's trend picture uses the same grid with the baseline's level as
an open square and the baseline's ambition as the ring.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.framework.levels import LEVELS, ordinal
from npsworkshop.report import styles as st
from npsworkshop.report.committee import grouped
from npsworkshop.report.text import line

LABEL_SIZE = 9
LABEL_LEADING = 10.8
HEAD_HEIGHT = 22
GROUP_HEIGHT = 16
MIN_ROW_HEIGHT = 20
LEGEND_HEIGHT = 22
MAX_LABEL_LINES = 3
UNRATED = "not yet rated"
UNRATED_PAD = 4  # the label's background beyond its letters, each side
RING, SQUARE = 6.8, 8.8  # the ambition ring's radius and half the baseline square's side
RING_REACH, SQUARE_REACH = RING + 0.8, SQUARE + 0.55  # with half the stroke


@dataclass(frozen=True)
class GridRow:
    """One row: a group heading (theme, enablers) or an area with ordinals 1..5 (or None)."""

    label: str
    group: bool = False
    current: int | None = None
    ambition: int | None = None
    rule: int | None = None
    baseline: int | None = None


LEGEND = {
    "now": "current level",
    "ambition": "ambition",
    "rule": "weakest-level rule's result, where the agreed level differs",
    "baseline": "baseline level",
}


def session_grids(snapshot: SessionSnapshot) -> list[Drawing]:
    """The session's grid: areas under their theme, numbered as in the report."""
    st.register_fonts()
    numbers = {area.id: n for n, area in enumerate(snapshot.areas, start=1)}
    rows: list[GridRow] = []
    for title, members in grouped(snapshot):
        rows.append(GridRow(label=title, group=True))
        rows += [
            GridRow(
                label=f"{numbers[area.id]}. {area.title}",
                current=ordinal(area.current_level) if area.current_level else None,
                ambition=ordinal(area.ambition.level) if area.ambition else None,
                rule=ordinal(area.result.weakest_level)
                if area.result and area.agreed_level
                else None,
            )
            for area in members
        ]
    return maturity_grids(rows, [line(snapshot.pack.level_title(level)) for level in LEVELS])


def trend_grids(snapshot: SessionSnapshot) -> list[Drawing]:
    """A follow-up's picture: per area the baseline's level, the level now and the baseline's
    ambition, on the five levels."""
    st.register_fonts()
    baseline = snapshot.record.baseline
    facts = baseline.areas if baseline else {}
    numbers = {area.id: n for n, area in enumerate(snapshot.areas, start=1)}
    rows: list[GridRow] = []
    for title, members in grouped(snapshot):
        rows.append(GridRow(label=title, group=True))
        for area in members:
            was = facts.get(area.id)
            rows.append(
                GridRow(
                    label=f"{numbers[area.id]}. {area.title}",
                    current=ordinal(area.current_level) if area.current_level else None,
                    ambition=ordinal(was.ambition.level) if was and was.ambition else None,
                    baseline=ordinal(was.level) if was and was.level else None,
                )
            )
    titles = [line(snapshot.pack.level_title(level)) for level in LEVELS]
    return maturity_grids(
        rows, titles, legend={"now": "level now", "ambition": "the baseline's ambition"}
    )


def maturity_grids(
    rows: Sequence[GridRow],
    level_titles: Sequence[str],
    width: float = st.FRAME_WIDTH,
    max_height: float = st.FRAME_HEIGHT - 60,
    legend: dict[str, str] | None = None,
) -> list[Drawing]:
    """The grid as Drawings no taller than `max_height`; the legend sits under the last one
    (`legend`: the words for each marker, LEGEND's by default; a baseline square is explained
    only where the grid shows one)."""
    words = {**LEGEND, **(legend or {})}
    kinds = (
        ["now", "ambition", "rule"]
        if not any(r.baseline for r in rows)
        else ["baseline", "now", "ambition"]
    )
    items = [(words[kind], kind) for kind in kinds]
    label_width = min(190.0, width * 0.4)
    laid = [(row, _label_lines(row, label_width - 8)) for row in rows]
    pieces: list[list[tuple[GridRow, list[str]]]] = [[]]
    height: float = HEAD_HEIGHT + LEGEND_HEIGHT
    for row, lines in laid:
        h = _row_height(row, lines)
        if pieces[-1] and height + h > max_height:
            pieces.append([])
            height = HEAD_HEIGHT + LEGEND_HEIGHT
        pieces[-1].append((row, lines))
        height += h
    # A group heading never ends a piece.
    for index in range(len(pieces) - 1):
        while pieces[index] and pieces[index][-1][0].group:
            pieces[index + 1].insert(0, pieces[index].pop())
    return [
        _drawing(piece, level_titles, width, label_width, items if index == len(pieces) - 1 else [])
        for index, piece in enumerate(pieces)
        if piece
    ]


def _label_lines(row: GridRow, width: float) -> list[str]:
    font = st.FONT_BOLD if row.group else st.FONT
    lines: list[str] = simpleSplit(line(row.label), font, LABEL_SIZE, width) or [""]
    if len(lines) > MAX_LABEL_LINES:
        lines = lines[:MAX_LABEL_LINES]
        lines[-1] = lines[-1].rstrip() + "…"
    return lines


def _row_height(row: GridRow, lines: list[str]) -> float:
    if row.group:
        return max(GROUP_HEIGHT, len(lines) * LABEL_LEADING + 6)
    return max(MIN_ROW_HEIGHT, len(lines) * LABEL_LEADING + 7)


def _drawing(
    piece: list[tuple[GridRow, list[str]]],
    level_titles: Sequence[str],
    width: float,
    label_width: float,
    legend: list[tuple[str, str]],
) -> Drawing:
    body = sum(_row_height(row, lines) for row, lines in piece)
    height = HEAD_HEIGHT + body + (LEGEND_HEIGHT if legend else 4)
    # The renderer starts each drawing in Helvetica unless told otherwise: keep it out.
    drawing = Drawing(width, height, initialFontName=st.FONT, initialFontSize=LABEL_SIZE)
    column = (width - label_width) / len(level_titles)

    def centre(ordinal: int) -> float:
        return label_width + (ordinal - 0.5) * column

    top = height - HEAD_HEIGHT
    for index, title in enumerate(level_titles):
        drawing.add(
            String(
                centre(index + 1),
                top + 8,
                line(title),
                fontName=st.FONT_BOLD,
                fontSize=LABEL_SIZE,
                fillColor=st.INK,
                textAnchor="middle",
            )
        )
    drawing.add(Line(0, top, width, top, strokeColor=st.ACCENT, strokeWidth=0.8))
    y = top
    shade = False
    rows_drawn: list[tuple[GridRow, float, object]] = []
    for row, lines in piece:
        h = _row_height(row, lines)
        y -= h
        if row.group:
            drawing.add(Rect(0, y, width, h, fillColor=st.SHADE, strokeColor=None))
            _label(drawing, lines, 4, y, h, bold=True)
            shade = False
            continue
        background = st.BAND if shade else colors.white
        drawing.add(Rect(0, y, width, h, fillColor=background, strokeColor=None))
        shade = not shade
        _label(drawing, lines, 4, y, h, bold=False)
        rows_drawn.append((row, y + h / 2, background))
    bottom = y
    for index in range(len(level_titles) + 1):
        x = label_width + index * column
        drawing.add(Line(x, bottom, x, top, strokeColor=st.RULE, strokeWidth=0.4))
    for row, mid, background in rows_drawn:
        drawing.add(_markers(row, mid, centre, background, len(level_titles)))
    drawing.add(Line(0, bottom, width, bottom, strokeColor=st.RULE, strokeWidth=0.4))
    if legend:
        drawing.add(_legend(bottom - LEGEND_HEIGHT + 6, legend))
    return drawing


def _label(drawing: Drawing, lines: list[str], x: float, y: float, h: float, *, bold: bool) -> None:
    block = len(lines) * LABEL_LEADING
    baseline = y + (h + block) / 2 - LABEL_SIZE
    for text in lines:
        drawing.add(
            String(
                x,
                baseline,
                text,
                fontName=st.FONT_BOLD if bold else st.FONT,
                fontSize=LABEL_SIZE,
                fillColor=st.INK,
            )
        )
        baseline -= LABEL_LEADING


def _markers(
    row: GridRow, mid: float, centre: Callable[[int], float], background: object, top: int
) -> Group:
    """The discs, ring, arrow and diamond of one area's row; `top` is the highest ordinal."""
    group = Group()
    if row.baseline is not None:
        group.add(_square(centre(row.baseline), mid))
    if row.current is None:
        if row.ambition is not None:
            group.add(_ring(centre(row.ambition), mid))
        x = _unrated_place(row, centre, top)
        width = st.text_width(UNRATED, size=LABEL_SIZE) + 2 * UNRATED_PAD
        group.add(Rect(x - width / 2, mid - 6.5, width, 13, fillColor=background, strokeColor=None))
        group.add(
            String(
                x,
                mid - 3.2,
                UNRATED,
                fontName=st.FONT,
                fontSize=LABEL_SIZE,
                fillColor=st.MUTED,
                textAnchor="middle",
            )
        )
        return group
    x_now = centre(row.current)
    if row.rule is not None and row.rule != row.current:
        group.add(_diamond(centre(row.rule), mid))
    if row.ambition is not None and row.ambition > row.current:
        x_to = centre(row.ambition)
        group.add(Line(x_now + 6, mid, x_to - 10, mid, strokeColor=st.AMBITION, strokeWidth=1.4))
        group.add(
            Polygon(
                [x_to - 8.5, mid, x_to - 13, mid + 3, x_to - 13, mid - 3],
                fillColor=st.AMBITION,
                strokeColor=None,
            )
        )
    group.add(Circle(x_now, mid, 4.5, fillColor=st.ACCENT, strokeColor=None))
    if row.ambition is not None:
        group.add(_ring(centre(row.ambition), mid))
    return group


def _unrated_place(row: GridRow, centre: Callable[[int], float], top: int) -> float:
    """Where "not yet rated" is centred: in the first stretch of the row, from the left, that
    holds it clear of the baseline's square and the ambition's ring (else the widest)."""
    half_column = (centre(2) - centre(1)) / 2 if top > 1 else 0.0
    left, right = centre(1) - half_column + 2, centre(top) + half_column - 2
    taken = sorted(
        (centre(level) - reach - 2, centre(level) + reach + 2)
        for level, reach in ((row.baseline, SQUARE_REACH), (row.ambition, RING_REACH))
        if level is not None
    )
    gaps: list[tuple[float, float]] = []
    for start, end in taken:
        gaps.append((left, start))
        left = max(left, end)
    gaps.append((left, right))
    need = st.text_width(UNRATED, size=LABEL_SIZE) + 2 * UNRATED_PAD
    fitting = [gap for gap in gaps if gap[1] - gap[0] >= need]
    start, end = fitting[0] if fitting else max(gaps, key=lambda gap: gap[1] - gap[0])
    return (start + end) / 2


def _ring(x: float, y: float) -> Circle:
    return Circle(x, y, RING, fillColor=None, strokeColor=st.AMBITION, strokeWidth=1.6)


def _square(x: float, y: float) -> Rect:
    """The baseline's level: an open square, large enough to frame the disc and the ring."""
    r = SQUARE
    return Rect(x - r, y - r, 2 * r, 2 * r, fillColor=None, strokeColor=st.MUTED, strokeWidth=1.1)


def _diamond(x: float, y: float) -> Polygon:
    r = 4.2
    return Polygon(
        [x, y + r, x + r, y, x, y - r, x - r, y],
        fillColor=None,
        strokeColor=st.MUTED,
        strokeWidth=0.9,
    )


def _legend(y: float, items: list[tuple[str, str]]) -> Group:
    group = Group()
    x = 4.0
    for text, kind in items:
        if kind == "now":
            group.add(Circle(x + 5, y + 3, 4.5, fillColor=st.ACCENT, strokeColor=None))
        elif kind == "ambition":
            group.add(_ring(x + 5, y + 3))
        elif kind == "baseline":
            group.add(Rect(x, y - 2, 10, 10, fillColor=None, strokeColor=st.MUTED, strokeWidth=1.1))
        else:
            group.add(_diamond(x + 5, y + 3))
        group.add(
            String(x + 17, y, text, fontName=st.FONT, fontSize=LABEL_SIZE, fillColor=st.MUTED)
        )
        x += 15 + st.text_width(text, size=LABEL_SIZE) + 22
    return group
