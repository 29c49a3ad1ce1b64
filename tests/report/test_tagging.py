"""The action plan is a tagged PDF: structure, artifacts, alternative text, PDF/UA-1.

Three judges: our own checker (`npsworkshop.report.tagging.audit`), page-validation (a
re-implementation of veraPDF's PDF/UA-1 rules) and the structure read back. Each check is also
shown to catch a PDF broken on purpose, so a check that passes everything cannot hide here.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.framework.models import Pack
from npsworkshop.report import committee
from npsworkshop.report.pdf import render_pdf
from npsworkshop.report.tagging.audit import audit
from npsworkshop.workshop import Workshop

from .report_data import document, imported, plain_area
from .tagged_pdf import glued_lines, structure, table_cells, ua_failures


@pytest.mark.parametrize("which", ["signed", "draft", "anonymous"])
def test_the_plan_passes_every_tagging_check(
    which: str, signed: SessionSnapshot, draft: SessionSnapshot
) -> None:
    data = {
        "signed": lambda: render_pdf(signed, participant_names=True),
        "draft": lambda: render_pdf(draft),
        "anonymous": lambda: render_pdf(draft, anonymous=True),
    }[which]()
    assert audit(data) == []
    assert ua_failures(data) == []


def test_the_reading_order_of_the_first_pages(signed: SessionSnapshot, signed_pdf: bytes) -> None:
    nodes = structure(signed_pdf)
    assert nodes[0].role == "Document"
    headings = [n.role for n in nodes if n.role.startswith("H")]
    assert headings[0] == "H1"  # the title, on the cover
    pdf = pikepdf.open(io.BytesIO(signed_pdf))
    tree = pdf.Root.StructTreeRoot.K
    top = [str(kid.S) for kid in tree.K]
    # The cover (kicker, organisation, title, status) comes first, then its table.
    assert top[:4] == ["/P", "/P", "/H1", "/P"]
    assert "/Table" in top[4:6]
    # Sections in the order a committee reads them; no heading level is skipped.
    levels = [int(role[1]) for role in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_the_picture_is_a_figure_with_the_data_in_words(signed: SessionSnapshot) -> None:
    data = render_pdf(signed)
    figures = [n for n in structure(data) if n.role == "Figure"]
    assert len(figures) == 1  # one element, however many pages the grid takes
    alt = figures[0].alt or ""
    titles = signed.pack.level_title
    for number, area in enumerate(signed.areas, start=1):
        assert area.current_level is not None and area.ambition is not None
        assert f"{number}. {area.title}: now {titles(area.current_level)}" in alt


def test_tables_have_column_headers_and_rows_of_equal_width(signed_pdf: bytes) -> None:
    nodes = structure(signed_pdf)
    headers = [n for n in nodes if n.role == "TH"]
    assert headers
    assert {n.attributes.get("/Scope") for n in headers} <= {"/Column", "/Row"}
    assert any(n.attributes.get("/ColSpan") for n in nodes if n.role == "TH")


def test_row_labels_and_group_rows_are_row_headers(
    signed: SessionSnapshot, signed_pdf: bytes
) -> None:
    """What names a row (an area, a ref, a theme's group row) is a TH with Scope Row, so a
    screen reader announces it with each cell of the row (outputs-check F13)."""
    tables = {rows[0][0].text: rows for rows in table_cells(signed_pdf) if rows}
    glance = tables["Area"]
    assert [c.text for c in glance[0]][:2] == ["Area", "Current level (rule)"]
    groups = [row[0] for row in glance[1:] if row[0].span > 1]
    areas = [row[0] for row in glance[1:] if row[0].span == 1]
    assert [g.text for g in groups] == [title for title, _ in committee.grouped(signed)]
    assert [a.text for a in areas] == [
        f"{n}. {area.title}" for n, area in enumerate(signed.areas, start=1)
    ]
    assert {(c.role, c.scope) for c in groups + areas} == {("TH", "Row")}
    assert {(c.role, c.scope) for row in glance[1:] for c in row[1:]} == {("TD", None)}
    plan = tables["Ref"]
    assert [row[0].text for row in plan[1:]] == [f"A{n}" for n in range(1, len(plan))]
    assert {(row[0].role, row[0].scope) for row in plan[1:]} == {("TH", "Row")}


def test_a_table_split_over_pages_stays_one_table(workshop: Workshop) -> None:
    snapshot = imported(workshop, document("nps-2018", participants=30, actions=40))
    data = render_pdf(snapshot)
    pdf = pikepdf.open(io.BytesIO(data))
    carried = 0
    for element in _walk(pdf.Root.StructTreeRoot.K):
        if str(element.S) == "/Table":
            pages = {_page_of(cell) for cell in _walk(element) if "/Pg" in cell}
            carried += len(pages) > 1
    assert carried >= 1
    assert audit(data) == []
    assert ua_failures(data) == []


def test_a_paragraph_split_over_pages_stays_one_paragraph(mini_pack: Pack) -> None:
    text = " ".join(f"Evidence sentence number {n} from the workshop." for n in range(900))
    data = render_pdf(plain_area(mini_pack, text))
    pdf = pikepdf.open(io.BytesIO(data))
    long = [
        e
        for e in _walk(pdf.Root.StructTreeRoot.K)
        if str(e.S) == "/P" and isinstance(e.K, pikepdf.Array) and len(e.K) > 1
    ]
    assert long, "the justification should be one P with content on several pages"
    assert audit(data) == []


def test_the_watermark_and_page_furniture_are_artifacts(draft_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(draft_pdf))
    stack: list[str] = []
    for operands, operator in pikepdf.parse_content_stream(pdf.pages[1]):
        op = bytes(operator)
        if op in (b"BDC", b"BMC"):
            stack.append(str(operands[0]))
        elif op == b"EMC":
            stack.pop()
        elif op == b"Tf" and float(operands[1]) == 120:  # the DRAFT watermark's size
            assert stack and stack[-1] == "/Artifact"


def test_each_line_of_text_ends_with_a_space(mini_pack: Pack) -> None:
    text = " ".join(["word"] * 200)
    data = render_pdf(plain_area(mini_pack, text))
    pdf = pikepdf.open(io.BytesIO(data))
    shown = [
        bytes(operands[0])
        for page in pdf.pages
        for operands, operator in pikepdf.parse_content_stream(page)
        if bytes(operator) == b"Tj" and bytes(operands[0]).startswith(b"word word")
    ]
    assert len(shown) > 3
    assert all(line.endswith(b" ") for line in shown)


def test_no_words_run_together_when_the_plan_is_read(
    signed_pdf: bytes, draft: SessionSnapshot
) -> None:
    """Every line of a paragraph or a cell ends with a space: the "Weakest level" sentence was
    a Paragraph, whose lines do not ("5 ratings given, 1abstention")."""
    assert glued_lines(signed_pdf) == []
    assert glued_lines(render_pdf(draft, anonymous=True)) == []


def test_catalogue_metadata_and_determinism(signed: SessionSnapshot, signed_pdf: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(signed_pdf))
    assert str(pdf.Root.Lang) == "en-GB"
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    xmp = pdf.Root.Metadata.read_bytes().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert signed.record.title in xmp
    assert render_pdf(signed) == signed_pdf


# Broken on purpose: each check must catch its fault -------------------------------------------


def _walk(element: Any) -> list[Any]:
    found = [element]
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += _walk(kid)
    return found


def _page_of(element: Any) -> tuple[int, int]:
    return element.Pg.objgen  # type: ignore[no-any-return]


def _first(pdf: pikepdf.Pdf, role: str) -> Any:
    return next(e for e in _walk(pdf.Root.StructTreeRoot.K) if str(e.S) == role)


def _no_alt(pdf: pikepdf.Pdf) -> None:
    del _first(pdf, "/Figure").Alt


def _no_lang(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.Lang


def _no_title_shown(pdf: pikepdf.Pdf) -> None:
    pdf.Root.ViewerPreferences.DisplayDocTitle = False


def _untagged_painting(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].contents_add(pdf.make_stream(b"0 0 10 10 re f"), prepend=False)


def _mcid_missing_from_parent_tree(pdf: pikepdf.Pdf) -> None:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    nums[1] = pdf.make_indirect(pikepdf.Array(list(nums[1])[:-1]))


def _header_cells_made_data(pdf: pikepdf.Pdf) -> None:
    for element in _walk(pdf.Root.StructTreeRoot.K):
        if str(element.S) == "/TH":
            element.S = pikepdf.Name.TD


def _no_structure(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.StructTreeRoot


BREAKS: dict[str, tuple[Callable[[pikepdf.Pdf], None], str, str]] = {
    "figure without alt": (_no_alt, "a Figure has no /Alt", "FIGURE-ALTERNATIVE-TEXT"),
    "no language": (_no_lang, "no /Lang", "LANGUAGE"),
    "title not shown": (_no_title_shown, "DisplayDocTitle", "VIEWER-PREFERENCES"),
    "untagged painting": (_untagged_painting, "outside tagged content", "CONTENT-TAGGING"),
    "MCID not in parent tree": (
        _mcid_missing_from_parent_tree,
        "is not in the parent tree",
        "",
    ),
    "no header cells": (_header_cells_made_data, "no table has a TH", ""),
    "no structure tree": (_no_structure, "no /StructTreeRoot", "STRUCT-TREE-ROOT"),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_each_check_catches_its_fault(name: str, signed_pdf: bytes) -> None:
    breaker, ours, theirs = BREAKS[name]
    pdf = pikepdf.open(io.BytesIO(signed_pdf))
    breaker(pdf)
    out = io.BytesIO()
    pdf.save(out)
    broken = out.getvalue()
    assert any(ours in problem for problem in audit(broken)), audit(broken)
    if theirs:
        assert any(theirs in failure for failure in ua_failures(broken)), ua_failures(broken)
