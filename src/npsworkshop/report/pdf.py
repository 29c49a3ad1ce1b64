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
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime, time
from functools import partial
from typing import Any, TypeAlias

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
from npsworkshop.assessment.snapshot import AreaView, ProgressView, SessionSnapshot
from npsworkshop.framework.levels import LEVELS, ordinal
from npsworkshop.framework.models import LevelDescriptors
from npsworkshop.labels import participant_letter
from npsworkshop.report import styles as st
from npsworkshop.report.charts import GridRow, maturity_grids
from npsworkshop.report.flowables import Mark, PagedCanvas, Text
from npsworkshop.report.tagging.marking import (
    WATERMARK,
    Figure,
    TaggedParagraph,
    TaggedTable,
    artifact,
    figure_slot,
)
from npsworkshop.report.tagging.tree import StructureRecorder
from npsworkshop.report.tagging.writer import DocumentInfo, write_structure
from npsworkshop.report.text import blocks, clean, escape, line, long_date, short_date

Cell: TypeAlias = str  # table cells are plain strings, never parsed as markup

STATUS_TITLES = {"open": "Open", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"}
MISSING_TITLES = MISSING_WORDS  # the rules' own words, so every kind of gap has a title
LABEL_WIDTH = 32 * mm
NAMED_WEAKEST_MAX = 4
TALL_LEADING = 13.0  # the tallest line of any table (10-point values)


def render_pdf(
    snapshot: SessionSnapshot, *, anonymous: bool = False, participant_names: bool = False
) -> bytes:
    """The action plan PDF of `snapshot`.

    `anonymous` shows the ratings as "Participant A", "Participant B"... with no names or
    departments anywhere (it overrides `participant_names`); `participant_names` lists the
    participants by name, role and department on the title page (otherwise only their number).
    """
    return _Report(snapshot, anonymous=anonymous, list_names=participant_names).render()


class _Report:
    def __init__(self, snapshot: SessionSnapshot, *, anonymous: bool, list_names: bool) -> None:
        self.snap = snapshot
        self.record = snapshot.record
        self.pack = snapshot.pack
        self.s = st.styles()
        self.anonymous = anonymous
        self.list_names = list_names and not anonymous
        self.who = _participant_labels(snapshot, anonymous=anonymous)
        self.level_titles: dict[str, str] = {
            level: line(self.pack.level_title(level)) for level in LEVELS
        }
        self.numbers = {area.id: index for index, area in enumerate(snapshot.areas, start=1)}
        self.theme_titles = {theme.id: line(theme.title) for theme in self.pack.themes}

    # Assembly ----------------------------------------------------------------------------------

    def render(self) -> bytes:
        story = self.title_page()
        story += [PageBreak(), *self.at_a_glance(), *self.progress()]
        story += [PageBreak(), *_heading("The areas in detail", self.s.h1, level=0, role="H1")]
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
            created=self.stamp(),
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

    def stamp(self) -> datetime:
        """The document's date: the sign-off date, else the record's last change, else the day."""
        record = self.record
        if record.sign_off is not None:
            return datetime.combine(record.sign_off.signed_on, time(), UTC)
        if record.updated_at is not None:
            stamp = record.updated_at
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        return datetime.combine(record.held_on, time(), UTC)

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
                canvas.drawString(left, y, _fit(running, room, 8, bold=True))
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
        canvas.drawString(left, y, _fit(line(about), room, 8))
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
            Text(record.organisation_name, s.cover_org),
            Text(record.title, s.cover_title, role="H1"),
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
        count = len(record.participants)
        listed = " (listed below)" if self.list_names and count else ""
        rows.append(("Participants", f"{count} {'person' if count == 1 else 'people'}{listed}"))
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
            _table(
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
        if self.list_names and record.participants:
            story += self.participant_table()
        return story

    def value(self, text: str) -> Cell:
        return _cell(text, st.FRAME_WIDTH - LABEL_WIDTH)

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

    def participant_table(self) -> list[Flowable]:
        s = self.s
        widths = _widths(st.FRAME_WIDTH, [None, 0.32, 0.3])
        rows: list[list[Cell]] = [["Participant", "Role", "Department"]]
        for person in self.record.participants:
            rows.append(
                [
                    _cell(person.name, widths[0]),
                    _cell(person.role or "—", widths[1]),
                    _cell(person.department or "—", widths[2]),
                ]
            )
        return [
            CondPageBreak(80),
            *_heading("Participants", s.h3, level=None, role="H2"),
            _table(rows, colWidths=widths, style=st.table_style(), repeatRows=1, hAlign="LEFT"),
        ]

    # At a glance -------------------------------------------------------------------------------

    def group_title(self, area: AreaView) -> str:
        return "Enablers" if area.theme is None else self.theme_titles[area.theme]

    def grouped(self) -> list[tuple[str, list[AreaView]]]:
        groups: list[tuple[str, list[AreaView]]] = []
        for area in self.snap.areas:
            title = self.group_title(area)
            if not groups or groups[-1][0] != title:
                groups.append((title, []))
            groups[-1][1].append(area)
        return groups

    def at_a_glance(self) -> list[Flowable]:
        s = self.s
        story: list[Flowable] = [
            *_heading("At a glance", s.h1, level=0, role="H1"),
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
                    _gap(area.gap),
                ]
                for area in members
            ]
        cells, widths = _fitted(rows, bold_rows=(0, *groups), spans=groups)
        story.append(_table(cells, colWidths=widths, style=commands, repeatRows=1, hAlign="LEFT"))
        story += self.incomplete_note()
        grid_rows: list[GridRow] = []
        for title, members in self.grouped():
            grid_rows.append(GridRow(label=title, group=True))
            grid_rows += [
                GridRow(
                    label=f"{self.numbers[area.id]}. {area.title}",
                    current=ordinal(area.current_level) if area.current_level else None,
                    ambition=ordinal(area.ambition.level) if area.ambition else None,
                    rule=ordinal(area.result.weakest_level)
                    if area.result and area.agreed_level
                    else None,
                )
                for area in members
            ]
        grids = maturity_grids(grid_rows, [self.level_titles[level] for level in LEVELS])
        grid_title = _heading("Current level and ambition", s.h3, level=1, role="H2")
        slot = figure_slot(self.grid_alt())
        figures = [Figure(grid, slot) for grid in grids]
        story.append(KeepTogether([*grid_title, figures[0]]))
        story += figures[1:]
        return story

    def incomplete_note(self) -> list[Flowable]:
        if self.snap.signed_off:
            return []
        lacking = [
            f"{self.numbers[area.id]}. {line(area.title)} "
            f"({_and(MISSING_TITLES[m] for m in area.missing)})"
            for area in self.snap.areas
            if area.missing
        ]
        text = (
            "Not yet complete, so this plan cannot be signed off: " + "; ".join(lacking) + "."
            if lacking
            else "Every area is complete: the session is ready to sign off."
        )
        return [Spacer(1, 4), Text(text, self.s.muted)]

    def grid_alt(self) -> str:
        """The maturity grid in words, area by area: the current level and the ambition."""
        parts = [
            f"Maturity grid of {_count(len(self.snap.areas), 'area')}, on the levels "
            f"{_and(self.level_titles[level] for level in LEVELS)}."
        ]
        for title, members in self.grouped():
            said = []
            for area in members:
                now = (
                    f"now {self.level_titles[area.current_level]}"
                    if area.current_level
                    else "not yet rated"
                )
                if area.ambition is None:
                    aim = "no ambition set"
                elif area.ambition.level == area.current_level:
                    aim = f"ambition to stay {self.level_titles[area.ambition.level]}"
                else:
                    aim = f"ambition {self.level_titles[area.ambition.level]}"
                    if area.ambition.by:
                        aim += f" by {long_date(area.ambition.by)}"
                said.append(f"{self.numbers[area.id]}. {line(area.title)}: {now}, {aim}")
            parts.append(f"{title}: " + "; ".join(said) + ".")
        return " ".join(parts)

    def level(self, level: str | None, missing: str = "Not rated") -> str:
        return self.level_titles[level] if level else missing

    # Progress ----------------------------------------------------------------------------------

    def progress(self) -> list[Flowable]:
        s = self.s
        heads = ["Theme", "Actions", "Done", "Outstanding", "Dropped", "Per cent\ndone"]
        rows = [[*heads, "Per cent\noutstanding"]]
        rows += [_progress_row(view) for view in (*self.snap.progress, self.snap.overall)]
        last = len(rows) - 1
        cells, widths = _fitted(rows, bold_rows=(0, last))
        commands = [
            *st.table_style(bold_rows=(last,)),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("LINEABOVE", (0, last), (-1, last), 0.8, st.ACCENT),
        ]
        return [
            CondPageBreak(150),
            Spacer(1, 10),
            *_heading("Progress on actions", s.h1, level=0, role="H1"),
            Text(
                "Outstanding actions are those open or in progress. Dropped actions are counted "
                "but left out of the percentages.",
                s.body,
            ),
            _table(cells, colWidths=widths, style=commands, repeatRows=1, hAlign="LEFT"),
        ]

    # One area ----------------------------------------------------------------------------------

    def area_section(self, area: AreaView) -> list[Flowable]:
        s = self.s
        number = self.numbers[area.id]
        kind = "Key area" if area.kind == "key-area" else "Enabler"
        eyebrow = f"{self.group_title(area)} · {kind}" if area.theme else kind
        head: list[Flowable] = [
            *_heading(f"{number}. {area.title}", s.h2, level=1, eyebrow=eyebrow, role="H2"),
            self.facts(area),
        ]
        if area.missing and not self.snap.signed_off:
            missing = _and(MISSING_TITLES[m] for m in area.missing)
            head.append(Text(f"Not yet complete: this area still needs {missing}.", s.muted))
        story: list[Flowable] = [CondPageBreak(st.FRAME_HEIGHT / 3), KeepTogether(head)]
        story += self.descriptors(area)
        story += _text_section(
            "Justification: the evidence for this level",
            area.justification,
            s,
            empty="No justification recorded yet.",
        )
        if area.agreed_level and area.result:
            story += _text_section(
                f"Moderation: the workshop agreed {self.level_titles[area.agreed_level]}; "
                f"the rule gave {self.level_titles[area.result.weakest_level]}",
                area.moderation_reason,
                s,
                empty="No reason recorded.",
            )
        if area.ambition and area.ambition.rationale:
            story += _text_section("Why this ambition", area.ambition.rationale, s)
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
            _gap_words(area.gap),
        ]
        widths = _widths(st.FRAME_WIDTH, [0.21, 0.21, 0.36, None])
        return _table(
            [
                [_cell(text, w, size=7.5) for text, w in zip(labels, widths, strict=True)],
                [
                    _cell(text, w, bold=True, size=10)
                    for text, w in zip(values, widths, strict=True)
                ],
            ],
            colWidths=widths,
            style=[
                *st.table_style(header=False),
                ("LINEBELOW", (0, 0), (-1, 0), 0, st.BAND),
                ("BACKGROUND", (0, 0), (-1, -1), st.BAND),
                ("FONTSIZE", (0, 0), (-1, 0), 7.5),
                ("LEADING", (0, 0), (-1, 0), 10),
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
        widths = _widths(st.FRAME_WIDTH, [0.2, None, 0.4] if dimensional else [0.5, None])
        text_widths = widths[1:] if dimensional else widths
        rows: list[list[Cell]] = [[head_now, head_aim]]
        for title, levels in sources if dimensional else sources[:1]:
            now_cell = _cell(levels.of(now), text_widths[0]) if now else "—"
            if aim is None:
                aim_cell = "—"
            elif aim == now:
                aim_cell = "Stay at the current level."
            else:
                aim_cell = _cell(levels.of(aim), text_widths[1])
            rows.append([now_cell, aim_cell])
            if dimensional:
                rows[-1].insert(0, _cell(title, widths[0], bold=True))
        if dimensional:
            rows[0].insert(0, "")
        return [
            CondPageBreak(100),
            Text("What the levels look like", s.h3, role="H3"),
            _table(
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
                by = _and(escape(self.who.get(key, key)) for key in result.weakest_by)
            else:
                by = f"{people} participants (listed in the first row below)"
            where = [dims[d] for d in result.weakest_dimensions if d and d in dims]
            if where and len(where) == len(dims):
                on = " on every dimension"
            elif where:
                on = " on " + escape(_quoted(where))
            else:
                on = ""
            given = f"{_count(result.rated, 'rating')} given, "
            given += _count(result.abstained, "abstention")
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
        return story

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
        widths = _widths(st.FRAME_WIDTH, [72, 44, None])
        rows: list[list[Cell]] = [["Level", "Ratings", "Given by"]]
        for level in (*LEVELS, None):
            people = by_level.get(level)
            if not people:
                continue
            names = [
                self.who.get(key, key)
                + (f" on {_quoted(where)}" if where and len(where) < len(dims) else "")
                for key, where in people.items()
            ]
            rows.append(
                [
                    self.level_titles[level] if level else "Abstained",
                    str(counts[level]),
                    _cell("; ".join(names), widths[2]),
                ]
            )
        return _table(
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
        widths = _widths(st.FRAME_WIDTH, [None, *([column] * len(heads))])
        rows: list[list[Cell]] = [["Dimension", *heads]]
        for dim_id, title in dims.items():
            counts = [0] * len(heads)
            for rating in area.ratings:
                if rating.dimension == dim_id:
                    counts[LEVELS.index(rating.level) if rating.level else len(LEVELS)] += 1
            rows.append([_cell(title, widths[0]), *(str(n) if n else "·" for n in counts)])
        return _table(
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
        widths = _widths(st.FRAME_WIDTH, [None, 0.25, 62, 60])
        rows: list[list[Cell]] = [["Action", "Owner", "Due", "Status"]]
        rows += [
            [
                _cell(action.title, widths[0]),
                _cell(action.owner or "—", widths[1]),
                short_date(action.due),
                STATUS_TITLES[action.status],
            ]
            for action in area.actions
        ]
        table = _table(rows, colWidths=widths, style=st.table_style(), repeatRows=1, hAlign="LEFT")
        return [*story, table]


# Page machinery --------------------------------------------------------------------------------


# Helpers ---------------------------------------------------------------------------------------


def _heading(
    text: str, style: Any, *, level: int | None, role: str, eyebrow: str | None = None
) -> list[Flowable]:
    """A heading with its mark (running head, outline entry) and an optional line above it."""
    plain = line(text)
    parts: list[Flowable] = [Mark(plain, level)]
    if eyebrow:
        parts.append(Text(eyebrow, st.styles().eyebrow))
    parts.append(Text(text, style, role=role))
    return parts


def _text_section(
    title: str, text: str | None, s: st.Styles, empty: str | None = None
) -> list[Flowable]:
    paragraphs = blocks(text)
    if not paragraphs and empty is None:
        return []
    story: list[Flowable] = [CondPageBreak(60), Text(title, s.h3, role="H3")]
    if not paragraphs:
        return [*story, Text(empty, s.muted)]
    return story + [Text(block, s.body) for block in paragraphs]


def _cell(text: str, width: float, *, bold: bool = False, size: float = st.CELL_SIZE) -> str:
    """`text` cleaned and wrapped for a table column `width` points wide.

    Table cells are plain strings, which reportlab draws without parsing (nothing in them can be
    read as markup) and far more cheaply than Paragraphs. The table's style must give the cell
    the same font and size: bold and size here only measure.
    """
    wrapped = st.wrap(clean(text), width - 2 * st.CELL_PAD, bold=bold, size=size)
    return wrapped.replace("\n", " \n")  # a space at each line's end keeps words apart


def _table(
    rows: list[list[Cell]], *, header: bool = True, header_columns: int = 0, **options: Any
) -> Flowable:
    """A Table, unless a row would be taller than a page (a pack may hold a descriptor of any
    length, a session any number of people): reportlab cannot break a row across pages, so
    such a table is set as text instead, each row a block of "heading: value" lines."""
    tallest = max((cell.count("\n") + 1) * TALL_LEADING for row in rows for cell in row)
    if tallest < st.FRAME_HEIGHT - 80:
        return TaggedTable(
            rows, header_rows=1 if header else 0, header_columns=header_columns, **options
        )
    heads = [h.replace("\n", " ") for h in rows[0]] if header else []
    blocks: list[Flowable] = []
    for row in rows[1:] if header else rows:
        parts = [
            f"{heads[c]}: {cell}" if heads and heads[c] else cell
            for c, cell in enumerate(row)
            if cell
        ]
        blocks += [Text("\n".join(parts), st.styles().body), Spacer(1, 4)]
    return KeepTogether(blocks)


def _fitted(
    rows: list[list[str]],
    *,
    flexible: int = 0,
    bold_rows: Collection[int] = (0,),
    spans: Collection[int] = (),
    caps: Sequence[float | None] = (),
) -> tuple[list[list[Cell]], list[float]]:
    """Column widths that fit each column's longest line (up to its cap, 110 points unless
    given) with column `flexible` taking the rest, and the rows wrapped to those widths.
    Rows in `spans` span the whole table and are left out of the measuring."""
    count = len(rows[0])
    natural = [0.0] * count
    for r, row in enumerate(rows):
        if r in spans:
            continue
        for c, text in enumerate(row):
            if c == flexible:
                continue
            longest = max(st.text_width(part, bold=r in bold_rows) for part in text.split("\n"))
            natural[c] = max(natural[c], longest + 2 * st.CELL_PAD + 4)
    widths = [
        min(width, (caps[c] if c < len(caps) else None) or 110.0) for c, width in enumerate(natural)
    ]
    widths[flexible] = st.FRAME_WIDTH - sum(w for c, w in enumerate(widths) if c != flexible)
    cells: list[list[Cell]] = [
        [
            _cell(text, st.FRAME_WIDTH if r in spans else widths[c], bold=r in bold_rows)
            for c, text in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    return cells, widths


def _widths(total: float, spec: Sequence[float | None]) -> list[float]:
    """Column widths: above 1 in points, up to 1 a fraction of `total`; None takes the rest."""
    fixed = [w if w is None or w > 1 else w * total for w in spec]
    rest = total - sum(w for w in fixed if w is not None)
    return [rest if w is None else w for w in fixed]


def _progress_row(view: ProgressView) -> list[str]:
    return [
        view.title,
        str(view.total),
        str(view.done),
        str(view.outstanding),
        str(view.dropped),
        _percent(view.percent_done),
        _percent(view.percent_outstanding),
    ]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _gap(gap: int | None) -> str:
    if gap is None:
        return "—"
    return f"+{gap}" if gap > 0 else str(gap)


def _gap_words(gap: int | None) -> str:
    if gap is None:
        return "—"
    if gap == 0:
        return "None (maintain)"
    return _count(gap, "level")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _quoted(titles: Iterable[str]) -> str:
    """Dimension titles in quotes, since a title may itself contain "and" or a comma."""
    return _and(f"‘{title}’" for title in titles)


def _and(items: Iterable[str]) -> str:
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def _fit(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """`text` cut with an ellipsis to fit `width` points."""
    if st.text_width(text, bold=bold, size=size) <= width:
        return text
    while text and st.text_width(text + "…", bold=bold, size=size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _participant_labels(snapshot: SessionSnapshot, *, anonymous: bool) -> dict[str, str]:
    labels: dict[str, str] = {}
    for index, person in enumerate(snapshot.record.participants):
        if anonymous:
            labels[person.key] = f"Participant {participant_letter(index)}"
        elif person.department:
            labels[person.key] = f"{line(person.name)} ({line(person.department)})"
        else:
            labels[person.key] = line(person.name)
    return labels
