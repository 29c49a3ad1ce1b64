"""The committee progress PDF, read back: the committee's wording, pages, fonts, no markup."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader

from npsworkshop.assessment.progress import PlanAction, ProgressReport, progress_report
from npsworkshop.report import styles as st
from npsworkshop.report.progress_pdf import _Paper, committee_summary, render_progress_pdf
from npsworkshop.report.tagging.audit import audit
from npsworkshop.report.tagging.marking import TaggedTable
from report.tagged_pdf import glued_lines, headings_ending_pages, structure, ua_failures

from .samples import HOSTILE, NPS, committee_plan, committee_report, record


def _text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_summary_says_it_as_the_committee_paper_does() -> None:
    report = committee_report()
    first = dict(report.groups)["showing-leadership"]
    assert committee_summary(first) == "56 actions, 30 completed (54%), 26 outstanding (46%)"


def test_the_paper_has_the_summary_the_actions_and_page_numbers() -> None:
    reader, text = _text(render_progress_pdf(committee_report(), record(), NPS))
    flat = " ".join(text.split())
    assert "56 actions, 30 completed (54%), 26 outstanding (46%)" in flat
    assert "Progress as of 30 June 2027" in flat
    assert "c" * 64 in flat and "f" * 64 in flat  # the chain head and the fingerprint
    assert "A56" in flat and "OVERDUE" in flat
    pages = len(reader.pages)
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    assert "Cyngor Sir Ynys Môn" in flat


def test_user_text_is_printed_never_read_as_markup() -> None:
    _reader, text = _text(render_progress_pdf(committee_report(), record(), NPS))
    joined = "".join(text.split())  # a narrow column may break a long "word" anywhere
    assert "<b>June</b>" in joined
    assert "<fontsize=40>agreed</font>" in joined
    assert HOSTILE.startswith("Report")


def test_only_the_embedded_dejavu_fonts_are_used() -> None:
    reader = PdfReader(io.BytesIO(render_progress_pdf(committee_report(), record(), NPS)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            fonts.add(str(descriptor["/BaseFont"]))
            assert "/FontDescriptor" in descriptor or "/DescendantFonts" in descriptor
    assert fonts and all("DejaVuSans" in f for f in fonts)


def test_a_draft_says_so_on_every_page() -> None:
    reader, _ = _text(render_progress_pdf(committee_report(), record(signed=False), NPS))
    assert all("DRAFT" in page.extract_text() for page in reader.pages)


def test_the_paper_is_a_tagged_pdf() -> None:
    data = render_progress_pdf(committee_report(), record(), NPS)
    assert audit(data) == []
    assert ua_failures(data) == []
    nodes = structure(data)
    roles = [node.role for node in nodes]
    assert roles.count("H1") == 1 and roles.count("H2") == 3
    assert roles.count("H3") == 2  # one heading per area with actions
    figure = next(node for node in nodes if node.role == "Figure")
    assert figure.alt is not None
    assert "Showing leadership: 56 actions, 30 completed (54%)" in figure.alt
    assert "TH" in roles and "TD" in roles


def test_words_at_line_ends_stay_apart_when_the_text_is_read() -> None:
    """Each wrapped line of a cell ends with a space, as the plan's do: else a screen reader or
    text extraction reads "1 outstanding(25%)" and "workshopheld"."""
    for anonymous in (False, True):
        data = render_progress_pdf(committee_report(), record(), NPS, anonymous=anonymous)
        assert glued_lines(data) == []


def test_every_column_head_fits_its_column() -> None:
    """Heads are not wrapped: "Outstanding" and "Overdue" in bold ran into their neighbours."""
    paper = _Paper(committee_report(), record(), NPS, anonymous=False)
    tables = [*paper.summary(), *paper.by_area(), *paper.actions()]
    tables = [f for f in tables if isinstance(f, TaggedTable)]
    assert len(tables) >= 3
    for made in tables:
        for head, width in zip(made._cellvalues[0], made._colWidths, strict=True):
            assert st.text_width(head, bold=True) <= width - 2 * st.CELL_PAD, head


def _report_of(plan: list[PlanAction]) -> ProgressReport:
    """`plan`'s progress as of 30 June 2027, as committee_report() counts the sample plan."""
    return progress_report(
        "abc123",
        NPS,
        NPS.area_ids(),
        plan,
        date(2027, 6, 30),
        chain_head="c" * 64,
        fingerprint="f" * 64,
    )


def test_an_ordinary_word_is_never_broken_between_letters() -> None:
    """Columns make room for their longest word (the action's column gives it): "Learning and
    Developmen / t" was printed when the Due column widened (outputs-check F4)."""
    plan = committee_plan()
    owners = ["Learning and Development", "Commissioning Manager", "Procurement Directorate"]
    for index, owner in enumerate(owners):
        plan[index] = replace(plan[index], owner=owner)
    _reader, text = _text(render_progress_pdf(_report_of(plan), record(), NPS))
    for word in ("Development", "Commissioning", "Procurement", "Directorate"):
        assert word in text.split(), word


def test_no_heading_stands_alone_at_the_foot_of_a_page() -> None:
    """An area's heading keeps with its table's header and first row (outputs-check F5: the
    heading at the foot of page 2, its table on page 3), however the pages fall: one action
    per area, the first action's title longer by a line each time."""
    plan = [
        PlanAction(f"A{n}", area, f"Action {n}", "Head of Procurement", None, "open")
        for n, area in enumerate(NPS.area_ids(), start=1)
    ]
    for words in range(0, 120, 4):
        plan[0] = replace(plan[0], title=" ".join(["Procurement"] * (words + 1)))
        data = render_progress_pdf(_report_of(plan), record(), NPS)
        assert headings_ending_pages(data) == [], words


LINES_NOTE = "\n".join(f"l{n}" for n in range(1, 81))  # a pasted list: 80 short lines
WORDS_NOTE = " ".join(["Procurement"] * 400)  # about 4,800 characters of prose
LONG_WHO = "W" * 2000


def _long_report() -> ProgressReport:
    """The committee plan with the red team's long cells (R18): a note of 80 lines, a note of
    400 words, a 2,000-character "who", a 2,000-character owner and action title."""
    plan = committee_plan()
    plan[0] = replace(plan[0], entries=(plan[0].entries[0]._replace(note=LINES_NOTE),))
    plan[1] = replace(plan[1], entries=(plan[1].entries[0]._replace(note=WORDS_NOTE),))
    plan[2] = replace(plan[2], entries=(plan[2].entries[0]._replace(by=LONG_WHO),))
    plan[40] = replace(plan[40], owner="Owner " * 333, title="Title " * 333)
    return _report_of(plan)


def test_a_long_cell_is_cut_in_the_table_and_printed_in_full_after_it() -> None:
    data = render_progress_pdf(_long_report(), record(), NPS)  # LayoutError before
    assert audit(data) == []
    _reader, text = _text(data)
    flat = " ".join(text.split())
    assert flat.count("(continued in the notes)") == 5
    for where in ("A1, last update", "A2, last update", "A3, last update", "A41, owner"):
        assert f"{where}, continued from the table, in full:" in flat
    assert "l1 l2" in flat and "l79 l80" in flat  # every line of the list, after the table
    assert flat.count("Procurement") >= 400
    assert text.count("W") > 2000  # the long "who" in full (the cut cell shows 19 lines of it)


def test_an_anonymous_paper_prints_no_digest() -> None:
    _reader, text = _text(render_progress_pdf(committee_report(), record(), NPS, anonymous=True))
    flat = " ".join(text.split())
    assert "c" * 16 not in flat and "f" * 16 not in flat  # neither the head nor the fingerprint
    assert "Not printed in anonymous output" in flat
