"""The regional report as an A4 PDF, with the action plan's conventions (report/).

DejaVu fonts embedded, "Page x of y" and a running head on every page, and nothing typed by a
person or taken from a published file ever read as markup: council names and area titles are
cleaned with `report.text.line` and drawn as plain strings (Text flowables, table cells and chart
labels). The content is all flowables (headings, tables, one Drawing per area) so it can adopt
the tagged-PDF layer the action plan uses (report/tagging): headings H1/H2, tables with TH
row and column headers, each area's bar a Figure with its numbers as alternative text, page
furniture as artifacts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Spacer,
)

from npsworkshop import __version__
from npsworkshop.framework.levels import LEVEL_TITLES, LEVELS
from npsworkshop.region.distribution_chart import KEY_ALT, alt_text, area_bar, legend
from npsworkshop.region.report import MIN_COUNCILS, RegionalReport
from npsworkshop.report import layout as lo
from npsworkshop.report import styles as st
from npsworkshop.report.document import render_tagged
from npsworkshop.report.flowables import Mark, Text
from npsworkshop.report.tagging.marking import Figure, TaggedTable, figure_slot
from npsworkshop.report.tagging.writer import DocumentInfo
from npsworkshop.report.text import line, long_date

if TYPE_CHECKING:
    from npsworkshop.framework.models import Pack


def render_region_pdf(
    report: RegionalReport, pack: Pack | None, today: date | None = None
) -> bytes:
    """The PDF of `report`; `pack` (when installed) gives area and level titles."""
    return _RegionPdf(report, pack, today or date.today()).render()


class _RegionPdf:
    def __init__(self, report: RegionalReport, pack: Pack | None, today: date) -> None:
        self.report = report
        self.today = today
        self.s = st.styles()
        self.h2 = ParagraphStyle("region_h2", parent=self.s.h2, keepWithNext=0)
        self.titles = {area.id: line(area.title) for area in pack.areas()} if pack else {}
        self.level_titles = [
            line(pack.level_title(level)) if pack else LEVEL_TITLES[level] for level in LEVELS
        ]
        self.pack_title = line(f"{pack.title} (version {pack.version})") if pack else None

    def title(self, area_id: str) -> str:
        return self.titles.get(area_id) or line(area_id)

    def render(self) -> bytes:
        story = [*self.summary(), *self.position(), *self.change(), *self.charts()]
        info = DocumentInfo(
            title=line(f"Regional benchmark: {self.report.request.pack_id}, {self.group_words()}"),
            author="npsworkshop regional store",
            subject=self.group_words(),
            keywords=f"regional benchmark, {line(self.report.request.pack_id)}",
            creator=f"npsworkshop {__version__}",
            created=datetime.combine(self.today, time(), UTC),
        )
        return render_tagged(story, info, self.chrome)

    # Words ---------------------------------------------------------------------------------------

    def heading(self) -> str:
        return "Regional benchmark"

    def group_words(self) -> str:
        report = self.report
        kind = f"{report.council_type} councils" if report.council_type else "all councils"
        when = (
            f"latest sessions held by the end of {report.request.year}"
            if report.request.year
            else "each council's latest session"
        )
        return line(f"{kind.capitalize()}, {when}")

    # Sections ------------------------------------------------------------------------------------

    def summary(self) -> list[Flowable]:
        s, report = self.s, self.report
        story: list[Flowable] = [
            Mark(self.heading(), 0),
            Text(self.heading(), s.cover_title, role="H1"),
        ]
        facts = [
            f"Framework: {self.pack_title or line(report.request.pack_id)}.",
            self.group_words() + ".",
            f"{report.councils} council{'' if report.councils == 1 else 's'} compared.",
        ]
        facts.append(
            f"An area compared across fewer than {MIN_COUNCILS} councils is suppressed: no "
            "breakdown is shown, so that no council can be singled out."
        )
        story += [Text(fact, s.body) for fact in facts]
        rows = [["Area", "Councils", *self.level_titles, "Median"]]
        for area in report.areas:
            levels = area.levels
            row = [self.title(area.area_id), str(area.councils)]
            row += [str(levels[level]) if levels else "–" for level in LEVELS]
            row.append("suppressed" if area.suppressed else self._level(area.median))
            rows.append(row)
        return [*story, *self.section("Levels per area", self._table(rows))]

    def position(self) -> list[Flowable]:
        council = self.report.council
        if council is None:
            return []
        name = line(council.name) + (f" ({council.code})" if council.code else "")
        rows = [["Area", "Median", "Council's level", "Councils at or above it"]]
        for area in self.report.areas:
            above = (
                "suppressed"
                if area.suppressed
                else "–"
                if area.at_or_above is None
                else f"{area.at_or_above} of {area.councils}"
            )
            rows.append(
                [
                    self.title(area.area_id),
                    "–" if area.suppressed else self._level(area.median),
                    self._level(area.council_level),
                    above,
                ]
            )
        return self.section(f"Position of {name}", self._table(rows))

    def change(self) -> list[Flowable]:
        since = self.report.request.since
        if since is None:
            return []
        rows = [["Area", "Moved up", "Stayed", "Moved down"]]
        for area in self.report.areas:
            moved = area.since
            if moved is None:
                continue
            if moved.suppressed:
                rows.append([self.title(area.area_id), "suppressed", "", ""])
            else:
                counts = (moved.up, moved.same, moved.down)
                rows.append([self.title(area.area_id), *(_number(n) for n in counts)])
        note = (
            "Councils with a level for the area both in their latest session held by the end of "
            f"{since} and in their latest session "
            + (
                f"held by the end of {self.report.request.year}."
                if self.report.request.year
                else "now."
            )
        )
        return [*self.section(f"Change since {since}", Text(note, self.s.muted)), self._table(rows)]

    def charts(self) -> list[Flowable]:
        key = legend(self.level_titles)
        story = self.section("The distribution per area", Figure(key, figure_slot(KEY_ALT)))
        story.append(Spacer(1, 6))
        for area in self.report.areas:
            title = self.title(area.area_id)
            drawing = area_bar(area, title, self.level_titles)
            story += [
                Figure(drawing, figure_slot(alt_text(area, title, self.level_titles))),
                Spacer(1, 4),
            ]
        return story

    def section(self, heading: str, following: Flowable) -> list[Flowable]:
        """A section heading and what it heads, the heading never alone at a page's foot: a
        new page unless the start of `following` fits after it (only the start: a long table
        flows on), with at least the 120 points the sections always had (layout.kept)."""
        title = [Spacer(1, 8), Mark(heading, 1), Text(heading, self.h2, role="H2")]
        return lo.kept(title, following, least=120)

    # Pieces --------------------------------------------------------------------------------------

    def _level(self, level: str | None) -> str:
        return self.level_titles[LEVELS.index(level)] if level in LEVELS else "–"

    def _table(self, rows: list[list[str]]) -> TaggedTable:
        """Area titles in the first column, which takes the room the others leave; 9 pt, as
        every table the product prints."""
        size = st.CELL_SIZE
        widths = [
            max(st.text_width(row[c], bold=r == 0, size=size) for r, row in enumerate(rows))
            + 2 * st.CELL_PAD
            + 2
            for c in range(len(rows[0]))
        ]
        widths[0] = st.FRAME_WIDTH - sum(widths[1:])
        cells = [
            [
                # a space at each line's end keeps words apart when the text is read out
                st.wrap(cell, widths[c] - 2 * st.CELL_PAD, bold=r == 0, size=size).replace(
                    "\n", " \n"
                )
                if c == 0
                else cell
                for c, cell in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ]
        style = st.table_style()
        style += [
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), 11.5),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ]
        return TaggedTable(
            cells,
            header_rows=1,
            header_columns=1,  # each row is an area: its title heads the row
            colWidths=widths,
            repeatRows=1,
            style=style,
            hAlign="LEFT",
        )

    def chrome(self, canvas: Canvas, page: int, pages: int, running: str | None) -> None:
        """The running head and "Page x of y", drawn once the page count is known."""
        canvas.saveState()
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        if page > 1 and running:
            y = st.PAGE_HEIGHT - 14 * mm
            canvas.setFont(st.FONT_BOLD, 8)
            canvas.setFillColor(st.ACCENT)
            canvas.drawString(left, y, running)
            canvas.line(left, y - 5, right, y - 5)
        y = 12 * mm
        canvas.line(left, y + 10, right, y + 10)
        canvas.setFont(st.FONT, 8)
        canvas.setFillColor(st.INK)
        canvas.drawRightString(right, y, f"Page {page} of {pages}")
        canvas.setFillColor(st.MUTED)
        canvas.drawString(left, y, f"{self.group_words()} · made {long_date(self.today)}")
        canvas.restoreState()


def _number(value: int | None) -> str:
    return "–" if value is None else str(value)
