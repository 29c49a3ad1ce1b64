"""One area of the Word action plan, the same content as the PDF's (report/plan_areas.py): its
facts, what the levels look like now and at the ambition, the evidence, the ratings with the
weakest level and who gave it, and its actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from npsworkshop.assessment.rules import MISSING_WORDS
from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot
from npsworkshop.report import committee
from npsworkshop.report import word_parts as parts
from npsworkshop.report.anonymity import in_shown_order
from npsworkshop.report.text import and_list, blocks, clean, count, line, short_date
from npsworkshop.report.word_parts import heading


@dataclass(frozen=True)
class WordAreas:
    """What every area's section needs: the document, the session and how people are shown."""

    doc: Any
    snapshot: SessionSnapshot
    level: dict[str, str]  # level id -> the pack's title for it
    who: dict[str, str]  # participant key -> name or letter, in the order they are shown
    anonymous: bool
    notes: bool

    def section(self, area: AreaView, number: int) -> None:
        doc = self.doc
        heading(doc, f"{number}. {line(area.title)}", 2)
        kind = "Key area" if area.kind == "key-area" else "Enabler"
        doc.add_paragraph(
            f"{committee.group_title(self.snapshot, area)} · {kind}" if area.theme else kind
        )
        parts.table(doc, self._facts(area))
        if area.missing and not self.snapshot.signed_off:
            needs = and_list(MISSING_WORDS[m] for m in area.missing)
            doc.add_paragraph(f"Not yet complete: this area still needs {needs}.")
        heading(doc, "What the levels look like", 3)
        parts.table(doc, self._descriptors(area))
        justification = "Justification: the evidence for this level"
        self._text(justification, area.justification, "No justification recorded yet.")
        if area.agreed_level and area.result:
            agreed, rule = self.level[area.agreed_level], self.level[area.result.weakest_level]
            title = f"Moderation: the workshop agreed {agreed}; the rule gave {rule}"
            self._text(title, area.moderation_reason, "No reason recorded.")
        if area.ambition and area.ambition.rationale:
            self._text("Why this ambition", area.ambition.rationale, None)
        self._ratings(area)
        self._actions(area)

    def _facts(self, area: AreaView) -> list[list[str]]:
        from npsworkshop.report.layout import gap_words

        aim = committee.ambition_words(area, self.level)
        result = area.result
        return [
            ["Current level (rule)", "Agreed level", "Ambition", "Gap"],
            [
                self.level[result.weakest_level] if result else "Not rated",
                self.level[area.agreed_level] if area.agreed_level else "Not moderated",
                aim,
                gap_words(area.gap),
            ],
        ]

    def _descriptors(self, area: AreaView) -> list[list[str]]:
        """The pack's words for the current level and the ambition: for the area, and for each
        of its dimensions where it has them."""
        definition = self.snapshot.pack.area(area.id)
        now = area.current_level
        aim = area.ambition.level if area.ambition else None
        if aim is None:
            aim_head = "Ambition: not set"
        else:
            aim_head = f"Ambition: {'maintain ' if aim == now else ''}{self.level[aim]}"
        heads = [f"Now: {self.level[now]}" if now else "Now: not yet rated", aim_head]
        sources = [("The area as a whole", definition.levels)]
        sources += [(line(d.title), d.levels) for d in definition.dimensions]
        rows = []
        for title, levels in sources if definition.dimensions else sources[:1]:
            said = levels.of(now) if now else "—"
            if aim is None or aim == now:
                wanted = "—" if aim is None else "Stay at the current level."
            else:
                wanted = levels.of(aim)
            rows.append([title, said, wanted] if definition.dimensions else [said, wanted])
        return [["Part of the area", *heads] if definition.dimensions else heads, *rows]

    def _text(self, title: str, text: str | None, empty: str | None) -> None:
        """A titled block of free text; `empty`: what it says when none was recorded (None: the
        block is left out)."""
        paragraphs = blocks(text)
        if not paragraphs and empty is None:
            return
        heading(self.doc, title, 3)
        for block in paragraphs or [empty or ""]:
            # A block's lines stay lines, as in the PDF: breaks within one paragraph (a blank
            # line between blocks makes a new paragraph), never layout done with spaces.
            paragraph = self.doc.add_paragraph()
            for number, text_line in enumerate(block.split("\n")):
                if number:
                    paragraph.add_run().add_break()
                paragraph.add_run(text_line)

    def _ratings(self, area: AreaView) -> None:
        doc = self.doc
        heading(doc, "Ratings (anonymised)" if self.anonymous else "Ratings", 3)
        if not area.ratings:
            doc.add_paragraph("No ratings recorded yet.")
            return
        dims = {d.id: line(d.title) for d in self.snapshot.pack.area(area.id).dimensions}
        self._weakest(area, dims)
        rows = [["Participant", "Dimension", "Level"] if dims else ["Participant", "Level"]]
        place = {person: index for index, person in enumerate(self.who)}
        in_order = sorted(area.ratings, key=lambda r: place.get(r.participant, len(place)))
        for rating in in_order:
            given = self.level[rating.level] if rating.level else "Abstained"
            person = self.who.get(rating.participant, rating.participant)
            dimension = dims.get(rating.dimension or "", "")
            rows.append([person, dimension, given] if dims else [person, given])
        parts.table(doc, rows)
        noted = [r for r in in_order if self.notes and r.note and r.note.strip()]
        if noted:
            heading(doc, "Notes given with the ratings", 3)
            people = [self.who.get(r.participant, r.participant) for r in noted]
            notes = [[person, clean(r.note)] for person, r in zip(people, noted, strict=True)]
            parts.table(doc, [["Participant", "Note"], *notes])

    def _weakest(self, area: AreaView, dims: dict[str, str]) -> None:
        """ "Weakest level: <level>, given by …", the PDF's sentence, the level in bold."""
        from npsworkshop.report.layout import quoted
        from npsworkshop.report.plan_base import NAMED_WEAKEST_MAX

        result = area.result
        if result is None:
            return
        people = result.weakest_by
        if len(people) > NAMED_WEAKEST_MAX:
            by = f"{len(people)} participants (each shown with it in the table below)"
        else:
            by = and_list(self.who.get(key, key) for key in in_shown_order(self.who, people))
        where = [dims[d] for d in result.weakest_dimensions if d and d in dims]
        on = ""
        if where:
            on = " on every dimension" if len(where) == len(dims) else f" on {quoted(where)}"
        tally = f"{count(result.rated, 'rating')} given, {count(result.abstained, 'abstention')}"
        sentence = self.doc.add_paragraph("Weakest level: ")
        sentence.add_run(self.level[result.weakest_level]).bold = True
        sentence.add_run(f", given{on} by {by}. {tally}.")

    def _actions(self, area: AreaView) -> None:
        heading(self.doc, "Actions", 3)
        if not area.actions:
            self.doc.add_paragraph("No actions recorded.")
            return
        refs = committee.action_refs(self.snapshot)
        rows = [["Ref", "Action", "Owner", "Due", "Status"]]
        rows += [
            [
                refs[a.id],
                committee.action_title(a),
                line(a.owner) or "—",
                short_date(a.due),
                committee.STATUS_TITLES[a.status],
            ]
            for a in area.actions
        ]
        parts.table(self.doc, rows)
