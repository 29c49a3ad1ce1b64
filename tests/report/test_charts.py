"""The pictures' text and markers: every label legible (at least table text's 9 pt) and clear
of every marker, in the PDF and in the Word picture drawn from the same Drawing."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from reportlab.graphics.shapes import Circle, Drawing, Group, Rect, String

from cycle.samples import NPS, committee_plan, record
from npsworkshop.assessment.progress import progress_report
from npsworkshop.report import styles as st
from npsworkshop.report.charts import GridRow, maturity_grids
from npsworkshop.report.progress_pdf import _Paper
from npsworkshop.report.tagging.marking import Figure

LEVELS = ["Minimum", "Developing", "Mature", "Leader", "Innovator"]
CHOICES = [None, 1, 2, 3, 4, 5]


def _shapes(node: Any) -> list[Any]:
    if isinstance(node, Group | Drawing):
        return [shape for kid in node.contents for shape in _shapes(kid)]
    return [node]


@pytest.fixture(autouse=True)
def _fonts() -> None:
    st.register_fonts()


def _unrated_grid() -> Drawing:
    rows = [GridRow("Theme", group=True)]
    rows += [
        GridRow(f"{n}. Area", baseline=baseline, ambition=ambition)
        for n, (baseline, ambition) in enumerate(itertools.product(CHOICES, CHOICES), start=1)
    ]
    (grid,) = maturity_grids(rows, LEVELS, max_height=10_000)
    return grid


def test_not_yet_rated_is_clear_of_the_baseline_square_and_the_ambition_ring() -> None:
    """Every placing of a baseline square and an ambition ring in a row with no level now
    (outputs-check F6: the label was drawn over them)."""
    rows = [group for group in _unrated_grid().contents if isinstance(group, Group)]
    checked = 0
    for group in rows:
        shapes = _shapes(group)
        labels = [s for s in shapes if isinstance(s, String) and s.text == "not yet rated"]
        if not labels:
            continue
        (label,) = labels
        half = st.text_width(label.text, size=label.fontSize) / 2
        left, right = label.x - half, label.x + half
        for shape in shapes:
            if isinstance(shape, Circle):
                reach = shape.r + shape.strokeWidth / 2
                extent = (shape.cx - reach, shape.cx + reach)
            elif isinstance(shape, Rect) and shape.fillColor is None:  # the baseline square
                extent = (shape.x - 1, shape.x + shape.width + 1)
            else:
                continue
            assert right <= extent[0] or left >= extent[1], (label.x, extent)
        checked += 1
    assert checked == len(CHOICES) ** 2


@pytest.mark.parametrize("which", ["grid", "trend", "progress"])
def test_figure_text_is_at_least_table_text(which: str) -> None:
    """Legend, labels and values at 9 pt or more (outputs-check F12: 7.5 and 8 pt)."""
    if which == "progress":
        report = progress_report("abc123", NPS, NPS.area_ids(), committee_plan(), record().held_on)
        figure = _Paper(report, record(), NPS, anonymous=False).chart()
        assert isinstance(figure, Figure)
        drawings = [figure.drawing]
    else:
        rows = [GridRow("Theme", group=True), GridRow("1. Area", current=2, ambition=4, rule=1)]
        rows.append(GridRow("2. Area", ambition=3, baseline=2 if which == "trend" else None))
        drawings = maturity_grids(rows, LEVELS)
    sizes = {s.fontSize for d in drawings for s in _shapes(d) if isinstance(s, String)}
    assert sizes and min(sizes) >= st.CELL_SIZE
