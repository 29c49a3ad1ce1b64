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

import io
from functools import partial

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
)

from npsworkshop import __version__
from npsworkshop.assessment.rules import MISSING_WORDS
from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot
from npsworkshop.framework.levels import LEVELS
from npsworkshop.framework.models import LevelDescriptors
from npsworkshop.report import committee
from npsworkshop.report import layout as lo
from npsworkshop.report import styles as st
from npsworkshop.report.anonymity import participant_labels
from npsworkshop.report.charts import session_grids
from npsworkshop.report.flowables import Bullet, PagedCanvas, Text
from npsworkshop.report.layout import Cell
from npsworkshop.report.tagging.marking import (
    WATERMARK,
    Figure,
    TaggedParagraph,
    artifact,
    figure_slot,
)
from npsworkshop.report.tagging.tree import Slot, StructureRecorder
from npsworkshop.report.tagging.writer import DocumentInfo, write_structure
from npsworkshop.report.text import and_list, count, escape, line, long_date, short_date

MISSING_TITLES = MISSING_WORDS  # the rules' own words, so every kind of gap has a title
LABEL_WIDTH = 32 * mm
COVER_SCALES = (1.0, 0.8, 0.65, 0.55)
COVER_NAMES_HEIGHT = 0.4 * st.FRAME_HEIGHT
NAMED_WEAKEST_MAX = 4


def render_pdf(
    snapshot: SessionSnapshot,
    *,
    anonymous: bool = False,
    notes: bool = False,
    participant_names: bool = True,
) -> bytes:
    """The action plan PDF of `snapshot`.

    `anonymous` shows participants only as letters ("Participant A"...), with no names,
    departments or rating notes anywhere, and the attendees as a sorted list of roles; `notes`
    adds the notes given with the ratings to each area (named output only).
    `participant_names` is accepted from older callers and changes nothing: named output always
    lists the attendees by name.
    """
    del participant_names
    return _Report(snapshot, anonymous=anonymous, notes=notes).render()


class _Report:
    def __init__(self, snapshot: SessionSnapshot, *, anonymous: bool, notes: bool) -> None:
        self.snap = snapshot
        self.record = snapshot.record
        self.pack = snapshot.pack
        self.s = st.styles()
        self.anonymous = anonymous
        self.notes = notes and not anonymous
        self.who = participant_labels(snapshot, anonymous=anonymous)
        self.level_titles: dict[str, str] = {
            level: line(self.pack.level_title(level)) for level in LEVELS
        }
        self.numbers = {area.id: index for index, area in enumerate(snapshot.areas, start=1)}
        self.theme_titles = {theme.id: line(theme.title) for theme in self.pack.themes}

    # Assembly ----------------------------------------------------------------------------------

    def render(self) -> bytes:
        story = self.title_page()
        story += [PageBreak(), *self.summary(), *self.at_a_glance(), *self.progress()]
        story += [*self.action_plan(), *self.attendees()]
        story += [PageBreak(), *lo.heading("The areas in detail", self.s.h1, level=0, role="H1")]
        for area in self.snap.areas:
            story += self.area_section(area)
        buffer = io.BytesIO()
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
        doc = BaseDocTemplate(
            buffer,
            pagesize=(st.PAGE_WIDTH, st.PAGE_HEIGHT),
            leftMargin=st.MARGIN_X,
            rightMargin=st.MARGIN_X,
            topMargin=st.MARGIN_TOP,
            bottomMargin=st.MARGIN_BOTTOM,
            title=info.title,
            author=info.author,
            subject=info.subject,
            keywords=info.keywords,
            creator=info.creator,
            lang=info.lang,
            invariant=1,
            initialFontName=st.FONT,
            initialFontSize=st.BODY_SIZE,
        )
        frame = Frame(
            st.MARGIN_X,
            st.MARGIN_BOTTOM,
            st.FRAME_WIDTH,
            st.FRAME_HEIGHT,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="text",
        )
        doc.addPageTemplates([PageTemplate("page", frames=[frame], onPage=self.under_page)])
        structure = StructureRecorder()
        doc.build(
            story,
            canvasmaker=partial(
                PagedCanvas, chrome=self.chrome, stamp=info.created, structure=structure
            ),
        )
        return write_structure(buffer.getvalue(), structure, info)

    def keywords(self) -> str:
        sign_off = self.record.sign_off
        if sign_off is None:
            return "DRAFT, not signed off"
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
        y = 12 * mm
        canvas.line(left, y + 10, right, y + 10)
        canvas.setFont(st.FONT, 8)
        canvas.setFillColor(st.INK)
        number = f"Page {page} of {pages}"
        canvas.drawRightString(right, y, number)
        room = st.FRAME_WIDTH - st.text_width(number, size=8) - 16
        canvas.setFillColor(st.MUTED)
        about = f"{self.record.organisation_name}: {self.record.title}"
        canvas.drawString(left, y, lo.fit(line(about), room, 8))
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
            Text("Procurement maturity self-assessment: action plan", s.kicker),
            *self.cover_names(),
            status,
        ]
        rows: list[tuple[str, Cell]] = []
        if record.organisation_type:
            rows.append(("Type of council", self.value(record.organisation_type)))
        rows.append(("Date held", long_date(record.held_on)))
        rows.append(("Facilitator", self.value(record.facilitator or "Not recorded")))
        framework = f"{self.pack.title}, version {self.pack.version} ({self.pack.publisher})"
        rows.append(("Framework", self.value(framework)))
        rows.append(("Areas in scope", self.value(self.scope_text())))
        rows.append(("Participants", committee.count_people(self.snap)))
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
            story.append(
                Text(
                    "The fingerprint is the SHA-256 digest of the record as signed off; "
                    "npsworkshop refuses to export a record that no longer matches it.",
                    s.small,
                )
            )
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
        widths = lo.widths(st.FRAME_WIDTH, [30, 0.24, None, 0.17, 62, 58])
        cells: list[list[Cell]] = [["Ref", "Area", "Action", "Owner", "Due", "Status"]]
        late: list[int] = []
        for row in rows:
            if row.overdue:
                late.append(len(cells))
            cells.append(
                [
                    row.ref,
                    lo.cell(row.area, widths[1]),
                    lo.cell(row.action, widths[2]),
                    lo.cell(row.owner or "—", widths[3]),
                    short_date(row.due),
                    lo.cell(row.status_text, widths[5], bold=row.overdue),
                ]
            )
        style = [*st.table_style(), *(("FONTNAME", (5, r), (5, r), st.FONT_BOLD) for r in late)]
        style += [("TEXTCOLOR", (5, r), (5, r), st.DRAFT) for r in late]
        story.append(lo.table(cells, colWidths=widths, style=style, repeatRows=1, hAlign="LEFT"))
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
            widths = lo.widths(st.FRAME_WIDTH, [None, 0.34, 0.3])
        cells = [
            [lo.cell(text, width, bold=r == 0) for text, width in zip(row, widths, strict=True)]
            for r, row in enumerate(rows)
        ]
        story.append(
            lo.table(cells, colWidths=widths, style=st.table_style(), repeatRows=1, hAlign="LEFT")
        )
        return story

    # At a glance -------------------------------------------------------------------------------

    def group_title(self, area: AreaView) -> str:
        return committee.group_title(self.snap, area)

    def grouped(self) -> list[tuple[str, list[AreaView]]]:
        return committee.grouped(self.snap)

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
        story.append(lo.table(cells, colWidths=widths, style=commands, repeatRows=1, hAlign="LEFT"))
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

    def level(self, level: str | None, missing: str = "Not rated") -> str:
        return self.level_titles[level] if level else missing

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
            lo.table(cells, colWidths=widths, style=commands, repeatRows=1, hAlign="LEFT"),
        ]

    # One area ----------------------------------------------------------------------------------

    def area_section(self, area: AreaView) -> list[Flowable]:
        s = self.s
        number = self.numbers[area.id]
        kind = "Key area" if area.kind == "key-area" else "Enabler"
        eyebrow = f"{self.group_title(area)} · {kind}" if area.theme else kind
        head: list[Flowable] = [
            *lo.heading(f"{number}. {area.title}", s.h2, level=1, eyebrow=eyebrow, role="H2"),
            self.facts(area),
        ]
        if area.missing and not self.snap.signed_off:
            missing = and_list(MISSING_TITLES[m] for m in area.missing)
            head.append(Text(f"Not yet complete: this area still needs {missing}.", s.muted))
        story: list[Flowable] = [CondPageBreak(st.FRAME_HEIGHT / 3), KeepTogether(head)]
        story += self.descriptors(area)
        story += lo.text_section(
            "Justification: the evidence for this level",
            area.justification,
            s,
            empty="No justification recorded yet.",
        )
        if area.agreed_level and area.result:
            story += lo.text_section(
                f"Moderation: the workshop agreed {self.level_titles[area.agreed_level]}; "
                f"the rule gave {self.level_titles[area.result.weakest_level]}",
                area.moderation_reason,
                s,
                empty="No reason recorded.",
            )
        if area.ambition and area.ambition.rationale:
            story += lo.text_section("Why this ambition", area.ambition.rationale, s)
        story += self.ratings(area)
        story += self.actions(area)
        story.append(Spacer(1, 16))
        return story

    def facts(self, area: AreaView) -> Flowable:
        ambition = area.ambition
        if ambition is None:
            aim = "Not set"
        elif ambition.by:
            aim = f"{self.level_titles[ambition.level]} by {short_date(ambition.by)}"
        else:
            aim = self.level_titles[ambition.level]
        labels = ["Current level (rule)", "Agreed level", "Ambition", "Gap"]
        values = [
            self.level(area.result.weakest_level if area.result else None),
            self.level(area.agreed_level, "Not moderated"),
            aim,
            lo.gap_words(area.gap),
        ]
        widths = lo.widths(st.FRAME_WIDTH, [0.21, 0.21, 0.36, None])
        return lo.table(
            [
                [lo.cell(text, w, size=9) for text, w in zip(labels, widths, strict=True)],
                [
                    lo.cell(text, w, bold=True, size=10)
                    for text, w in zip(values, widths, strict=True)
                ],
            ],
            colWidths=widths,
            style=[
                *st.table_style(header=False),
                ("LINEBELOW", (0, 0), (-1, 0), 0, st.BAND),
                ("BACKGROUND", (0, 0), (-1, -1), st.BAND),
                ("FONTSIZE", (0, 0), (-1, 0), 9),
                ("LEADING", (0, 0), (-1, 0), 12),
                ("TEXTCOLOR", (0, 0), (-1, 0), st.MUTED),
                ("FONT", (0, 1), (-1, 1), st.FONT_BOLD, 10, 13),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 1),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
            ],
            hAlign="LEFT",
            spaceBefore=2,
            spaceAfter=6,
        )

    def descriptors(self, area: AreaView) -> list[Flowable]:
        """What the current level and the ambition look like, for the area and each dimension."""
        s = self.s
        definition = self.pack.area(area.id)
        now, aim = area.current_level, area.ambition.level if area.ambition else None
        head_now = f"Now: {self.level_titles[now]}" if now else "Now: not yet rated"
        if aim is None:
            head_aim = "Ambition: not set"
        elif aim == now:
            head_aim = f"Ambition: maintain {self.level_titles[aim]}"
        else:
            head_aim = f"Ambition: {self.level_titles[aim]}"
        sources: list[tuple[str, LevelDescriptors]] = [
            ("The area as a whole", definition.levels),
            *((d.title, d.levels) for d in definition.dimensions),
        ]
        dimensional = bool(definition.dimensions)
        widths = lo.widths(st.FRAME_WIDTH, [0.2, None, 0.4] if dimensional else [0.5, None])
        text_widths = widths[1:] if dimensional else widths
        rows: list[list[Cell]] = [[head_now, head_aim]]
        for title, levels in sources if dimensional else sources[:1]:
            now_cell = lo.cell(levels.of(now), text_widths[0]) if now else "—"
            if aim is None:
                aim_cell = "—"
            elif aim == now:
                aim_cell = "Stay at the current level."
            else:
                aim_cell = lo.cell(levels.of(aim), text_widths[1])
            rows.append([now_cell, aim_cell])
            if dimensional:
                rows[-1].insert(0, lo.cell(title, widths[0], bold=True))
        if dimensional:
            rows[0].insert(0, "")
        return [
            CondPageBreak(100),
            Text("What the levels look like", s.h3, role="H3"),
            lo.table(
                rows,
                colWidths=widths,
                style=[*st.table_style(), ("FONTNAME", (0, 1), (0, -1), st.FONT_BOLD)]
                if dimensional
                else st.table_style(),
                repeatRows=1,
                hAlign="LEFT",
                header_columns=1 if dimensional else 0,
            ),
        ]

    def ratings(self, area: AreaView) -> list[Flowable]:
        s = self.s
        title = "Ratings (anonymised)" if self.anonymous else "Ratings"
        story: list[Flowable] = [CondPageBreak(100), Text(title, s.h3, role="H3")]
        result = area.result
        if not area.ratings:
            return [*story, Text("No ratings recorded yet.", s.muted)]
        dims = {d.id: line(d.title) for d in self.pack.area(area.id).dimensions}
        if result is not None:
            people = len(result.weakest_by)
            if people <= NAMED_WEAKEST_MAX:
                by = and_list(escape(self.who.get(key, key)) for key in result.weakest_by)
            else:
                by = f"{people} participants (listed in the first row below)"
            where = [dims[d] for d in result.weakest_dimensions if d and d in dims]
            if where and len(where) == len(dims):
                on = " on every dimension"
            elif where:
                on = " on " + escape(lo.quoted(where))
            else:
                on = ""
            given = f"{count(result.rated, 'rating')} given, "
            given += count(result.abstained, "abstention")
            story.append(
                TaggedParagraph(
                    f"Weakest level: <b>{escape(self.level_titles[result.weakest_level])}</b>, "
                    f"given{on} by {by}. {given}.",
                    s.body,
                )
            )
        if dims:
            story.append(self.dimension_matrix(area, dims))
        story.append(self.spread(area, dims))
        if self.notes:
            story += self.rating_notes(area, dims)
        return story

    def rating_notes(self, area: AreaView, dims: dict[str, str]) -> list[Flowable]:
        """The notes participants gave with their ratings (named output, when asked for)."""
        noted = [r for r in area.ratings if r.note and r.note.strip()]
        if not noted:
            return []
        widths = lo.widths(st.FRAME_WIDTH, [0.28, 0.16, None])
        rows: list[list[Cell]] = [["Participant", "Level", "Note"]]
        for rating in noted:
            level = self.level_titles[rating.level] if rating.level else "Abstained"
            if rating.dimension in dims:
                level += f" ({dims[rating.dimension or '']})"
            rows.append(
                [
                    lo.cell(self.who.get(rating.participant, rating.participant), widths[0]),
                    lo.cell(level, widths[1]),
                    lo.cell(rating.note or "", widths[2]),
                ]
            )
        return [
            CondPageBreak(60),
            Text("Notes given with the ratings", self.s.h3, role="H3"),
            lo.table(rows, colWidths=widths, style=st.table_style(), repeatRows=1, hAlign="LEFT"),
        ]

    def spread(self, area: AreaView, dims: dict[str, str]) -> Flowable:
        """Who gave which level (and, for a gridded area, on which dimensions)."""
        order = {p.key: i for i, p in enumerate(self.record.participants)}
        by_level: dict[str | None, dict[str, list[str]]] = {}
        counts: dict[str | None, int] = {}
        for rating in sorted(area.ratings, key=lambda r: order.get(r.participant, len(order))):
            counts[rating.level] = counts.get(rating.level, 0) + 1
            where = by_level.setdefault(rating.level, {}).setdefault(rating.participant, [])
            if rating.dimension in dims:
                where.append(dims[rating.dimension])
        widths = lo.widths(st.FRAME_WIDTH, [72, 44, None])
        rows: list[list[Cell]] = [["Level", "Ratings", "Given by"]]
        for level in (*LEVELS, None):
            people = by_level.get(level)
            if not people:
                continue
            names = [
                self.who.get(key, key)
                + (f" on {lo.quoted(where)}" if where and len(where) < len(dims) else "")
                for key, where in people.items()
            ]
            rows.append(
                [
                    self.level_titles[level] if level else "Abstained",
                    str(counts[level]),
                    lo.cell("; ".join(names), widths[2]),
                ]
            )
        return lo.table(
            rows,
            colWidths=widths,
            style=[*st.table_style(), ("ALIGN", (1, 0), (1, -1), "RIGHT")],
            repeatRows=1,
            hAlign="LEFT",
            spaceAfter=4,
        )

    def dimension_matrix(self, area: AreaView, dims: dict[str, str]) -> Flowable:
        """How many ratings each level got on each dimension."""
        heads = [*(self.level_titles[level] for level in LEVELS), "Abstained"]
        column = max(st.text_width(h, bold=True) for h in heads) + 2 * st.CELL_PAD + 2
        widths = lo.widths(st.FRAME_WIDTH, [None, *([column] * len(heads))])
        rows: list[list[Cell]] = [["Dimension", *heads]]
        for dim_id, title in dims.items():
            counts = [0] * len(heads)
            for rating in area.ratings:
                if rating.dimension == dim_id:
                    counts[LEVELS.index(rating.level) if rating.level else len(LEVELS)] += 1
            rows.append([lo.cell(title, widths[0]), *(str(n) if n else "·" for n in counts)])
        return lo.table(
            rows,
            colWidths=widths,
            style=[*st.table_style(), ("ALIGN", (1, 0), (-1, -1), "CENTER")],
            repeatRows=1,
            hAlign="LEFT",
            spaceAfter=6,
        )

    def actions(self, area: AreaView) -> list[Flowable]:
        s = self.s
        story: list[Flowable] = [CondPageBreak(80), Text("Actions", s.h3, role="H3")]
        if not area.actions:
            return [*story, Text("No actions recorded.", s.muted)]
        widths = lo.widths(st.FRAME_WIDTH, [None, 0.25, 62, 60])
        rows: list[list[Cell]] = [["Action", "Owner", "Due", "Status"]]
        rows += [
            [
                lo.cell(action.title, widths[0]),
                lo.cell(action.owner or "—", widths[1]),
                short_date(action.due),
                committee.STATUS_TITLES[action.status],
            ]
            for action in area.actions
        ]
        made = lo.table(rows, colWidths=widths, style=st.table_style(), repeatRows=1, hAlign="LEFT")
        return [*story, made]


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
