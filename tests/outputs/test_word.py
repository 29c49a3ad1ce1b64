"""`export --format docx`: the plan in Word's own structure, for committee report templates."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from npsworkshop.cli import main
from npsworkshop.report import committee
from npsworkshop.report.word import render_docx
from npsworkshop.workshop import Workshop

from .helpers import docx_text, forbidden_words, hostile


def test_headings_tables_and_the_picture(workshop: Workshop) -> None:
    snapshot = hostile(workshop)
    document = docx.Document(io.BytesIO(render_docx(snapshot)))
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styles[1] == ("Title", snapshot.record.title)
    headings = [text for style, text in styles if style == "Heading 1"]
    assert headings == [
        "Summary",
        "At a glance",
        "Progress on actions",
        "Action plan",
        "Attendees",
        "The areas in detail",
    ]
    areas = [text for style, text in styles if style == "Heading 2"]
    for number, area in enumerate(snapshot.areas, start=1):
        assert f"{number}. {area.title}" in areas
    bullets = [text for style, text in styles if style == "List Bullet"]
    assert bullets == committee.summary(snapshot)
    # Real tables whose header row repeats on every page.
    assert len(document.tables) > 10
    for table in document.tables[1:]:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Ref")
    rows = committee.plan_rows(snapshot)
    assert [r.cells[0].text for r in plan.rows[1:]] == [row.ref for row in rows]
    # The picture carries the data as alternative text.
    [picture] = document.inline_shapes
    alt = picture._inline.docPr.get("descr")
    assert alt == committee.grid_alt(snapshot)
    # British English, and no layout done with spaces or tabs.
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    text = docx_text(render_docx(snapshot))
    assert "\t" not in text and not re.search(r"  \S", text)


def test_anonymous_word_has_letters_and_sorted_roles_only(workshop: Workshop) -> None:
    snapshot = hostile(workshop)
    data = render_docx(snapshot, anonymous=True, notes=True)
    text = docx_text(data)
    assert [w for w in forbidden_words() if w in text] == []
    assert "Participant A" in text and "Cabinet never saw it" not in text
    document = docx.Document(io.BytesIO(data))
    roles = next(t for t in document.tables if t.rows[0].cells[0].text == "Role")
    listed = [r.cells[0].text for r in roles.rows[1:]]
    assert listed == sorted(listed, key=str.casefold)


def test_named_word_lists_attendees_and_notes_on_request(workshop: Workshop) -> None:
    snapshot = hostile(workshop)
    text = docx_text(render_docx(snapshot, notes=True))
    assert "Gwenllïan Ŵynfford" in text and "Adran Gofal Cymdeithasol" in text
    assert "<b>Tegwen</b> O’Flaherty" in text  # markup stays text
    assert "Cabinet never saw it" in text
    assert "Cabinet never saw it" not in docx_text(render_docx(snapshot))


def test_the_cli_writes_a_docx(workshop: Workshop, tmp_path: Path) -> None:
    snapshot = hostile(workshop)
    out = tmp_path / "plan.docx"
    root = str(workshop.workspace.root)
    args = ["--workspace", root, "export", snapshot.id, "--format", "docx", "--output", str(out)]
    assert main(args) == 0
    assert docx.Document(str(out)).paragraphs[1].text == snapshot.record.title


def test_the_same_session_gives_the_same_word_bytes(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time
    import zipfile

    snapshot = hostile(workshop)
    first = render_docx(snapshot)
    later = time.time() + 3 * 86400  # another day: the zip would date its entries by the clock
    monkeypatch.setattr(time, "time", lambda: later)
    assert render_docx(snapshot) == first
    stamp = committee.stamp(snapshot)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {stamp.timetuple()[:6]}
    props = docx.Document(io.BytesIO(first)).core_properties
    assert props.created == props.modified == stamp
