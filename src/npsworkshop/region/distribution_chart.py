"""The chart of the regional report: per area, one bar split by how many councils are at each level.

Each area is its own Drawing, so the chart breaks across pages between areas and each is a
tagged Figure with its numbers as alternative text (`alt_text`). The bar prints
legibly in black and white: the segments run from light (Minimum) to dark (Innovator), each
carries its count, the median is marked by a triangle under the bar and the council's own level
(with `--council`) by a heavy outline. A suppressed area shows a grey bar saying why.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Group, Polygon, Rect, String
from reportlab.lib import colors

from npsworkshop.framework.levels import LEVELS
from npsworkshop.region.report import AreaReport
from npsworkshop.report import styles as st

SHADES = tuple(colors.HexColor(c) for c in ("#e3ebf5", "#b3c7e0", "#7595bd", "#3d6595", "#1f3a5f"))
LABEL_SIZE = st.CELL_SIZE  # figure text as table text: 9 pt, never less
BAR_HEIGHT = 15
AREA_HEIGHT = 44
LEGEND_HEIGHT = 20


KEY_ALT = (
    "Key to the bars: five shades from light (Minimum) to dark (Innovator), each segment "
    "labelled with its number of councils; a triangle under the bar marks the median; a heavy "
    "outline marks the council's own level."
)


def legend(level_titles: Sequence[str], width: float = st.FRAME_WIDTH) -> Drawing:
    """The key to the shades and marks, drawn once above the bars."""
    drawing = Drawing(width, LEGEND_HEIGHT, initialFontName=st.FONT, initialFontSize=LABEL_SIZE)
    x = 0.0
    for shade, title in zip(SHADES, level_titles, strict=True):
        drawing.add(Rect(x, 6, 10, 10, fillColor=shade, strokeColor=st.RULE, strokeWidth=0.4))
        drawing.add(
            String(x + 14, 8, title, fontName=st.FONT, fontSize=LABEL_SIZE, fillColor=st.INK)
        )
        x += 14 + st.text_width(title, size=LABEL_SIZE) + 12
    drawing.add(_triangle(x + 5, 8))
    drawing.add(
        String(x + 13, 8, "median", fontName=st.FONT, fontSize=LABEL_SIZE, fillColor=st.INK)
    )
    x += 13 + st.text_width("median", size=LABEL_SIZE) + 12
    drawing.add(Rect(x, 6, 10, 10, fillColor=colors.white, strokeColor=st.AMBITION, strokeWidth=2))
    drawing.add(
        String(
            x + 14,
            8,
            "the council's level",
            fontName=st.FONT,
            fontSize=LABEL_SIZE,
            fillColor=st.INK,
        )
    )
    return drawing


def area_bar(
    area: AreaReport, title: str, level_titles: Sequence[str], width: float = st.FRAME_WIDTH
) -> Drawing:
    """One area: its title and the councils counted, then the bar (title is plain text)."""
    drawing = Drawing(width, AREA_HEIGHT, initialFontName=st.FONT, initialFontSize=LABEL_SIZE)
    top = AREA_HEIGHT - LABEL_SIZE - 1
    counted = f"{area.councils} council{'' if area.councils == 1 else 's'}"
    room = width - st.text_width(counted, size=LABEL_SIZE) - 12
    drawing.add(
        String(
            0, top, _fit(title, room), fontName=st.FONT_BOLD, fontSize=LABEL_SIZE, fillColor=st.INK
        )
    )
    drawing.add(
        String(
            width,
            top,
            counted,
            fontName=st.FONT,
            fontSize=LABEL_SIZE,
            fillColor=st.MUTED,
            textAnchor="end",
        )
    )
    y = top - 6 - BAR_HEIGHT
    if area.levels is None or area.councils == 0:
        drawing.add(
            Rect(0, y, width, BAR_HEIGHT, fillColor=st.BAND, strokeColor=st.RULE, strokeWidth=0.4)
        )
        why = (
            "No council has published this area"
            if area.councils == 0
            else "Suppressed: fewer than 5 councils, so no breakdown is shown"
        )
        drawing.add(
            String(6, y + 4.5, why, fontName=st.FONT, fontSize=LABEL_SIZE, fillColor=st.MUTED)
        )
        return drawing
    drawing.add(_bar(area, level_titles, width, y))
    return drawing


def _bar(area: AreaReport, level_titles: Sequence[str], width: float, y: float) -> Group:
    assert area.levels is not None
    group = Group()
    total = sum(area.levels.values())
    x = 0.0
    for index, level in enumerate(LEVELS):
        n = area.levels.get(level, 0)
        if n == 0:
            continue
        w = width * n / total
        group.add(
            Rect(
                x,
                y,
                w,
                BAR_HEIGHT,
                fillColor=SHADES[index],
                strokeColor=colors.white,
                strokeWidth=0.6,
            )
        )
        label = str(n)
        if st.text_width(label, size=LABEL_SIZE) + 4 <= w:
            ink = colors.white if index >= 3 else st.INK
            group.add(
                String(
                    x + w / 2,
                    y + 4.5,
                    label,
                    fontName=st.FONT,
                    fontSize=LABEL_SIZE,
                    fillColor=ink,
                    textAnchor="middle",
                )
            )
        if level == area.council_level:
            group.add(
                Rect(
                    x + 1,
                    y + 1,
                    max(w - 2, 1),
                    BAR_HEIGHT - 2,
                    fillColor=None,
                    strokeColor=st.AMBITION,
                    strokeWidth=2,
                )
            )
        if level == area.median:
            group.add(_triangle(x + w / 2, y - 7))
        x += w
    return group


def alt_text(area: AreaReport, title: str, level_titles: Sequence[str]) -> str:
    """The bar in words, for a reader who cannot see it (and for a tagged PDF's figure)."""
    if area.levels is None:
        return f"{title}: {area.councils} councils; suppressed (fewer than 5 councils)."
    parts = [
        f"{n} at {level_titles[i]}"
        for i, level in enumerate(LEVELS)
        if (n := area.levels.get(level, 0))
    ]
    median = level_titles[LEVELS.index(area.median)] if area.median in LEVELS else "none"
    text = f"{title}: {area.councils} councils; {', '.join(parts)}; median {median}."
    if area.council_level in LEVELS:
        text += f" The council is at {level_titles[LEVELS.index(area.council_level)]}."
    return text


def _triangle(x: float, y: float) -> Polygon:
    return Polygon([x - 4, y, x + 4, y, x, y + 6], fillColor=st.INK, strokeColor=None)


def _fit(text: str, width: float) -> str:
    if st.text_width(text, bold=True, size=LABEL_SIZE) <= width:
        return text
    while text and st.text_width(text + "…", bold=True, size=LABEL_SIZE) > width:
        text = text[:-1]
    return text + "…"
