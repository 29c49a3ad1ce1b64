"""A follow-up's section of the Word document: the change since the baseline (a table and the
picture with its alternative text) and the actions carried from the baseline with their history,
the same content as the PDF's (report/since_baseline.py)."""

from __future__ import annotations

from typing import Any

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.report import since_baseline as since
from npsworkshop.report import word_parts as parts
from npsworkshop.report.word_parts import heading, paragraph

TREND_HEADS = [
    "Area",
    "Baseline level",
    "Level now",
    "Change (levels)",
    "Baseline's ambition",
    "Its interim step",
]


def add_since_baseline(
    doc: Any, snapshot: SessionSnapshot, history: since.BaselineHistory | None, *, anonymous: bool
) -> None:
    """The "Since the baseline" section (nothing for a session without a baseline)."""
    if not since.is_followup(snapshot):
        return
    from npsworkshop.report.charts import trend_grids
    from npsworkshop.report.raster import drawing_png

    heading(doc, "Since the baseline", 1)
    for sentence in since.intro(snapshot, anonymous=anonymous):
        paragraph(doc, sentence, "List Bullet")
    rows = [list(TREND_HEADS)]
    for _group, members in since.trend_rows(snapshot):
        rows += [row.cells() for row in members]
    parts.table(doc, rows)
    doc.add_paragraph(
        "Reached: the level now is at or above the baseline's ambition or its interim step (a "
        "level and a date on the way)."
    )
    heading(doc, "Baseline, now and the baseline's ambition", 2)
    alt = since.trend_alt(snapshot)
    for grid in trend_grids(snapshot):
        title = "Trend: baseline level, level now and the baseline's ambition of each area"
        parts.picture(doc, drawing_png(grid), alt, title)
    _carried(doc, snapshot, history, anonymous=anonymous)


def _carried(
    doc: Any, snapshot: SessionSnapshot, history: since.BaselineHistory | None, *, anonymous: bool
) -> None:
    heading(doc, "Actions carried from the baseline", 2)
    actions = since.carried_actions(snapshot, history, anonymous=anonymous)
    if not actions:
        doc.add_paragraph("No action was carried from the baseline.")
        return
    doc.add_paragraph(
        "Each action outstanding at the baseline was carried into this plan. Its history there: "
        "its status as signed off, then every update in the baseline's progress log."
    )
    if history is None or history.missing:
        reason = history.missing if history else None
        doc.add_paragraph(reason or "The baseline's progress log is not available.")
    for action in actions:
        heading(
            doc,
            f"{action.ref} (the baseline's {action.from_ref}), {action.area}: {action.title}",
            3,
        )
        if not action.history:
            doc.add_paragraph("No history available.")
            continue
        rows = [["Date", "Status", "By", "Note"]]
        rows += [
            [entry.on, entry.status, entry.who or "—", entry.note or "—"]
            for entry in action.history
        ]
        parts.table(doc, rows)
