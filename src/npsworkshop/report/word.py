"""The action plan as a Word document (`export --format docx`), for committee report templates.

The same content as the PDF, in Word's own structure so a clerk can paste it into a council
template: Title and Heading 1-3 styles, bulleted lists, real tables whose header rows repeat on
each page, and the maturity picture with its alternative text. Nothing is laid out with spaces
or tabs: a line break in a cell is a new paragraph, and the room after a table comes from the
styles, never an empty paragraph. Each area's section is report/word_areas.py; where the PDF
draws a spread of levels, Word lists each rating in a table. Anonymous output follows CONTRACT §9
as the PDF does. Text is put in as plain runs, never interpreted.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from npsworkshop.assessment.rules import MISSING_WORDS
from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot
from npsworkshop.framework.levels import LEVELS
from npsworkshop.labels import council_type_label
from npsworkshop.report import committee
from npsworkshop.report import word_parts as parts
from npsworkshop.report.anonymity import participant_labels
from npsworkshop.report.since_baseline import BaselineHistory
from npsworkshop.report.text import and_list, line, long_date, short_date
from npsworkshop.report.word_areas import WordAreas
from npsworkshop.report.word_parts import english, heading, paragraph
from npsworkshop.report.word_trend import add_since_baseline


def render_docx(
    snapshot: SessionSnapshot,
    *,
    anonymous: bool = False,
    notes: bool = False,
    history: BaselineHistory | None = None,
    key: bytes | None = None,
) -> bytes:
    """The action plan as a Word document; `key`: the letters' key of an anonymous export."""
    from docx import Document

    record, pack = snapshot.record, snapshot.pack
    doc: Any = Document()
    english(doc)
    parts.spacing(doc)
    parts.core_properties(
        doc,
        title=f"Action plan: {record.title}, {record.organisation_name}",
        subject=f"Procurement maturity self-assessment held {long_date(record.held_on)} "
        f"({pack.title}, version {pack.version})",
        author=record.organisation_name,
        keywords=_keywords(snapshot, anonymous=anonymous),
        stamp=committee.stamp(snapshot),
    )
    level: dict[str, str] = {lv: line(pack.level_title(lv)) for lv in LEVELS}
    who = participant_labels(snapshot, anonymous=anonymous, key=key)

    def table(rows: Sequence[Sequence[str]], *, header_column: bool = False) -> None:
        parts.table(doc, rows, header_column=header_column)

    doc.add_paragraph(committee.kicker(snapshot))
    heading(doc, line(record.title), 0)
    doc.add_paragraph(line(record.organisation_name))
    sign_off = record.sign_off
    status = (
        "DRAFT: not signed off"
        if sign_off is None
        else f"Signed off by {line(sign_off.name)}, {line(sign_off.role)}, on "
        f"{long_date(sign_off.signed_on)}"
    )
    doc.add_paragraph(status)
    about = [
        ["Date held", long_date(record.held_on)],
        ["Facilitator", line(record.facilitator) or "Not recorded"],
        ["Framework", line(f"{pack.title}, version {pack.version} ({pack.publisher})")],
        ["Areas in scope", _scope(snapshot)],
        ["Participants", committee.count_people(snapshot)],
    ]
    if record.organisation_type:
        kind = council_type_label(line(record.organisation_type))
        about.insert(0, ["Type of council", kind])
    if record.baseline is not None:
        about.append(["Baseline", committee.baseline_text(snapshot, anonymous=anonymous)])
    if sign_off is not None and not anonymous:
        about.append(["Fingerprint", sign_off.fingerprint])
    table(about, header_column=True)
    if sign_off is not None:
        doc.add_paragraph(committee.fingerprint_note(anonymous=anonymous))
    doc.add_paragraph(line(f"Framework: {pack.attribution} Source: {pack.source}"))

    heading(doc, "Summary", 1)
    for sentence in committee.summary(snapshot):
        paragraph(doc, sentence, "List Bullet")
    add_since_baseline(doc, snapshot, history, anonymous=anonymous)

    from npsworkshop.report import layout

    heading(doc, "At a glance", 1)
    doc.add_paragraph(
        "The current level of each area is the weakest level anyone in the workshop gave to any "
        "part of it, never an average. Where the workshop agreed a different level, both are "
        "shown and the reason is given in the area's section. The gap is the number of levels "
        "between the current level and the ambition."
    )
    glance = [["Theme", "Area", "Current level (rule)", "Agreed level", "Ambition", "By"]]
    glance[0].append("Gap (levels)")
    for group, members in committee.grouped(snapshot):
        for number, area in _numbered(snapshot, members):
            ambition = area.ambition
            glance.append(
                [
                    group,
                    f"{number}. {line(area.title)}",
                    level[area.result.weakest_level] if area.result else "Not rated",
                    level[area.agreed_level] if area.agreed_level else "—",
                    level[ambition.level] if ambition else "—",
                    short_date(ambition.by if ambition else None),
                    layout.gap(area.gap),
                ]
            )
    table(glance)
    if not snapshot.signed_off:
        doc.add_paragraph(_completeness(snapshot))
    heading(doc, "Current level and ambition", 2)
    from npsworkshop.report.charts import session_grids
    from npsworkshop.report.raster import drawing_png

    alt = committee.grid_alt(snapshot)
    for grid in session_grids(snapshot):
        title = "Maturity grid: current level and ambition of each area"
        parts.picture(doc, drawing_png(grid), alt, title)

    heading(doc, "Progress on actions", 1)
    doc.add_paragraph(
        "Outstanding actions are those open or in progress. Dropped actions are counted but left "
        "out of the percentages."
    )
    counts = ["Theme", "Actions", "Done", "Outstanding", "Dropped"]
    progress = [[*counts, "Per cent done", "Per cent outstanding"]]
    progress += [layout.progress_row(view) for view in (*snapshot.progress, snapshot.overall)]
    table(progress)

    heading(doc, "Action plan", 1)
    plan = committee.plan_rows(snapshot)
    if plan:
        doc.add_paragraph(
            "Every action across the areas, numbered in area order. Overdue means open or in "
            f"progress after its due date, as of {long_date(committee.plan_date(snapshot))}."
        )
        rows = [["Ref", "Area", "Action", "Owner", "Due", "Status"]]
        rows += [
            [r.ref, r.area, r.action, r.owner or "—", short_date(r.due), r.status_text]
            for r in plan
        ]
        table(rows)
    else:
        doc.add_paragraph("No actions recorded yet.")

    heading(doc, "Attendees", 1)
    attendees = committee.attendees(snapshot, anonymous=anonymous)
    if len(attendees) > 1:
        if anonymous:
            doc.add_paragraph(
                "Participants are shown as letters in this version; their roles are listed here "
                "in alphabetical order, not in the order of the letters."
            )
        table(attendees)
    else:
        doc.add_paragraph("No participants recorded.")

    heading(doc, "The areas in detail", 1)
    areas = WordAreas(doc, snapshot, level, who, anonymous, notes=notes and not anonymous)
    for number, area in _numbered(snapshot, snapshot.areas):
        areas.section(area, number)

    out = io.BytesIO()
    doc.save(out)
    return parts.stable_bytes(out.getvalue(), committee.stamp(snapshot))


def _numbered(snapshot: SessionSnapshot, areas: Sequence[AreaView]) -> list[tuple[int, AreaView]]:
    numbers = {area.id: n for n, area in enumerate(snapshot.areas, start=1)}
    return [(numbers[area.id], area) for area in areas]


def _keywords(snapshot: SessionSnapshot, *, anonymous: bool) -> str:
    """Draft or signed, as the PDF's keywords say it; no digest in anonymous output (with the
    attendees it would confirm a guess at who is who)."""
    sign_off = snapshot.record.sign_off
    if sign_off is None:
        return "DRAFT, not signed off"
    proof = "anonymous" if anonymous else f"sha256 {sign_off.fingerprint}"
    return f"signed off {sign_off.signed_on.isoformat()}, {proof}"


def _scope(snapshot: SessionSnapshot) -> str:
    """The areas in scope, theme by theme, after how many of the framework's they are."""
    total, chosen = len(snapshot.pack.areas()), len(snapshot.areas)
    if total == 1:
        head = "The framework's one area"
    else:
        head = f"{chosen} of the framework's {total} areas"
        head = f"All {total} areas of the framework" if chosen == total else head
    groups = committee.grouped(snapshot)
    listed = [f"{group}: " + "; ".join(line(a.title) for a in areas) for group, areas in groups]
    return "\n".join([head, *listed])


def _completeness(snapshot: SessionSnapshot) -> str:
    """A draft's areas that still lack something, and what, as the PDF says it under its table."""
    numbered = _numbered(snapshot, snapshot.areas)
    lacking = [
        f"{n}. {line(area.title)} ({and_list(MISSING_WORDS[m] for m in area.missing)})"
        for n, area in numbered
        if area.missing
    ]
    if not lacking:
        return "Every area is complete: the session is ready to sign off."
    return "Not yet complete, so this plan cannot be signed off: " + "; ".join(lacking) + "."
