"""The action plan's overview sections: summary, the whole plan, attendees, at a glance, progress."""

from __future__ import annotations

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
)

from npsworkshop.report import committee
from npsworkshop.report import layout as lo
from npsworkshop.report import styles as st
from npsworkshop.report.charts import session_grids
from npsworkshop.report.flowables import Bullet, Text
from npsworkshop.report.layout import Cell
from npsworkshop.report.plan_base import MISSING_TITLES, PlanContext
from npsworkshop.report.tagging.marking import (
    Figure,
    figure_slot,
)
from npsworkshop.report.tagging.tree import Slot
from npsworkshop.report.text import and_list, line, long_date, short_date


class PlanOverview(PlanContext):
    """The sections a committee reads before the areas in detail."""

    # Summary, the whole plan, attendees -------------------------------------------------------

    def summary(self) -> list[Flowable]:
        in_list = Slot("L")
        return [
            *lo.heading("Summary", self.s.h1, level=0, role="H1"),
            *(Bullet(text, self.s.body, in_list=in_list) for text in committee.summary(self.snap)),
            Spacer(1, 8),
        ]

    def action_plan(self) -> list[Flowable]:
        s = self.s
        story: list[Flowable] = [
            CondPageBreak(150),
            Spacer(1, 10),
            *lo.heading("Action plan", s.h1, level=0, role="H1"),
        ]
        rows = committee.plan_rows(self.snap)
        if not rows:
            return [*story, Text("No actions recorded yet.", s.muted)]
        on = long_date(committee.plan_date(self.snap))
        story.append(
            Text(
                f"Every action across the areas, numbered in area order. Overdue means open or "
                f"in progress after its due date, as of {on}.",
                s.body,
            )
        )
        texts = [["Ref", "Area", "Action", "Owner", "Due", "Status"]]
        texts += [
            [
                row.ref,
                row.area,
                row.action,
                row.owner or "—",
                lo.unbroken(short_date(row.due)),
                row.status_text,
            ]
            for row in rows
        ]
        spec = lo.widths(st.FRAME_WIDTH, [30, 0.2, None, 0.16, 62, 58])
        widths = lo.room_for_words(spec, texts, flexible=2)
        cells: list[list[Cell]] = [
            [lo.cell(text, width, bold=r == 0) for text, width in zip(row, widths, strict=True)]
            for r, row in enumerate(texts)
        ]
        late = [r for r, row in enumerate(rows, start=1) if row.overdue]
        for r in late:
            cells[r][5] = lo.cell(texts[r][5], widths[5], bold=True)
        style = [*st.table_style(), *(("FONTNAME", (5, r), (5, r), st.FONT_BOLD) for r in late)]
        style += [("TEXTCOLOR", (5, r), (5, r), st.DRAFT) for r in late]
        story.append(lo.table(cells, colWidths=widths, style=style, **lo.ROW_HEADED))
        return story

    def attendees(self) -> list[Flowable]:
        s = self.s
        rows = committee.attendees(self.snap, anonymous=self.anonymous)
        story: list[Flowable] = [
            CondPageBreak(100),
            Spacer(1, 10),
            *lo.heading("Attendees", s.h1, level=0, role="H1"),
        ]
        if len(rows) == 1:
            return [*story, Text("No participants recorded.", s.muted)]
        if self.anonymous:
            story.append(
                Text(
                    "Participants are shown as letters in this version; their roles are "
                    "listed here in alphabetical order, not in the order of the letters.",
                    s.body,
                )
            )
            widths = [st.FRAME_WIDTH]
        else:
            spec = lo.widths(st.FRAME_WIDTH, [None, 0.34, 0.3])
            widths = lo.room_for_words(spec, rows, flexible=0)
        cells = [
            [lo.cell(text, width, bold=r == 0) for text, width in zip(row, widths, strict=True)]
            for r, row in enumerate(rows)
        ]
        story.append(
            lo.table(
                cells,
                colWidths=widths,
                style=st.table_style(),
                repeatRows=1,
                hAlign="LEFT",
                header_columns=0 if self.anonymous else 1,
            )
        )
        return story

    def at_a_glance(self) -> list[Flowable]:
        s = self.s
        story: list[Flowable] = [
            *lo.heading("At a glance", s.h1, level=0, role="H1"),
            Text(
                "The current level of each area is the weakest level anyone in the workshop gave "
                "to any part of it, never an average. Where the workshop agreed a different "
                "level, both are shown and the reason is given in the area's section. The gap is "
                "the number of levels between the current level and the ambition.",
                s.body,
            ),
        ]
        rows = [
            ["Area", "Current level\n(rule)", "Agreed\nlevel", "Ambition", "By", "Gap\n(levels)"]
        ]
        commands = [*st.table_style(), ("ALIGN", (5, 0), (5, -1), "RIGHT")]
        groups: list[int] = []
        for title, members in self.grouped():
            r = len(rows)
            groups.append(r)
            rows.append([title, "", "", "", "", ""])
            commands += [
                ("SPAN", (0, r), (-1, r)),
                ("NOSPLIT", (0, r), (-1, r + 1)),  # a group heading never ends a page
                ("BACKGROUND", (0, r), (-1, r), st.BAND),
                ("FONTNAME", (0, r), (-1, r), st.FONT_BOLD),
            ]
            rows += [
                [
                    f"{self.numbers[area.id]}. {area.title}",
                    self.level(area.result.weakest_level if area.result else None),
                    self.level(area.agreed_level, "—"),
                    self.level(area.ambition.level if area.ambition else None, "—"),
                    short_date(area.ambition.by if area.ambition else None),
                    lo.gap(area.gap),
                ]
                for area in members
            ]
        cells, widths = lo.fitted(rows, bold_rows=(0, *groups), spans=groups)
        story.append(lo.table(cells, colWidths=widths, style=commands, **lo.ROW_HEADED))
        story += self.incomplete_note()
        grids = session_grids(self.snap)
        grid_title = lo.heading("Current level and ambition", s.h3, level=1, role="H2")
        slot = figure_slot(committee.grid_alt(self.snap))
        figures = [Figure(grid, slot) for grid in grids]
        story.append(KeepTogether([*grid_title, figures[0]]))
        story += figures[1:]
        return story

    def incomplete_note(self) -> list[Flowable]:
        if self.snap.signed_off:
            return []
        lacking = [
            f"{self.numbers[area.id]}. {line(area.title)} "
            f"({and_list(MISSING_TITLES[m] for m in area.missing)})"
            for area in self.snap.areas
            if area.missing
        ]
        text = (
            "Not yet complete, so this plan cannot be signed off: " + "; ".join(lacking) + "."
            if lacking
            else "Every area is complete: the session is ready to sign off."
        )
        return [Spacer(1, 4), Text(text, self.s.muted)]

    # Progress ----------------------------------------------------------------------------------

    def progress(self) -> list[Flowable]:
        s = self.s
        heads = ["Theme", "Actions", "Done", "Outstanding", "Dropped", "Per cent\ndone"]
        rows = [[*heads, "Per cent\noutstanding"]]
        rows += [lo.progress_row(view) for view in (*self.snap.progress, self.snap.overall)]
        last = len(rows) - 1
        cells, widths = lo.fitted(rows, bold_rows=(0, last))
        commands = [
            *st.table_style(bold_rows=(last,)),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("LINEABOVE", (0, last), (-1, last), 0.8, st.ACCENT),
        ]
        return [
            CondPageBreak(150),
            Spacer(1, 10),
            *lo.heading("Progress on actions", s.h1, level=0, role="H1"),
            Text(
                "Outstanding actions are those open or in progress. Dropped actions are counted "
                "but left out of the percentages.",
                s.body,
            ),
            lo.table(cells, colWidths=widths, style=commands, **lo.ROW_HEADED),
        ]
