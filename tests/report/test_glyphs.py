"""Characters DejaVu lacks (issue 10, CONTRACT §9): a TrueType fallback where installed, else a
visible marker and a warning naming the field, never an empty box; a long title keeps the cover
on page 1."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from npsworkshop.exporting import export_session
from npsworkshop.report import glyphs
from npsworkshop.report.pdf import render_pdf
from npsworkshop.report.tagging.audit import audit
from npsworkshop.workshop import Workshop

from .report_data import document, flat, imported, pages_text
from .tagged_pdf import ua_failures

CJK = "調達成熟度ベースライン"
FULL_WIDTH = "ＦＵＬＬ－ＷＩＤＴＨ"
DEVANAGARI = "नमस्ते"
EMOJI = "🎉"


def _fonts(data: bytes) -> set[str]:
    pdf = pikepdf.open(io.BytesIO(data))
    names = set()
    for page in pdf.pages:
        for font in page.obj.Resources.get("/Font", {}).values():
            names.add(str(font.BaseFont).split("+")[-1])
    return names


def _session(workshop: Workshop, title: str, justification: str) -> tuple[str, object]:
    doc = document("nps-2018", scope=["engaging-councillors"])
    doc["title"] = title
    doc["areas"]["engaging-councillors"]["justification"] = justification
    snapshot = imported(workshop, doc)
    return snapshot.id, snapshot


def test_cjk_and_full_width_use_the_fallback_or_the_marker_with_a_warning(
    workshop: Workshop, tmp_path: Path
) -> None:
    session_id, _ = _session(workshop, f"{CJK} {FULL_WIDTH}", "Evidence as written.")
    workshop.notices.clear()
    [path] = export_session(workshop, session_id, "pdf", tmp_path / "plan.pdf")
    data = path.read_bytes()
    text = flat(" ".join(pages_text(data)))
    if glyphs.fallback() is not None:
        assert "DroidSansFallback" in _fonts(data)
        assert CJK in text and FULL_WIDTH in text
        assert workshop.notices == []
    else:
        assert glyphs.MARKER in text
        assert any(n.startswith("PDF: title has characters") for n in workshop.notices)
    assert audit(data) == []
    assert ua_failures(data) == []


def test_scripts_no_font_can_print_show_a_marker_and_warn_naming_the_field(
    workshop: Workshop, tmp_path: Path
) -> None:
    session_id, _ = _session(workshop, "Baseline", f"Evidence {DEVANAGARI} and {EMOJI} here.")
    workshop.notices.clear()
    [path] = export_session(workshop, session_id, "pdf", tmp_path / "plan.pdf")
    text = flat(" ".join(pages_text(path.read_bytes())))
    assert f"Evidence {glyphs.MARKER * len(DEVANAGARI)} and {glyphs.MARKER} here." in text
    [warning] = workshop.notices
    assert warning.startswith("PDF: areas.engaging-councillors.justification has characters")
    assert "U+1F389" in warning and "U+0928" in warning
    assert audit(path.read_bytes()) == []


def test_an_emoji_dejavu_has_passes_pdf_ua(workshop: Workshop) -> None:
    """reportlab writes U+1F600 into the ToUnicode map as five hex digits; the writer repairs
    it to the UTF-16 pair PDF/UA requires."""
    _, snapshot = _session(workshop, "Baseline 😀", "Evidence.")
    data = render_pdf(snapshot)  # type: ignore[arg-type]
    assert ua_failures(data) == []
    assert "😀" in pages_text(data)[0]


def test_a_long_title_and_organisation_keep_the_cover_on_page_1(workshop: Workshop) -> None:
    doc = document("nps-2018", scope=["engaging-councillors"])
    doc["title"] = ("Procurement maturity baseline for the whole council and partners " * 5)[:300]
    doc["organisation"]["name"] = ("Cyngor Sir Ynys Môn – Isle of Anglesey Council " * 5)[:200]
    snapshot = imported(workshop, doc)
    first = flat(pages_text(render_pdf(snapshot))[0])
    assert flat(doc["organisation"]["name"])[:40] in first
    assert flat(doc["title"])[-30:] in first
    assert "Date held" in first and "Status" in first
