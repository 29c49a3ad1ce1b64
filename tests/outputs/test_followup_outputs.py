"""A follow-up's committee outputs: the trend since the baseline (a table and a tagged picture
with its alternative text) and the carried actions' history, in the PDF and in Word, named and
anonymous (issue 12 items 3 and 5)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.exporting import baseline_history, export_session
from npsworkshop.interchange.json_format import export_json, import_file
from npsworkshop.report import since_baseline as since
from npsworkshop.report.anonymity import letters, name_warnings
from npsworkshop.report.pdf import render_pdf
from npsworkshop.report.tagging.audit import audit
from npsworkshop.report.word import render_docx
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace
from report.report_data import all_text, flat
from report.tagged_pdf import structure, ua_failures

from .followup_data import NOTE, baseline, followup
from .helpers import HOSTILE, docx_text, forbidden_words

Followed = tuple[SessionSnapshot, since.BaselineHistory | None]


@pytest.fixture
def follow(workshop: Workshop) -> Followed:
    """A rated follow-up of a signed baseline with progress, and the baseline's history."""
    snapshot = followup(workshop, baseline(workshop))
    return snapshot, baseline_history(workshop, snapshot)


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_followup_pdf_passes_every_tagging_check(follow: Followed, anonymous: bool) -> None:
    snapshot, history = follow
    data = render_pdf(snapshot, anonymous=anonymous, history=history)
    assert audit(data) == []
    assert ua_failures(data) == []
    text = flat(all_text(data))
    # After the summary, before the areas at a glance: the trend, its picture, the carried actions.
    order = [
        "Summary",
        "Since the baseline",
        "Baseline, now and the baseline's ambition",
        "Actions carried from the baseline",
        "At a glance",
    ]
    found = [text.index(heading) for heading in order]
    assert found == sorted(found)
    figures = [n for n in structure(data) if n.role == "Figure"]
    assert len(figures) == 2  # the trend's picture, then the maturity grid
    assert figures[0].alt == since.trend_alt(snapshot)
    if anonymous:
        assert [w for w in forbidden_words() if w in text] == []


def test_the_trend_table_and_picture_say_the_same(follow: Followed) -> None:
    snapshot, history = follow
    rows = [row for _group, members in since.trend_rows(snapshot) for row in members]
    assert len(rows) == len(snapshot.areas) == 14
    first, second = rows[0], rows[1]
    assert (first.baseline, first.now, first.change) == ("Developing", "Mature", "Up 1")
    assert (first.ambition, first.ambition_reached) == ("Mature by 31 Mar 2027", "Yes")
    assert (second.now, second.change, second.interim_reached) == ("Developing", "Down 1", "No")
    assert second.interim == "Leader by 30 Sep 2027"
    alt = since.trend_alt(snapshot)
    assert "1. Engaging councillors: baseline Developing, now Mature (up 1 level)" in alt
    assert "baseline's ambition Mature by 31 Mar 2027, reached" in alt
    text = flat(all_text(render_pdf(snapshot, history=history)))
    assert (
        "Of 14 areas with a level both times, 7 moved up, 6 stayed at the same level and 1 "
        "moved down." in text
    )
    assert "Innovator by 31 Mar 2028 Not reached" in text


def test_carried_actions_show_their_baseline_ref_and_history(follow: Followed) -> None:
    snapshot, history = follow
    carried = since.carried_actions(snapshot, history, anonymous=False)
    first = carried[0]
    assert (first.ref, first.from_ref) == ("A1", "A1")
    assert [(h.on, h.status, h.who) for h in first.history] == [
        ("At sign-off", "Open", ""),
        ("1 Feb 2027", "In progress", HOSTILE[0][0]),
        ("1 Apr 2027", "In progress", "Jo Bloggs"),
        ("30 Jun 2027", "In progress", "Eleri Morgan-Ŵyn"),
    ]
    assert first.history[1].note == NOTE
    assert first.history[2].note == "Due date revised to 31 Dec 2027."
    assert first.history[3].note == "Carried forward to this reassessment."
    # Done and dropped actions stayed in the baseline.
    assert {c.from_ref for c in carried}.isdisjoint({"A2", "A3"})
    text = flat(all_text(render_pdf(snapshot, history=history)))
    assert "A1 (the baseline's A1), 1. Engaging councillors" in text
    assert NOTE in text  # markup stays text
    assert "From baseline A4" in text  # in the plan table too


def test_anonymous_history_shows_roles_never_names(follow: Followed) -> None:
    snapshot, history = follow
    carried = since.carried_actions(snapshot, history, anonymous=True)
    role = snapshot.record.participants[0].role
    assert [h.who for h in carried[0].history] == ["", role, "", ""]
    for data in (render_docx(snapshot, anonymous=True, history=history),):
        assert [w for w in forbidden_words() if w in docx_text(data)] == []


def test_a_history_note_naming_a_participant_is_warned_about(workshop: Workshop) -> None:
    base = baseline(workshop)
    from npsworkshop.workshop.progress_log import Update

    from .followup_data import TODAY

    named = f"Agreed with {HOSTILE[4][0]}"
    workshop.cycle.record_progress(base, Update("A4", "open", note=named, by="Jo"), TODAY)
    snapshot = followup(workshop, base)
    key = b"k" * 32
    warnings = name_warnings(snapshot, baseline_history(workshop, snapshot), key=key)
    fifth = letters(snapshot, key)[snapshot.record.participants[4].key]
    assert any("history note" in w and f"participant {fifth}" in w for w in warnings)
    assert not any(HOSTILE[4][0] in w for w in warnings)


def test_the_followup_word_file_has_the_same_section(follow: Followed) -> None:
    snapshot, history = follow
    document = docx.Document(io.BytesIO(render_docx(snapshot, history=history)))
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    ones = [text for style, text in styles if style == "Heading 1"]
    assert ones[:3] == ["Summary", "Since the baseline", "At a glance"]
    assert ("Heading 2", "Baseline, now and the baseline's ambition") in styles
    assert (
        "Heading 3",
        "A1 (the baseline's A1), 1. Engaging councillors: " + snapshot.areas[0].actions[0].title,
    ) in styles
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert alts[0] == since.trend_alt(snapshot)
    trend = next(t for t in document.tables if t.rows[0].cells[-1].text == "Its interim step")
    assert [c.text for c in trend.rows[2].cells] == [
        "2. Engaging senior managers",
        "Mature",
        "Developing",
        "Down 1",
        "Innovator\nby 31 Mar 2028\nNot reached",
        "Leader\nby 30 Sep 2027\nNot reached",
    ]
    history_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Date")
    assert [c.text for c in history_table.rows[2].cells] == [
        "1 Feb 2027",
        "In progress",
        HOSTILE[0][0],
        NOTE,
    ]


def test_without_its_baseline_the_followup_says_why_history_is_missing(
    workshop: Workshop, tmp_path: Path
) -> None:
    snapshot = followup(workshop, baseline(workshop))
    path = tmp_path / "followup.json"
    path.write_bytes(export_json(snapshot))
    assert json.loads(path.read_text())["baseline"]["session"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with Workshop.open(Workspace(elsewhere)) as other:
        moved = import_file(other, path)
        [written] = export_session(other, moved, "pdf", tmp_path / "f.pdf")
        text = flat(all_text(written.read_bytes()))
    assert "Since the baseline" in text
    assert "is not in this workspace, so the history of the carried actions is not shown" in text
    assert "From baseline A1" in text


def test_a_long_history_note_is_cut_in_the_table_and_printed_in_full(workshop: Workshop) -> None:
    """R18 in the follow-up's history table: an 80-line note (a pasted list) and a 400-word note
    are cut with "(continued in the notes)" and printed whole after the table, not the whole
    table turned into text."""
    from npsworkshop.workshop.progress_log import Update

    from .followup_data import TODAY

    base = baseline(workshop)
    pasted = "\n".join(f"l{n}" for n in range(1, 81))
    prose = " ".join(["Procurement"] * 400)
    workshop.cycle.record_progress(base, Update("A4", "open", note=pasted, by="Jo"), TODAY)
    workshop.cycle.record_progress(base, Update("A2", "open", note=prose, by="Jo"), TODAY)
    snapshot = followup(workshop, base)
    data = render_pdf(snapshot, history=baseline_history(workshop, snapshot))
    assert audit(data) == []
    text = all_text(data)
    cut = re.findall(r"(A\d+), [^,]+, note, continued from the table, in full:", text)
    assert text.count("(continued in the notes)") == len(cut) >= 1
    assert "l1 l2" in text and "l79 l80" in text
    assert text.count("Procurement Procurement Procurement") > 100


def test_an_anonymous_followup_prints_no_fingerprint_of_the_baseline(
    workshop: Workshop, follow: Followed, tmp_path: Path
) -> None:
    """R7: the baseline's fingerprint is an unkeyed digest of its named facts, so printed in an
    anonymous follow-up it would confirm a guess at who is which letter in the baseline."""
    snapshot, history = follow
    assert snapshot.record.baseline is not None
    digest = snapshot.record.baseline.fingerprint
    texts = [
        all_text(render_pdf(snapshot, anonymous=True, history=history)),
        docx_text(render_docx(snapshot, anonymous=True, history=history)),
    ]
    for fmt in ("json", "csv"):
        for path in export_session(
            workshop, snapshot.id, fmt, tmp_path / f"a.{fmt}", anonymous=True
        ):
            texts.append(path.read_text(encoding="utf-8-sig"))
    assert json.loads(texts[2])["baseline"].get("fingerprint") is None
    for text in texts:
        assert digest[:16] not in "".join(text.split())
    named = all_text(render_pdf(snapshot, history=history))
    assert digest[:16] in "".join(named.split())  # the named paper still prints it
