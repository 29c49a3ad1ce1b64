"""The action plan PDF read back: contents, page furniture, fonts, metadata and determinism."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from npsworkshop.assessment.snapshot import (
    ActionFact,
    AmbitionFact,
    OutcomeFact,
    ParticipantFact,
    RatingFact,
    SessionSnapshot,
)
from npsworkshop.framework.models import Pack
from npsworkshop.report.pdf import render_pdf
from npsworkshop.report.tagging.audit import audit
from npsworkshop.workshop import Workshop

from .conftest import SIGNER
from .report_data import (
    all_text,
    document,
    flat,
    imported,
    pack,
    pages_text,
    plain_area,
    snapshot_of,
)

PAGE = re.compile(r"Page (\d+) of (\d+)")


def test_every_area_level_justification_and_action_reads_back(
    signed: SessionSnapshot, signed_pdf: bytes
) -> None:
    text = all_text(signed_pdf)
    titles = signed.pack.level_title
    for area in signed.areas:
        number = signed.areas.index(area) + 1
        assert flat(f"{number}. {area.title}") in text
        assert area.justification is not None
        for paragraph in area.justification.split("\n\n"):
            assert flat(paragraph) in text
        assert area.current_level is not None and area.ambition is not None
        definition = signed.pack.area(area.id)
        assert flat(definition.levels.of(area.current_level)) in text
        assert flat(definition.levels.of(area.ambition.level)) in text
        assert f"Ambition: {titles(area.ambition.level)}" in text
        for action in area.actions:
            assert flat(action.title) in text
    for level in ("Minimum", "Developing", "Mature", "Leader", "Innovator"):
        assert level in text
    assert signed.record.sign_off is not None
    fingerprint = signed.record.sign_off.fingerprint
    assert fingerprint in text
    assert f"Signed off by {SIGNER[0]}, {SIGNER[1]}, on 3 December 2026." in text


def test_moderation_keeps_both_levels_and_the_reason(
    signed: SessionSnapshot, signed_pdf: bytes
) -> None:
    text = all_text(signed_pdf)
    moderated = [a for a in signed.areas if a.agreed_level]
    assert moderated
    for area in moderated:
        assert area.result is not None and area.moderation_reason and area.agreed_level
        assert (
            f"Moderation: the workshop agreed {area.agreed_level.capitalize()}; "
            f"the rule gave {area.result.weakest_level.capitalize()}"
        ) in text
        assert flat(area.moderation_reason) in text


def test_every_page_says_page_x_of_y(signed_pdf: bytes) -> None:
    pages = pages_text(signed_pdf)
    assert len(pages) > 10
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert "Page 1 of" in pages[0]


def test_a_draft_says_draft_on_every_page_and_a_signed_plan_on_none(
    draft_pdf: bytes, signed_pdf: bytes
) -> None:
    for page in pages_text(draft_pdf):
        assert "DRAFT" in page
    assert "not signed off" in pages_text(draft_pdf)[0]
    for page in pages_text(signed_pdf):
        assert "DRAFT" not in page


def test_a_draft_names_what_is_missing(draft: SessionSnapshot, draft_pdf: bytes) -> None:
    text = all_text(draft_pdf)
    assert f"{draft.areas_complete} of {len(draft.areas)} areas" in text
    lacking = [a for a in draft.areas if a.missing]
    assert lacking
    for area in lacking:
        assert flat(f"{draft.areas.index(area) + 1}. {area.title} (") in text
    assert "Not rated" in text and "not yet rated" in text


def test_progress_per_theme_in_numbers_and_per_cent(
    signed: SessionSnapshot, signed_pdf: bytes
) -> None:
    text = all_text(signed_pdf)
    for view in (*signed.progress, signed.overall):
        assert view.percent_done is not None and view.percent_outstanding is not None
        row = (
            f"{view.title} {view.total} {view.done} {view.outstanding} {view.dropped} "
            f"{view.percent_done}% {view.percent_outstanding}%"
        )
        assert row in text


def _fonts(data: bytes) -> list[Any]:
    reader = PdfReader(io.BytesIO(data))
    fonts: dict[int, Any] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            fonts[ref.idnum] = ref.get_object()
        for ref in resources.get("/XObject", {}).values():
            form: Any = ref.get_object()
            for inner in form.get("/Resources", {}).get("/Font", {}).values():
                fonts[inner.idnum] = inner.get_object()
    return list(fonts.values())


def test_only_dejavu_is_used_and_every_font_is_embedded(signed_pdf: bytes) -> None:
    fonts = _fonts(signed_pdf)
    assert fonts
    names = set()
    for font in fonts:
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # a composite font keeps it on its descendant
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
        names.add(str(font["/BaseFont"]).split("+")[-1])
    assert names == {"DejaVuSans", "DejaVuSans-Bold"}
    assert b"Helvetica" not in signed_pdf


def test_metadata_names_the_plan(signed: SessionSnapshot, signed_pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(signed_pdf)).metadata
    assert meta is not None
    record = signed.record
    assert meta.title == f"Action plan: {record.title}, {record.organisation_name}"
    assert meta.author == record.organisation_name
    assert meta.subject is not None and signed.pack.title in meta.subject
    assert meta.creator == "npsworkshop 0.1.0"
    assert meta.creation_date is not None
    assert meta.creation_date.date() == date(2026, 12, 3)  # the sign-off date, not the clock


def test_the_same_snapshot_gives_the_same_bytes(signed: SessionSnapshot) -> None:
    assert render_pdf(signed) == render_pdf(signed)
    key = b"k" * 32  # the letters' key: the workspace's in an export
    assert render_pdf(signed, anonymous=True, key=key) == render_pdf(
        signed, anonymous=True, key=key
    )


def test_named_mode_names_people_and_their_departments(signed: SessionSnapshot) -> None:
    text = all_text(render_pdf(signed))
    person = signed.record.participants[0]
    assert f"{person.name} ({person.department})" in text
    assert "Attendees Name Role Department" in text
    for person in signed.record.participants:
        assert flat(f"{person.name} {person.role} {person.department}") in text


@pytest.mark.parametrize("names", [False, True])
def test_anonymous_mode_shows_no_names_and_no_departments(
    signed: SessionSnapshot, names: bool
) -> None:
    text = all_text(render_pdf(signed, anonymous=True, notes=names))
    for person in signed.record.participants:
        assert person.name not in text
        assert person.name.split()[0] not in text
        assert f"({person.department})" not in text
    assert "Participant A" in text and "Ratings (anonymised)" in text
    # The facilitator and the signatory are not participants: they stay.
    assert signed.record.facilitator in text
    assert SIGNER[0] in text


def test_anonymous_labels_go_past_z(workshop: Workshop) -> None:
    snap = imported(workshop, document("nps-2018", participants=30, scope=["engaging-councillors"]))
    text = all_text(render_pdf(snap, anonymous=True))
    assert "Participant Z" in text and "Participant AA" in text and "Participant AD" in text


def test_a_gridded_area_shows_each_dimension(workshop: Workshop) -> None:
    snap = imported(workshop, document("nps-2018-draft-toolkit", participants=6))
    text = all_text(render_pdf(snap))
    definition = snap.pack.areas()[0]
    area = snap.areas[0]
    assert area.current_level is not None and area.ambition is not None
    for dimension in definition.dimensions:
        assert dimension.title in text
        assert flat(dimension.levels.of(area.current_level)) in text
        assert flat(dimension.levels.of(area.ambition.level)) in text
    assert "Dimension Minimum Developing Mature Leader Innovator Abstained" in text


def test_tables_carried_over_repeat_their_header_and_name_the_area(workshop: Workshop) -> None:
    snap = imported(workshop, document("nps-2018", participants=40, actions=11, long=True))
    pages = pages_text(render_pdf(snap))
    titles = {f"{n}. {area.title}" for n, area in enumerate(snap.areas, start=1)}
    carried = [
        flat(page)
        for page in pages
        if flat(page).startswith(("DRAFT Level Ratings Given by", "DRAFT Action Owner Due Status"))
    ]
    assert len(carried) >= 5
    for page in carried:  # the running head says whose table it is
        assert any(f"DRAFT {title} Page" in page for title in titles), page[-200:]
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_long_text_splits_across_pages_and_keeps_every_word(mini_pack: Pack) -> None:
    words = [f"evidence{n:04d}" for n in range(2400)]
    justification = " ".join(words[:1200]) + "\n\n" + " ".join(words[1200:])
    snap = plain_area(mini_pack, justification)
    text = "".join(pages_text(render_pdf(snap)))
    found = re.findall(r"evidence\d{4}", text)
    assert found == words


def test_a_word_wider_than_the_page_is_broken_not_lost(mini_pack: Pack) -> None:
    word = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" * 20
    action = ActionFact(id=1, area="plain", title=word[:300], owner=word[:200])
    snap = plain_area(mini_pack, word, actions=(action,))
    text = "".join("".join(page.split()) for page in pages_text(render_pdf(snap)))
    assert word in text
    assert word[:300] in text


def test_many_areas_split_the_maturity_grid_over_pages() -> None:
    areas = [
        {
            "id": f"area-{n}",
            "theme": "t",
            "title": f"Custom area number {n} with a title long enough to wrap onto two lines",
            "levels": {
                "minimum": "m",
                "developing": "d",
                "mature": "ma",
                "leader": "l",
                "innovator": "i",
            },
        }
        for n in range(60)
    ]
    big = Pack.model_validate(
        {
            "id": "big",
            "title": "A council's own long framework",
            "version": "1",
            "publisher": "Testshire",
            "source": "tests",
            "attribution": "Made up.",
            "levels": [
                {"id": level, "title": level.capitalize()}
                for level in ("minimum", "developing", "mature", "leader", "innovator")
            ],
            "themes": [{"id": "t", "title": "Everything"}],
            "key_areas": areas,
        }
    )
    snap = snapshot_of(
        big,
        participants=(ParticipantFact(key="p1", name="Jo Smith"),),
        ratings=tuple(
            RatingFact(participant="p1", area=f"area-{n}", level="developing") for n in range(60)
        ),
        outcomes=tuple(
            OutcomeFact(area=f"area-{n}", ambition=AmbitionFact(level="leader")) for n in range(60)
        ),
    )
    text = all_text(render_pdf(snap))
    assert "60. Custom area number 59" in text
    assert text.count("Minimum Developing Mature Leader Innovator") >= 2


def test_rows_taller_than_a_page_are_set_as_text_not_lost() -> None:
    """A pack may hold a descriptor of any length, and a session any number of people."""
    data = pack("nps-2018").model_dump()
    descriptor = " ".join(f"word{n:04d}" for n in range(3000))
    data["key_areas"][0]["levels"]["mature"] = descriptor
    long_pack = Pack.model_validate(data)
    area = long_pack.areas()[0].id
    people = tuple(
        ParticipantFact(key=f"p{n}", name=f"Person {n:04d}", department="Place and Economy")
        for n in range(1200)
    )
    snap = snapshot_of(
        long_pack,
        scope=(area,),
        participants=people,
        ratings=tuple(RatingFact(participant=p.key, area=area, level="mature") for p in people),
        outcomes=(
            OutcomeFact(area=area, justification="x", ambition=AmbitionFact(level="leader")),
        ),
    )
    text = "".join(pages_text(render_pdf(snap)))
    assert re.findall(r"word\d{4}", text) == re.findall(r"word\d{4}", descriptor)
    assert len(set(re.findall(r"Person \d{4}", text))) == 1200


def test_the_outline_leads_to_every_area(signed: SessionSnapshot, signed_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(signed_pdf))
    pages = pages_text(signed_pdf)
    entries: dict[str, int] = {}

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                page = reader.get_destination_page_number(item)
                assert page is not None
                entries[item.title] = page

    walk(reader.outline)
    assert {"At a glance", "Progress on actions", "The areas in detail"} <= set(entries)
    for number, area in enumerate(signed.areas, start=1):
        title = f"{number}. {area.title}"
        assert flat(title) in flat(pages[entries[title]])


def test_a_long_rating_note_is_cut_in_the_table_and_printed_in_full(workshop: Workshop) -> None:
    """R18 in the action plan: a pasted 80-line note is cut in the notes table with
    "(continued in the notes)" and printed whole after it, tagged like the rest."""
    doc = document("nps-2018", participants=3, scope=["engaging-councillors"])
    for rating in doc["areas"]["engaging-councillors"]["ratings"]:
        rating["note"] = "\n".join(f"n{n}" for n in range(1, 81))
    data = render_pdf(imported(workshop, doc), notes=True)
    assert audit(data) == []
    text = all_text(data)
    assert text.count("(continued in the notes)") == 3
    assert text.count("note, continued from the table, in full:") == 3
    assert text.count("n79 n80") == 3
