"""The action plan's section for one area: facts, descriptors, ratings, spread and actions."""

from __future__ import annotations

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
)

from npsworkshop.assessment.snapshot import AreaView
from npsworkshop.framework.levels import LEVELS
from npsworkshop.framework.models import LevelDescriptors
from npsworkshop.report import committee
from npsworkshop.report import layout as lo
from npsworkshop.report import styles as st
from npsworkshop.report.anonymity import in_shown_order
from npsworkshop.report.flowables import Text
from npsworkshop.report.layout import Cell
from npsworkshop.report.plan_base import MISSING_TITLES, NAMED_WEAKEST_MAX, PlanContext
from npsworkshop.report.sentence import Sentence
from npsworkshop.report.text import and_list, count, line, short_date


class PlanAreas(PlanContext):
    """Each area in detail."""

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
        aim = committee.ambition_words(
            area, self.level_titles, lambda day: lo.unbroken(short_date(day))
        )
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
        made = lo.table(
            rows,
            colWidths=widths,
            style=[*st.table_style(), ("FONTNAME", (0, 1), (0, -1), st.FONT_BOLD)]
            if dimensional
            else st.table_style(),
            repeatRows=1,
            hAlign="LEFT",
            header_columns=1 if dimensional else 0,
        )
        return lo.kept([Text("What the levels look like", s.h3, role="H3")], made, least=100)

    def ratings(self, area: AreaView) -> list[Flowable]:
        title = "Ratings (anonymised)" if self.anonymous else "Ratings"
        story = self.rating_facts(area)
        return [*lo.kept([Text(title, self.s.h3, role="H3")], story[0], least=100), *story[1:]]

    def rating_facts(self, area: AreaView) -> list[Flowable]:
        """Under "Ratings": the weakest level and who gave it, then the counts and the spread."""
        s = self.s
        story: list[Flowable] = []
        result = area.result
        if not area.ratings:
            return [Text("No ratings recorded yet.", s.muted)]
        dims = {d.id: line(d.title) for d in self.pack.area(area.id).dimensions}
        if result is not None:
            people = len(result.weakest_by)
            if people <= NAMED_WEAKEST_MAX:
                weakest = in_shown_order(self.who, result.weakest_by)
                by = and_list(self.who.get(key, key) for key in weakest)
            else:
                by = f"{people} participants (listed in the first row below)"
            where = [dims[d] for d in result.weakest_dimensions if d and d in dims]
            if where and len(where) == len(dims):
                on = " on every dimension"
            elif where:
                on = " on " + lo.quoted(where)
            else:
                on = ""
            given = f"{count(result.rated, 'rating')} given, "
            given += count(result.abstained, "abstention")
            level = self.level_titles[result.weakest_level]
            parts = [("Weakest level: ", False), (level, True), (f", given{on} by {by}. ", False)]
            story.append(Sentence([*parts, (f"{given}.", False)], s.body))
        if dims:
            story.append(self.dimension_matrix(area, dims))
        story.append(self.spread(area, dims))
        if self.notes:
            story += self.rating_notes(area, dims)
        return story

    def rating_notes(self, area: AreaView, dims: dict[str, str]) -> list[Flowable]:
        """The notes participants gave with their ratings (named output, when asked for)."""
        noted = [r for r in self.in_shown_order(area) if r.note and r.note.strip()]
        if not noted:
            return []
        widths = lo.widths(st.FRAME_WIDTH, [0.28, 0.16, None])
        rows: list[list[Cell]] = [["Participant", "Level", "Note"]]
        long_cells = lo.LongCells()
        for rating in noted:
            level = self.level_titles[rating.level] if rating.level else "Abstained"
            if rating.dimension in dims:
                level += f" ({dims[rating.dimension or '']})"
            who = self.who.get(rating.participant, rating.participant)
            rows.append(
                [
                    lo.cell(who, widths[0]),
                    lo.cell(level, widths[1]),
                    long_cells.cell(rating.note or "", widths[2], f"{who}, note"),
                ]
            )
        heading = Text("Notes given with the ratings", self.s.h3, role="H3")
        made = lo.table(rows, colWidths=widths, style=st.table_style(), **lo.ROW_HEADED)
        return [*lo.kept([heading], made, least=60), *long_cells.notes()]

    def spread(self, area: AreaView, dims: dict[str, str]) -> Flowable:
        """Who gave which level (and, for a gridded area, on which dimensions)."""
        by_level: dict[str | None, dict[str, list[str]]] = {}
        counts: dict[str | None, int] = {}
        for rating in self.in_shown_order(area):
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
            **lo.ROW_HEADED,
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
            **lo.ROW_HEADED,
            spaceAfter=6,
        )

    def actions(self, area: AreaView) -> list[Flowable]:
        s = self.s
        heading: list[Flowable] = [Text("Actions", s.h3, role="H3")]
        if not area.actions:
            return lo.kept(heading, Text("No actions recorded.", s.muted), least=80)
        texts = [["Action", "Owner", "Due", "Status"]]
        texts += [
            [
                committee.action_title(action),
                action.owner or "—",
                lo.unbroken(short_date(action.due)),
                committee.STATUS_TITLES[action.status],
            ]
            for action in area.actions
        ]
        spec = lo.widths(st.FRAME_WIDTH, [None, 0.25, 62, 60])
        widths = lo.room_for_words(spec, texts, flexible=0)
        rows: list[list[Cell]] = [
            [lo.cell(text, width, bold=r == 0) for text, width in zip(row, widths, strict=True)]
            for r, row in enumerate(texts)
        ]
        made = lo.table(rows, colWidths=widths, style=st.table_style(), **lo.ROW_HEADED)
        return lo.kept(heading, made, least=80)
