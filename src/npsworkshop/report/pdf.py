"""The committee-ready action plan: one session snapshot as an A4 PDF (reportlab platypus).

Contents, in the order a committee reads them: a title page (who, when, which framework, status
and fingerprint); the areas at a glance (a table grouped by theme, then the maturity grid);
progress on actions per theme; then each area in detail (the level descriptors for now and the
ambition, the evidence, any moderation, the spread of ratings and the actions).

Every page carries "Page x of y" and, until the session is signed off, DRAFT. The running head
names the section or area at the top of the page, so a table carried over to a new page still
says whose it is. Everything typed by a person or supplied by a pack is data: it passes through
`report.text` and is never read as markup. The same snapshot always gives the same bytes
(invariant mode, and a creation date taken from the record rather than the clock).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Spacer,
)

from npsworkshop import __version__
from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.labels import council_type_label
from npsworkshop.report import committee
from npsworkshop.report import layout as lo
from npsworkshop.report import styles as st
from npsworkshop.report.document import render_tagged
from npsworkshop.report.flowables import Text
from npsworkshop.report.layout import Cell
from npsworkshop.report.plan_areas import PlanAreas
from npsworkshop.report.plan_base import COVER_NAMES_HEIGHT, COVER_SCALES, LABEL_WIDTH
from npsworkshop.report.plan_overview import PlanOverview
from npsworkshop.report.plan_trend import PlanTrend
from npsworkshop.report.since_baseline import BaselineHistory
from npsworkshop.report.tagging.marking import (
    WATERMARK,
    artifact,
)
from npsworkshop.report.tagging.writer import DocumentInfo
from npsworkshop.report.text import line, long_date


def render_pdf(
    snapshot: SessionSnapshot,
    *,
    anonymous: bool = False,
    notes: bool = False,
    participant_names: bool = True,
    history: BaselineHistory | None = None,
    key: bytes | None = None,
) -> bytes:
    """The action plan PDF of `snapshot`.

    `anonymous` shows participants only as letters ("Participant A"...), with no names,
    departments or rating notes anywhere, and the attendees as a sorted list of roles; `notes`
    adds the notes given with the ratings to each area (named output only).
    `participant_names` is accepted from older callers and changes nothing: named output always
    lists the attendees by name. `history`: a follow-up's baseline actions with their progress
    log, for the history of the actions carried from it. `key`: the letters' key of an
    anonymous export (the workspace's, so every format agrees; one-off when None).
    """
    del participant_names
    made = _Report(snapshot, anonymous=anonymous, notes=notes, history=history, key=key)
    return made.render()


class _Report(PlanOverview, PlanTrend, PlanAreas):
    """The whole plan: assembly, page furniture and the title page."""

    # Assembly ----------------------------------------------------------------------------------

    def render(self) -> bytes:
        story = self.title_page()
        story += [PageBreak(), *self.summary(), *self.since_baseline()]
        story += [*self.at_a_glance(), *self.progress()]
        story += [*self.action_plan(), *self.attendees()]
        story += [PageBreak(), *lo.heading("The areas in detail", self.s.h1, level=0, role="H1")]
        for area in self.snap.areas:
            story += self.area_section(area)
        record = self.record
        info = DocumentInfo(
            title=line(f"Action plan: {record.title}, {record.organisation_name}"),
            author=line(record.organisation_name),
            subject=line(
                f"Procurement maturity self-assessment held {long_date(record.held_on)} "
                f"({self.pack.title}, version {self.pack.version})"
            ),
            keywords=self.keywords(),
            creator=f"npsworkshop {__version__}",
            created=committee.stamp(self.snap),
        )
        return render_tagged(story, info, self.chrome, under_page=self.under_page)

    def keywords(self) -> str:
        sign_off = self.record.sign_off
        if sign_off is None:
            return "DRAFT, not signed off"
        if self.anonymous:  # a digest of the named record would confirm a guess at who is who
            return f"signed off {sign_off.signed_on.isoformat()}, anonymous"
        return f"signed off {sign_off.signed_on.isoformat()}, sha256 {sign_off.fingerprint}"

    # Page furniture ----------------------------------------------------------------------------

    def under_page(self, canvas: Canvas, _doc: object) -> None:
        """Drawn before the page's content: the DRAFT watermark of an unsigned session."""
        if self.snap.signed_off:
            return
        with artifact(canvas, WATERMARK):
            canvas.saveState()
            canvas.setFillColor(st.WATERMARK)
            canvas.setFont(st.FONT_BOLD, 120)
            canvas.translate(st.PAGE_WIDTH / 2, st.PAGE_HEIGHT / 2)
            canvas.rotate(55)
            canvas.drawCentredString(0, -40, "DRAFT")
            canvas.restoreState()

    def chrome(self, canvas: Canvas, page: int, pages: int, running: str | None) -> None:
        """Drawn once the page count is known: the running head, status and "Page x of y"."""
        canvas.saveState()
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        sign_off = self.record.sign_off
        if page > 1:
            y = st.PAGE_HEIGHT - 14 * mm
            if sign_off is None:
                status = "DRAFT"
                canvas.setFillColor(st.DRAFT)
            else:
                status = f"Signed off {long_date(sign_off.signed_on)}"
                canvas.setFillColor(st.ACCENT)
            canvas.setFont(st.FONT_BOLD, 8)
            canvas.drawRightString(right, y, status)
            if running:
                room = st.FRAME_WIDTH - st.text_width(status, bold=True, size=8) - 16
                canvas.setFillColor(st.ACCENT)
                canvas.drawString(left, y, lo.fit(running, room, 8, bold=True))
            canvas.line(left, y - 5, right, y - 5)
        lo.page_footer(canvas, f"{self.record.organisation_name}: {self.record.title}", page, pages)
        canvas.restoreState()

    # Title page --------------------------------------------------------------------------------

    def title_page(self) -> list[Flowable]:
        s, record = self.s, self.record
        sign_off = record.sign_off
        status = (
            Text("DRAFT: not signed off", s.cover_draft)
            if sign_off is None
            else Text("Signed off", s.cover_status)
        )
        story: list[Flowable] = [
            Spacer(1, 14 * mm),
            Text(committee.kicker(self.snap), s.kicker),
            *self.cover_names(),
            status,
        ]
        rows: list[tuple[str, Cell]] = []
        if record.organisation_type:
            kind = council_type_label(line(record.organisation_type))
            rows.append(("Type of council", self.value(kind)))
        rows.append(("Date held", long_date(record.held_on)))
        rows.append(("Facilitator", self.value(record.facilitator or "Not recorded")))
        framework = f"{self.pack.title}, version {self.pack.version} ({self.pack.publisher})"
        rows.append(("Framework", self.value(framework)))
        rows.append(("Areas in scope", self.value(self.scope_text())))
        rows.append(("Participants", committee.count_people(self.snap)))
        if record.baseline is not None:
            baseline = committee.baseline_text(self.snap, anonymous=self.anonymous)
            rows.append(("Baseline", self.value(baseline)))
        if sign_off is None:
            state = (
                f"Draft, not signed off: {self.snap.areas_complete} of {len(self.snap.areas)} "
                "areas have a result, a justification and an ambition."
            )
            rows.append(("Status", self.value(state)))
        else:
            state = (
                f"Signed off by {sign_off.name}, {sign_off.role}, on "
                f"{long_date(sign_off.signed_on)}."
            )
            rows.append(("Status", self.value(state)))
            if not self.anonymous:
                rows.append(("Fingerprint", sign_off.fingerprint))
        story.append(
            lo.table(
                [[label, cell] for label, cell in rows],
                header=False,
                header_columns=1,
                colWidths=[LABEL_WIDTH, st.FRAME_WIDTH - LABEL_WIDTH],
                style=[
                    *st.table_style(header=False),
                    ("TEXTCOLOR", (0, 0), (0, -1), st.MUTED),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.4, st.RULE),
                ],
                hAlign="LEFT",
                spaceAfter=5 * mm,
            )
        )
        if sign_off is not None:
            story.append(Text(committee.fingerprint_note(anonymous=self.anonymous), s.small))
        story.append(
            Text(f"Framework: {self.pack.attribution} Source: {self.pack.source}", s.small)
        )
        return story

    def cover_names(self) -> list[Flowable]:
        """The organisation and the title, in type small enough to keep the cover on page 1
        however long they are (up to the 200 and 300 characters import allows)."""
        s, record = self.s, self.record
        for scale in COVER_SCALES:
            org = _scaled(s.cover_org, scale)
            title = _scaled(s.cover_title, scale)
            made = [Text(record.organisation_name, org), Text(record.title, title, role="H1")]
            height = sum(part.wrap(st.FRAME_WIDTH, st.FRAME_HEIGHT)[1] for part in made)
            if height <= COVER_NAMES_HEIGHT:
                return made
        for part in made:  # still too tall: let it flow on from page 1 rather than move
            part.keepWithNext = 0
        return made

    def value(self, text: str) -> Cell:
        return lo.cell(text, st.FRAME_WIDTH - LABEL_WIDTH)

    def scope_text(self) -> str:
        groups: dict[str, list[str]] = {}
        for area in self.snap.areas:
            groups.setdefault(self.group_title(area), []).append(line(area.title))
        total, chosen = len(self.pack.areas()), len(self.snap.areas)
        if total == 1:
            head = "The framework's one area"
        elif chosen == total:
            head = f"All {total} areas of the framework"
        else:
            head = f"{chosen} of the framework's {total} areas"
        parts = [f"{group}: {'; '.join(titles)}" for group, titles in groups.items()]
        return "\n".join([head, *parts])


# Page machinery --------------------------------------------------------------------------------


# Helpers ---------------------------------------------------------------------------------------


def _scaled(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    if scale == 1.0:
        return style
    return ParagraphStyle(
        f"{style.name}-{scale}",
        parent=style,
        fontSize=style.fontSize * scale,
        leading=style.leading * scale,
        spaceAfter=style.spaceAfter * scale,
    )
