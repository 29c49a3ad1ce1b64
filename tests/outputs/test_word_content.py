"""The Word plan carries what the PDF carries (issue 16: the same content for committee report
templates), with metadata the format accepts and no blank paragraphs used as spacing."""

from __future__ import annotations

import io
import zipfile
from itertools import pairwise
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from npsworkshop.report import committee
from npsworkshop.report.pdf import render_pdf
from npsworkshop.report.word import render_docx
from npsworkshop.report.word_parts import CORE_MAX, core_text
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import SHORT_MAX, TITLE_MAX
from report.report_data import all_text, flat, imported

from .helpers import docx_text, forbidden_words, hostile, hostile_document

CORE_STRINGS = (
    "title",
    "subject",
    "author",
    "keywords",
    "comments",
    "category",
    "content_status",
    "identifier",
    "last_modified_by",
    "version",
)


def _document(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def _longest(text: str, limit: int) -> str:
    """`text` repeated up to `limit` characters, the most an input field allows."""
    return (text * (limit // len(text) + 1))[:limit].strip()


# Core properties -------------------------------------------------------------------------------


def test_core_text_cuts_at_a_word_with_an_ellipsis() -> None:
    assert core_text("Action plan: baseline") == "Action plan: baseline"
    exact = "a" * CORE_MAX
    assert core_text(exact) == exact
    words = "procurement " * 40
    cut = core_text(words)
    assert len(cut) <= CORE_MAX and cut.endswith("procurement…")
    # One word longer than the limit: cut inside it, still within the limit.
    assert core_text("x" * 400) == "x" * (CORE_MAX - 1) + "…"
    # A letter keeps its accent, an emoji its modifiers: the cut falls between characters.
    accented = core_text("a" + "e\u0301" * 200)
    assert len(accented) <= CORE_MAX and accented[-2] == "\u0301"
    flags = core_text("🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f" * 60)
    assert flags.removesuffix("…").endswith("\U000e007f")
    # Control characters and line breaks never reach the XML.
    assert core_text("Line one\nline two\x07\u202e") == "Line one line two"


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_longest_title_and_organisation_make_a_word_file(
    workshop: Workshop, anonymous: bool
) -> None:
    doc = hostile_document()
    doc["title"] = _longest("Finance & <i>team</i> review [bold]2026[/] 🏴󠁧󠁢󠁷󠁬󠁳󠁿 Ŵ ", TITLE_MAX)
    doc["organisation"]["name"] = _longest("Cyngor Sir Ynys Môn / Isle of Anglesey ", SHORT_MAX)
    doc["facilitator"] = _longest("Eleri &amp; <b>Morgan</b>-Ŵyn ", SHORT_MAX)
    snapshot = imported(workshop, doc, sign_off=(_longest("Rhian ", 200), _longest("Head ", 200)))
    data = render_docx(snapshot, anonymous=anonymous)
    props = _document(data).core_properties
    for name in CORE_STRINGS:
        value = getattr(props, name)
        assert len(value) <= CORE_MAX, name
    assert props.title.startswith("Action plan: Finance & <i>team</i> review [bold]2026[/]")
    assert props.title.endswith("…") and "  " not in props.title
    assert props.author == snapshot.record.organisation_name  # 200 characters fit whole
    # The whole title is still in the document itself.
    assert _document(data).paragraphs[1].text == snapshot.record.title


def test_core_properties_say_what_we_mean_and_nothing_of_python_docx(workshop: Workshop) -> None:
    snapshot = hostile(workshop)
    named, anonymous = render_docx(snapshot), render_docx(snapshot, anonymous=True)
    props = _document(named).core_properties
    record = snapshot.record
    assert props.title == f"Action plan: {record.title}, {record.organisation_name}"
    assert props.subject.startswith("Procurement maturity self-assessment held 20 November 2026")
    assert props.author == record.organisation_name
    assert props.language == "en-GB"
    assert props.comments.startswith("Made with npsworkshop")
    assert props.created == props.modified == committee.stamp(snapshot)
    assert record.sign_off is not None
    assert record.sign_off.fingerprint in props.keywords
    # The anonymous file's metadata carries no digest that would confirm a guess at who is who.
    hidden = _document(anonymous).core_properties
    assert record.sign_off.fingerprint not in hidden.keywords and "anonymous" in hidden.keywords
    for data in (named, anonymous):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            core = archive.read("docProps/core.xml").decode()
        assert "python-docx" not in core


# Spacing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("anonymous", [False, True])
def test_no_blank_paragraph_is_used_as_spacing(workshop: Workshop, anonymous: bool) -> None:
    snapshot = hostile(workshop, signed=False)
    document = _document(render_docx(snapshot, anonymous=anonymous, notes=True))
    body = list(document.element.body)
    blank = [
        n
        for n, element in enumerate(body)
        if element.tag == qn("w:p")
        and not "".join(element.itertext()).strip()
        and element.find(".//" + qn("w:drawing")) is None
    ]
    assert blank == []
    # Nor inside a cell: a blank line in a descriptor or a note is no empty paragraph there.
    for cell in (c for t in document.tables for c in t._cells if c.text.strip()):
        assert all(p.text.strip() for p in cell.paragraphs), cell.text
        assert all(p.text == p.text.strip() for p in cell.paragraphs), cell.text
    # Two tables in a row would run together into one in Word: something always parts them.
    tags = [element.tag for element in body]
    assert not any(a == b == qn("w:tbl") for a, b in pairwise(tags))
    # The room after a table comes from the styles: body text has space before it, while the
    # text inside cells keeps none.
    normal = document.styles["Normal"].paragraph_format
    assert normal.space_before is not None and normal.space_before.pt >= 6
    cells = {p.style.name for t in document.tables for c in t._cells for p in c.paragraphs}
    assert cells == {"Table Text"}
    table_text = document.styles["Table Text"].paragraph_format
    assert table_text.space_before == table_text.space_after == 0


# The same content as the PDF -------------------------------------------------------------------


def _sentences_in_pdf(word: str, pdf: str) -> None:
    assert flat(word) in pdf


def _weakest_in_pdf(sentence: str, pdf: str) -> None:
    """The weakest-level sentence in the PDF's words: whole where it names the people who gave
    the level; where there are too many to name, the PDF points at its table of levels and Word
    at its table of ratings, so the level and the counts are compared."""
    if "(each shown with it in the table below)" not in sentence:
        _sentences_in_pdf(sentence, pdf)
        return
    level_and_where, _by, tally = sentence.partition(" by ")
    _sentences_in_pdf(f"{level_and_where} by ", pdf)
    _sentences_in_pdf(tally.split(". ", 1)[1], pdf)


def test_word_has_the_pdfs_descriptors_weakest_level_scope_and_attribution(
    workshop: Workshop,
) -> None:
    snapshot = hostile(workshop)
    data = render_docx(snapshot)
    document = _document(data)
    pack = snapshot.pack
    pdf = all_text(render_pdf(snapshot))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    h3 = [text for style, text in paragraphs if style == "Heading 3"]
    assert h3.count("What the levels look like") == len(snapshot.areas)
    assert h3.count("Ratings") == len(snapshot.areas)
    text = docx_text(data)
    # Every area's descriptor of its current level and of its ambition, word for word.
    for area in snapshot.areas:
        definition = pack.area(area.id)
        assert area.current_level is not None and area.ambition is not None
        for levels in (definition.levels, *(d.levels for d in definition.dimensions)):
            if levels is definition.levels and definition.dimensions:
                continue
            shown = [levels.of(area.current_level)]
            if area.ambition.level != area.current_level:
                shown.append(levels.of(area.ambition.level))
            for descriptor in shown:
                lines = [part.strip() for part in descriptor.split("\n") if part.strip()]
                assert "\n".join(lines) in text
    # The weakest level sentence, the same words as the PDF's, the level in bold.
    weakest = [p for p in document.paragraphs if p.text.startswith("Weakest level: ")]
    assert len(weakest) == len(snapshot.areas)
    for paragraph in weakest:
        _weakest_in_pdf(paragraph.text, pdf)
        assert [run.text for run in paragraph.runs if run.bold] == [
            paragraph.text.removeprefix("Weakest level: ").split(",")[0]
        ]
    # The cover: the areas in scope, the framework's publisher, its attribution and source.
    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cover["Areas in scope"].startswith(f"All {len(pack.areas())} areas of the framework")
    for area in snapshot.areas:
        assert area.title in cover["Areas in scope"]
    assert f"({pack.publisher})" in cover["Framework"]
    credit = next(t for s, t in paragraphs if t.startswith("Framework: "))
    assert "© Local Government Association" in credit and pack.source in credit
    _sentences_in_pdf(credit, pdf)
    assert committee.fingerprint_note(anonymous=False) in text


def test_anonymous_word_says_its_ratings_are_anonymised(workshop: Workshop) -> None:
    snapshot = hostile(workshop)
    key = b"the workspace's letters key, so both formats give the same letters"
    data = render_docx(snapshot, anonymous=True, key=key)
    document = _document(data)
    h3 = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert h3.count("Ratings (anonymised)") == len(snapshot.areas) and "Ratings" not in h3
    text = docx_text(data)
    assert [w for w in forbidden_words() if w in text] == []
    weakest = [p.text for p in document.paragraphs if p.text.startswith("Weakest level: ")]
    assert len(weakest) == len(snapshot.areas)
    assert any(", given by Participant " in sentence for sentence in weakest)
    pdf = all_text(render_pdf(snapshot, anonymous=True, key=key))
    for sentence in weakest:
        _weakest_in_pdf(sentence, pdf)


def test_an_unrated_draft_area_says_what_it_still_needs(workshop: Workshop) -> None:
    snapshot = imported(workshop, hostile_document(complete=False))
    document = _document(render_docx(snapshot))
    texts = [p.text for p in document.paragraphs]
    missing = [area for area in snapshot.areas if area.missing]
    assert missing
    needs = [t for t in texts if t.startswith("Not yet complete: this area still needs")]
    assert len(needs) == len(missing)
    unrated = next(area for area in snapshot.areas if area.current_level is None)
    assert unrated is not None
    assert "Now: not yet rated" in docx_text(render_docx(snapshot))


@pytest.mark.parametrize("complete", [True, False])
def test_word_explains_its_overview_tables_as_the_pdf_does(
    workshop: Workshop, complete: bool
) -> None:
    snapshot = imported(workshop, hostile_document(complete=complete))
    document = _document(render_docx(snapshot))
    pdf = all_text(render_pdf(snapshot))
    body = [p.text for p in document.paragraphs]
    glance = body.index("At a glance")
    assert body[glance + 1].startswith("The current level of each area is the weakest level")
    _sentences_in_pdf(body[glance + 1], pdf)
    # The draft's completeness, under the table as in the PDF.
    state = next(t for t in body if t.startswith(("Not yet complete, so", "Every area is")))
    _sentences_in_pdf(state, pdf)
    assert state.startswith("Every area" if complete else "Not yet complete")
    progress = body.index("Progress on actions")
    assert body[progress + 1].startswith("Outstanding actions are those open or in progress.")
    _sentences_in_pdf(body[progress + 1], pdf)
    table = next(
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "Theme" and t.rows[0].cells[1].text == "Actions"
    )
    heads = [c.text for c in table.rows[0].cells]
    assert heads[-2:] == ["Per cent done", "Per cent outstanding"]
    overall = [c.text for c in table.rows[-1].cells]
    view = snapshot.overall
    assert overall[:5] == [
        view.title,
        str(view.total),
        str(view.done),
        str(view.outstanding),
        str(view.dropped),
    ]
    assert all(cell.endswith("%") or cell == "—" for cell in overall[5:])


def test_evidence_typed_on_several_lines_keeps_its_lines(workshop: Workshop) -> None:
    """A justification written as lines (a list of points, a pasted paragraph) stays lines in
    Word as in the PDF: line breaks within its paragraph, never run together (trial F24)."""
    doc = hostile_document(scope=["engaging-councillors"])
    lines = ["Line one of the evidence.", "- bullet two [b]not bold[/b]", "Tabbed line three"]
    doc["areas"]["engaging-councillors"]["justification"] = "\n".join(lines)
    snapshot = imported(workshop, doc)
    document = _document(render_docx(snapshot))
    [paragraph] = [p for p in document.paragraphs if p.text.startswith("Line one")]
    assert paragraph.text == "\n".join(lines)  # python-docx reads a <w:br/> as a newline
    assert len(paragraph._p.findall(".//" + qn("w:br"))) == 2


def test_the_signed_plan_states_the_interim_step_beside_the_ambition(workshop: Workshop) -> None:
    """The milestone the council commits to is in the plan it signs, PDF and Word alike, not
    only a year later in the follow-up (trial F12)."""
    doc = hostile_document(scope=["engaging-councillors"])
    area = doc["areas"]["engaging-councillors"]
    area["ambition"] = {"level": "innovator", "by": "2028-03-31", "rationale": None}
    area["ambition"]["interim"] = {"level": "leader", "by": "2027-09-30"}
    snapshot = imported(workshop, doc)
    said = "Innovator by 31 Mar 2028, interim step Leader by 30 Sep 2027"
    assert said in flat(all_text(render_pdf(snapshot)))
    assert said in docx_text(render_docx(snapshot))
