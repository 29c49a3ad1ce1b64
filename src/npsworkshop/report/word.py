"""The action plan as a Word document (`export --format docx`), for committee report templates.

The same content as the PDF, in Word's own structure so a clerk can paste it into a council
template: Title and Heading 1-3 styles, bulleted lists, real tables whose header rows repeat on
each page, and the maturity picture with its alternative text. Nothing is laid out with spaces
or tabs: a line break in a cell is a new paragraph. Anonymous output follows CONTRACT §9 as the
PDF does. Text is put in as plain runs, never interpreted.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot
from npsworkshop.framework.levels import LEVELS
from npsworkshop.labels import council_type_label
from npsworkshop.report import committee
from npsworkshop.report import word_parts as parts
from npsworkshop.report.anonymity import participant_labels
from npsworkshop.report.since_baseline import BaselineHistory
from npsworkshop.report.text import blocks, clean, line, long_date, short_date
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
    props = doc.core_properties
    props.title = line(f"Action plan: {record.title}, {record.organisation_name}")
    props.author = line(record.organisation_name)
    props.subject = "Procurement maturity self-assessment"
    props.language = "en-GB"
    props.created = props.modified = committee.stamp(snapshot)
    props.last_modified_by = ""
    props.revision = 1
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
        ["Framework", f"{line(pack.title)}, version {line(pack.version)}"],
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

    heading(doc, "Summary", 1)
    for sentence in committee.summary(snapshot):
        paragraph(doc, sentence, "List Bullet")
    add_since_baseline(doc, snapshot, history, anonymous=anonymous)

    heading(doc, "At a glance", 1)
    glance = [["Theme", "Area", "Current level (rule)", "Agreed level", "Ambition", "By", "Gap"]]
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
                    "—" if area.gap is None else str(area.gap),
                ]
            )
    table(glance)
    heading(doc, "Current level and ambition", 2)
    from npsworkshop.report.charts import session_grids
    from npsworkshop.report.raster import drawing_png

    alt = committee.grid_alt(snapshot)
    for grid in session_grids(snapshot):
        title = "Maturity grid: current level and ambition of each area"
        parts.picture(doc, drawing_png(grid), alt, title)

    heading(doc, "Progress on actions", 1)
    progress = [["Theme", "Actions", "Done", "Outstanding", "Dropped", "Per cent done"]]
    for view in (*snapshot.progress, snapshot.overall):
        done = "—" if view.percent_done is None else f"{view.percent_done:.0f}%"
        progress.append(
            [
                line(view.title),
                str(view.total),
                str(view.done),
                str(view.outstanding),
                str(view.dropped),
                done,
            ]
        )
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
    for number, area in _numbered(snapshot, snapshot.areas):
        _area(doc, snapshot, area, number, level, who, table, notes=notes and not anonymous)

    out = io.BytesIO()
    doc.save(out)
    return parts.stable_bytes(out.getvalue(), committee.stamp(snapshot))


def _numbered(snapshot: SessionSnapshot, areas: Sequence[AreaView]) -> list[tuple[int, AreaView]]:
    numbers = {area.id: n for n, area in enumerate(snapshot.areas, start=1)}
    return [(numbers[area.id], area) for area in areas]


def _area(
    doc: Any,
    snapshot: SessionSnapshot,
    area: AreaView,
    number: int,
    level: dict[str, str],
    who: dict[str, str],
    table: Any,
    *,
    notes: bool,
) -> None:
    heading(doc, f"{number}. {line(area.title)}", 2)
    ambition = area.ambition
    aim = "Not set" if ambition is None else level[ambition.level]
    if ambition is not None and ambition.by:
        aim += f" by {short_date(ambition.by)}"
    table(
        [
            ["Current level (rule)", "Agreed level", "Ambition", "Gap"],
            [
                level[area.result.weakest_level] if area.result else "Not rated",
                level[area.agreed_level] if area.agreed_level else "Not moderated",
                aim,
                "—" if area.gap is None else str(area.gap),
            ],
        ]
    )
    sections = [("Justification: the evidence for this level", area.justification)]
    if area.agreed_level and area.result:
        sections.append(("Moderation", area.moderation_reason))
    if ambition is not None and ambition.rationale:
        sections.append(("Why this ambition", ambition.rationale))
    for title, text in sections:
        heading(doc, title, 3)
        for block in blocks(text) or ["Not recorded yet."]:
            doc.add_paragraph(block.replace("\n", " "))
    heading(doc, "Ratings", 3)
    dims = {d.id: line(d.title) for d in snapshot.pack.area(area.id).dimensions}
    rows = [["Participant", "Dimension", "Level"] if dims else ["Participant", "Level"]]
    place = {person: index for index, person in enumerate(who)}
    in_order = sorted(area.ratings, key=lambda r: place.get(r.participant, len(place)))
    for rating in in_order:
        given = level[rating.level] if rating.level else "Abstained"
        person = who.get(rating.participant, rating.participant)
        rows.append(
            [person, dims.get(rating.dimension or "", ""), given] if dims else [person, given]
        )
    if len(rows) > 1:
        table(rows)
    else:
        doc.add_paragraph("No ratings recorded yet.")
    noted = [r for r in in_order if notes and r.note and r.note.strip()]
    if noted:
        heading(doc, "Notes given with the ratings", 3)
        table(
            [["Participant", "Note"]]
            + [[who.get(r.participant, r.participant), clean(r.note)] for r in noted]
        )
    heading(doc, "Actions", 3)
    refs = committee.action_refs(snapshot)
    if area.actions:
        table(
            [["Ref", "Action", "Owner", "Due", "Status"]]
            + [
                [
                    refs[a.id],
                    committee.action_title(a),
                    line(a.owner) or "—",
                    short_date(a.due),
                    committee.STATUS_TITLES[a.status],
                ]
                for a in area.actions
            ]
        )
    else:
        doc.add_paragraph("No actions recorded.")
