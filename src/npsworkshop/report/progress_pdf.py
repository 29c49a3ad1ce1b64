"""The committee progress update: a short A4 paper on a signed plan's progress (CONTRACT §5, §9).

What a clerk drops into an agenda pack: a summary per theme in the committee's own words ("56
actions, 30 completed (54%), 26 outstanding (46%)"), a chart of the same numbers, the numbers per
area, then every action with its ref, status, owner, due date and last update, overdue marked in
words (never by colour alone). The same conventions as the action plan: DejaVu Sans embedded,
"Page x of y", DRAFT on a draft's pages, and user text drawn as plain text, never as markup.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from npsworkshop import __version__
from npsworkshop.assessment.progress import ActionAsOf, Counts, ProgressReport
from npsworkshop.assessment.snapshot import RecordedSession
from npsworkshop.framework.models import Pack
from npsworkshop.report import layout as lo
from npsworkshop.report import styles as st
from npsworkshop.report.document import render_tagged
from npsworkshop.report.flowables import Mark, Text
from npsworkshop.report.layout import LongCells
from npsworkshop.report.tagging.marking import Figure, TaggedTable, figure_slot
from npsworkshop.report.tagging.writer import DocumentInfo
from npsworkshop.report.text import line, long_date, short_date

STATUS_TITLES = {"open": "Open", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"}
OVERDUE_TINT = colors.HexColor("#fbe9e7")
COMPLETED_FILL = st.ACCENT
OUTSTANDING_FILL = colors.HexColor("#9db3cc")
BAR_HEIGHT = 11
BAR_GAP = 7
CHART_LABEL = 55 * mm
VALUE_WIDTH = 30 * mm
CHART_TEXT = 9.0  # figure text no smaller than table text
ACTION_HEADS = ["Ref", "Action", "Owner", "Due", "Status", "Last update"]


def committee_summary(counts: Counts) -> str:
    """'56 actions, 30 completed (54%), 26 outstanding (46%)', as councils write it."""
    if counts.actions == 0:
        return "No actions" if counts.dropped == 0 else "No actions in progress"
    return (
        f"{_count(counts.actions, 'action')}, {counts.completed} completed "
        f"({counts.completed_pct}%), {counts.outstanding} outstanding ({counts.outstanding_pct}%)"
    )


ANONYMOUS_DIGESTS = (
    "Not printed in anonymous output, nor the progress log's digest: with the list of "
    "attendees, either would let anyone check a guess at who recorded what. The named "
    "progress update prints both."
)


def render_progress_pdf(
    report: ProgressReport, record: RecordedSession, pack: Pack, *, anonymous: bool = False
) -> bytes:
    """The progress update of `record`'s plan as `report` counts it. `anonymous`: no digest
    (fingerprint, log head) is printed, since both would confirm a guess at who is who."""
    return _Paper(report, record, pack, anonymous=anonymous).render()


class _Paper:
    def __init__(
        self, report: ProgressReport, record: RecordedSession, pack: Pack, *, anonymous: bool
    ) -> None:
        self.anonymous = anonymous
        self.report = report
        self.record = record
        self.pack = pack
        self.s = st.styles()
        self.group_titles = {t.id: line(t.title) for t in pack.themes}
        self.group_titles |= {"enablers": "Enablers", "total": "All actions"}
        self.area_titles = {a.id: line(a.title) for a in pack.areas()}

    def render(self) -> bytes:
        story = [*self.opening(), *self.summary(), *self.by_area(), *self.actions()]
        record = self.record
        info = DocumentInfo(
            title=line(f"Progress on the action plan: {record.title}, {record.organisation_name}"),
            author=line(record.organisation_name),
            subject=f"Progress as of {long_date(self.report.as_of)}",
            keywords=self.keywords(),
            creator=f"npsworkshop {__version__}",
            created=datetime.combine(self.report.as_of, time(), UTC),
        )
        return render_tagged(story, info, self.chrome)

    def keywords(self) -> str:
        signed = self.record.sign_off
        if signed is None:
            return "DRAFT, not signed off"
        if self.anonymous:
            return "signed off, anonymous"
        head = self.report.chain_head or "no progress entries"
        return f"signed off, sha256 {signed.fingerprint}, progress log head {head}"

    def chrome(self, canvas: Canvas, page: int, pages: int, running: str | None) -> None:
        canvas.saveState()
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        y = st.PAGE_HEIGHT - 14 * mm
        draft = self.record.sign_off is None
        status = "DRAFT" if draft else f"Progress as of {long_date(self.report.as_of)}"
        canvas.setFillColor(st.DRAFT if draft else st.ACCENT)
        canvas.setFont(st.FONT_BOLD, 8)
        canvas.drawRightString(right, y, status)
        if running and page > 1:
            canvas.setFillColor(st.ACCENT)
            canvas.drawString(left, y, lo.fit(running, st.FRAME_WIDTH / 2, 8, bold=True))
        canvas.line(left, y - 5, right, y - 5)
        lo.page_footer(canvas, f"{self.record.organisation_name}: {self.record.title}", page, pages)
        canvas.restoreState()

    # Sections ----------------------------------------------------------------------------------

    def opening(self) -> list[Flowable]:
        s, record, report = self.s, self.record, self.report
        story: list[Flowable] = [
            Text("Procurement maturity action plan: progress update", s.kicker),
            Text(record.organisation_name, s.cover_org),
            Text(record.title, s.cover_title, role="H1"),
            Text(f"Progress as of {long_date(report.as_of)}", s.cover_status),
        ]
        signed = record.sign_off
        if signed is None:
            facts = [
                ("Plan", "DRAFT, not signed off: statuses are the plan's own, with no log."),
            ]
        else:
            facts = [
                (
                    "Plan",
                    f"Signed off by {signed.name}, {signed.role}, on "
                    f"{long_date(signed.signed_on)}; workshop held {long_date(record.held_on)}.",
                ),
                ("Fingerprint", signed.fingerprint),
                ("Progress log", report.chain_head or "No progress recorded yet"),
            ]
            if self.anonymous:
                facts[1:] = [("Fingerprint", ANONYMOUS_DIGESTS)]
        widths = [32 * mm, st.FRAME_WIDTH - 32 * mm]
        rows = [[label, lo.cell(value, widths[1])] for label, value in facts]
        style = [*st.table_style(header=False), ("TEXTCOLOR", (0, 0), (0, -1), st.MUTED)]
        story.append(
            TaggedTable(
                rows, header_rows=0, header_columns=1, colWidths=widths, style=style, hAlign="LEFT"
            )
        )
        if signed is not None and not self.anonymous:
            story.append(
                Text(
                    "The signed plan never changes: progress is an append-only log in which each "
                    "entry's digest covers the one before and the fingerprint, so a rewritten "
                    "entry no longer gives the progress log digest printed here.",
                    s.small,
                )
            )
        return story

    def summary(self) -> list[Flowable]:
        s = self.s
        rows: list[list[str]] = [["Theme", "Progress", "Dropped", "Overdue"]]
        widths = [st.FRAME_WIDTH * 0.34, st.FRAME_WIDTH * 0.46, 16 * mm, 16 * mm]
        widths[1] = st.FRAME_WIDTH - widths[0] - widths[2] - widths[3]
        widths = lo.room_for_words(widths, rows, flexible=1)  # the bold heads, unwrapped
        for group, counts in self.report.groups:
            rows.append(
                [
                    lo.cell(self.group_titles.get(group, group), widths[0]),
                    lo.cell(committee_summary(counts), widths[1]),
                    str(counts.dropped),
                    str(counts.overdue),
                ]
            )
        style = [
            *st.table_style(bold_rows=(len(rows) - 1,)),
            ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, st.ACCENT),
        ]
        return [
            Spacer(1, 6 * mm),
            Mark("Summary by theme", 0),
            Text("Summary by theme", s.h2, role="H2"),
            Text(
                "Completed and outstanding (open or in progress) actions, with percentages of "
                "the actions still in the plan; dropped actions are shown apart and count in no "
                "percentage. Overdue: outstanding past its due date.",
                s.muted,
            ),
            _table(rows, widths, style),
            Spacer(1, 5 * mm),
            self.chart(),
        ]

    def chart(self) -> Flowable:
        """One bar per group: completed then outstanding, labelled in words and numbers."""
        groups = [(g, c) for g, c in self.report.groups if c.actions or g == "total"]
        width = st.FRAME_WIDTH
        height = len(groups) * (BAR_HEIGHT + BAR_GAP) + 22
        drawing = Drawing(width, height, initialFontName=st.FONT, initialFontSize=CHART_TEXT)
        bar_width = width - CHART_LABEL - 4 - VALUE_WIDTH
        y = height - BAR_HEIGHT - 2
        for group, counts in groups:
            title = lo.fit(self.group_titles.get(group, group), CHART_LABEL - 6, CHART_TEXT)
            drawing.add(
                String(0, y + 2, title, fontName=st.FONT, fontSize=CHART_TEXT, fillColor=st.INK)
            )
            done = bar_width * counts.completed / counts.actions if counts.actions else 0.0
            if done:
                drawing.add(_bar(CHART_LABEL, y, done, COMPLETED_FILL))
            if counts.actions and counts.outstanding:
                drawing.add(_bar(CHART_LABEL + done, y, bar_width - done, OUTSTANDING_FILL))
            if not counts.actions:
                drawing.add(_bar(CHART_LABEL, y, bar_width, st.BAND))
            value = "no actions" if not counts.actions else f"{counts.completed_pct}% completed"
            drawing.add(
                String(
                    width,
                    y + 2,
                    value,
                    fontName=st.FONT,
                    fontSize=CHART_TEXT,
                    fillColor=st.INK,
                    textAnchor="end",
                )
            )
            y -= BAR_HEIGHT + BAR_GAP
        _legend(drawing, CHART_LABEL, 2)
        return Figure(drawing, figure_slot(self.chart_text(groups)))

    def chart_text(self, groups: list[tuple[str, Counts]]) -> str:
        """The chart's alternative text: everything the bars show, in words."""
        parts = [
            f"{self.group_titles.get(group, group)}: {committee_summary(counts)}"
            for group, counts in groups
        ]
        return "Bar chart of actions completed and outstanding. " + "; ".join(parts) + "."

    def by_area(self) -> list[Flowable]:
        rows: list[list[str]] = [
            ["Area", "Actions", "Completed", "Outstanding", "Dropped", "Overdue"]
        ]
        widths = [0.0, 16 * mm, 22 * mm, 23 * mm, 17 * mm, 17 * mm]
        widths[0] = st.FRAME_WIDTH - sum(widths)
        widths = lo.room_for_words(widths, rows, flexible=0)  # the bold heads, unwrapped
        for area, c in self.report.areas:
            rows.append(
                [
                    lo.cell(self.area_titles.get(area, area), widths[0]),
                    str(c.actions),
                    _with_pct(c.completed, c.completed_pct),
                    _with_pct(c.outstanding, c.outstanding_pct),
                    str(c.dropped),
                    str(c.overdue),
                ]
            )
        style = [*st.table_style(), ("ALIGN", (1, 0), (-1, -1), "RIGHT")]
        return [
            Spacer(1, 4 * mm),
            Mark("By area", 0),
            Text("By area", self.s.h2, role="H2"),
            _table(rows, widths, style),
        ]

    def actions(self) -> list[Flowable]:
        """One table per area under its own heading: short tables split across pages cheaply,
        and a reader (or a screen reader) always knows whose actions a row is."""
        story: list[Flowable] = [
            Spacer(1, 4 * mm),
            Mark("The actions", 0),
            Text("The actions", self.s.h2, role="H2"),
            Text(
                "Each action's latest status on the date of this update, with its last recorded "
                "update (date, who, note). Overdue rows are shaded and say OVERDUE.",
                self.s.muted,
            ),
        ]
        by_area: dict[str, list[ActionAsOf]] = {}
        for state in self.report.actions:
            by_area.setdefault(state.area, []).append(state)
        if not by_area:
            return [*story, Text("The plan has no actions.", self.s.muted)]
        texts = {state.action.ref: self.action_texts(state) for state in self.report.actions}
        widths = lo.room_for_words(
            lo.widths(st.FRAME_WIDTH, [10 * mm, None, 24 * mm, 23 * mm, 21 * mm, 41 * mm]),
            [ACTION_HEADS, *texts.values()],
            flexible=1,
        )
        long_cells = LongCells()
        for area, states in by_area.items():
            title = self.area_titles.get(area, area)
            rows = [ACTION_HEADS]
            rows += [_action_row(texts[state.action.ref], widths, long_cells) for state in states]
            style: list[tuple[Any, ...]] = [*st.table_style()]
            for r, state in enumerate(states, start=1):
                if state.overdue:
                    style += [
                        ("BACKGROUND", (0, r), (-1, r), OVERDUE_TINT),
                        ("FONTNAME", (4, r), (4, r), st.FONT_BOLD),
                    ]
            heading = [Mark(title, 1), Text(title, self.s.h3, role="H3")]
            story += [*lo.kept(heading, _table(rows, widths, style), least=60)]
            story += long_cells.notes()
        return story

    def action_texts(self, state: ActionAsOf) -> list[str]:
        """One action's row as plain text (the due date held on one line)."""
        action = state.action
        title = action.title
        if action.carried_from:
            title += f" (carried forward from {action.carried_from})"
        status = STATUS_TITLES[state.status] + (" \nOVERDUE" if state.overdue else "")
        update = state.last_update
        if update is None:
            last = "—"
        else:
            who = f", {update.by}" if update.by else ""
            last = f"{short_date(update.on)}{who}"
            if update.carried_to:
                last += f": carried forward to {update.carried_to}"
            if update.note:
                last += f": {update.note}"
        due = lo.unbroken(short_date(state.due))
        return [action.ref, title, action.owner or "—", due, status, last]


def _action_row(texts: list[str], widths: list[float], long_cells: LongCells) -> list[str]:
    """The row's long cells wrapped to their columns (cut when too long)."""
    ref, title, owner, due, status, last = texts
    return [
        ref,
        long_cells.cell(title, widths[1], f"{ref}, action"),
        long_cells.cell(owner, widths[2], f"{ref}, owner"),
        due,
        status,
        long_cells.cell(last, widths[5], f"{ref}, last update"),
    ]


def _table(rows: list[list[str]], widths: list[float], style: list[Any]) -> TaggedTable:
    """A table with a header row (repeated on a continuation page) and a row-header column."""
    return TaggedTable(
        rows, header_columns=1, colWidths=widths, style=style, repeatRows=1, hAlign="LEFT"
    )


def _bar(x: float, y: float, width: float, fill: Any) -> Rect:
    return Rect(x, y, width, BAR_HEIGHT, fillColor=fill, strokeColor=None)


def _legend(drawing: Drawing, x: float, y: float) -> None:
    for label, fill in (("Completed", COMPLETED_FILL), ("Outstanding", OUTSTANDING_FILL)):
        drawing.add(Rect(x, y, 8, 8, fillColor=fill, strokeColor=None))
        drawing.add(
            String(x + 11, y + 1, label, fontName=st.FONT, fontSize=CHART_TEXT, fillColor=st.INK)
        )
        x += 11 + st.text_width(label, size=CHART_TEXT) + 14


def _with_pct(n: int, pct: int | None) -> str:
    return str(n) if pct is None else f"{n} ({pct}%)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
