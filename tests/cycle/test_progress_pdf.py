"""The committee progress PDF, read back: the committee's wording, pages, fonts, no markup."""

from __future__ import annotations

import io

from pypdf import PdfReader

from npsworkshop.report.progress_pdf import committee_summary, render_progress_pdf
from npsworkshop.report.tagging.audit import audit
from report.tagged_pdf import structure, ua_failures

from .samples import HOSTILE, NPS, committee_report, record


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
    # white space aside: a narrow column may wrap the tag, and each line ends with a space
    solid = "".join(text.split())
    assert "<b>June</b>" in solid
    assert "<fontsize=40>agreed</font>" in solid
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
