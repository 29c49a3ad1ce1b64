"""A follow-up's section of the action plan PDF: the change since the baseline, area by area,
as a table and a picture, and the actions carried from the baseline with their history there."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from npsworkshop.report import layout as lo
from npsworkshop.report import since_baseline as since
from npsworkshop.report import styles as st
from npsworkshop.report.charts import trend_grids
from npsworkshop.report.flowables import Bullet, Text
from npsworkshop.report.plan_base import PlanContext
from npsworkshop.report.tagging.marking import Figure, figure_slot
from npsworkshop.report.tagging.tree import Slot

TREND_HEADS = [
    "Area",
    "Baseline\nlevel",
    "Level\nnow",
    "Change\n(levels)",
    "Baseline's\nambition",
    "Its interim\nstep",
]
HISTORY_HEADS = ["Date", "Status", "By", "Note"]


class PlanTrend(PlanContext):
    """The follow-up's "Since the baseline" section (nothing for a session without one)."""

    def since_baseline(self) -> list[Flowable]:
        if not since.is_followup(self.snap):
            return []
        s = self.s
        in_list = Slot("L")
        story: list[Flowable] = [
            CondPageBreak(150),
            Spacer(1, 10),
            *lo.heading("Since the baseline", s.h1, level=0, role="H1"),
            *(
                Bullet(text, s.body, in_list=in_list)
                for text in since.intro(self.snap, anonymous=self.anonymous)
            ),
            Spacer(1, 6),
            self.trend_table(),
            Text(
                "Reached: the level now is at or above the baseline's ambition or its interim "
                "step (a level and a date on the way).",
                s.muted,
            ),
        ]
        grids = trend_grids(self.snap)
        slot = figure_slot(since.trend_alt(self.snap))
        title = lo.heading("Baseline, now and the baseline's ambition", s.h3, level=1, role="H2")
        story.append(KeepTogether([Spacer(1, 8), *title, Figure(grids[0], slot)]))
        story += [Figure(grid, slot) for grid in grids[1:]]
        story += self.carried()
        return story

    def trend_table(self) -> Flowable:
        rows = [list(TREND_HEADS)]
        commands = [*st.table_style()]
        groups: list[int] = []
        for title, members in since.trend_rows(self.snap):
            r = len(rows)
            groups.append(r)
            rows.append([title] + [""] * (len(TREND_HEADS) - 1))
            commands += [
                ("SPAN", (0, r), (-1, r)),
                ("NOSPLIT", (0, r), (-1, r + 1)),
                ("BACKGROUND", (0, r), (-1, r), st.BAND),
                ("FONTNAME", (0, r), (-1, r), st.FONT_BOLD),
            ]
            rows += [row.cells() for row in members]
        cells, widths = lo.fitted(rows, bold_rows=(0, *groups), spans=groups)
        return lo.table(cells, colWidths=widths, style=commands, **lo.ROW_HEADED)

    def carried(self) -> list[Flowable]:
        s = self.s
        history = self.history
        actions = since.carried_actions(self.snap, history, anonymous=self.anonymous)
        heading = [
            Spacer(1, 10),
            *lo.heading("Actions carried from the baseline", s.h3, level=1, role="H2"),
        ]
        if not actions:
            empty = Text("No action was carried from the baseline.", s.muted)
            return lo.kept(heading, empty, least=120)
        intro = Text(
            "Each action outstanding at the baseline was carried into this plan. Its "
            "history there: its status as signed off, then every update in the baseline's "
            "progress log.",
            s.body,
        )
        story = lo.kept(heading, intro, least=120)
        if history is None or history.missing:
            reason = history.missing if history else None
            story.append(Text(reason or "The baseline's progress log is not available.", s.muted))
        texts = [list(HISTORY_HEADS)]
        for action in actions:
            texts += [[e.on, e.status, e.who or "—", e.note or "—"] for e in action.history]
        spec = lo.widths(st.FRAME_WIDTH, [68, 64, 0.22, None])
        widths = lo.room_for_words(spec, texts, flexible=3)
        rows: list[list[str]] = [list(HISTORY_HEADS)]
        commands = [*st.table_style()]
        long_cells = lo.LongCells()
        for action in actions:
            r = len(rows)
            head = f"{action.ref} (the baseline's {action.from_ref}), {action.area}: {action.title}"
            rows.append([long_cells.cell(head, st.FRAME_WIDTH, action.ref, bold=True), "", "", ""])
            commands += [
                ("SPAN", (0, r), (-1, r)),
                ("NOSPLIT", (0, r), (-1, r + 1)),
                ("BACKGROUND", (0, r), (-1, r), st.BAND),
                ("FONTNAME", (0, r), (-1, r), st.FONT_BOLD),
            ]
            if not action.history:
                rows.append(["—", "", "", lo.cell("No history available.", widths[3])])
            rows += [
                [
                    lo.cell(entry.on, widths[0]),
                    lo.cell(entry.status, widths[1]),
                    long_cells.cell(entry.who or "—", widths[2], f"{action.ref}, {entry.on}, who"),
                    long_cells.cell(
                        entry.note or "—", widths[3], f"{action.ref}, {entry.on}, note"
                    ),
                ]
                for entry in action.history
            ]
        story.append(lo.table(rows, colWidths=widths, style=commands, **lo.ROW_HEADED))
        return [*story, *long_cells.notes()]
