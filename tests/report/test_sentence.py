"""A sentence with a bold piece: plain text (never markup), words kept apart when read, every
word kept when it is split over pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reportlab.platypus import Spacer

from npsworkshop.report import styles as st
from npsworkshop.report.document import render_tagged
from npsworkshop.report.sentence import Sentence
from npsworkshop.report.tagging.writer import DocumentInfo

from .report_data import pages_text
from .tagged_pdf import glued_lines

INFO = DocumentInfo("t", "a", "s", "k", "c", datetime(2026, 1, 1, tzinfo=UTC))


def _pdf(parts: list[tuple[str, bool]], *, before: float = 0) -> bytes:
    def chrome(*_args: Any) -> None:
        return None

    story = [Spacer(1, before), Sentence(parts, st.styles().body)]
    return render_tagged(story, INFO, chrome)


def test_markup_prints_as_typed_and_the_bold_piece_keeps_its_spaces() -> None:
    name = "<b>Bryony</b> &amp; <font size=40>Xanthippe</font>"
    data = _pdf([("Weakest level: ", False), ("Developing", True), (f", given by {name}.", False)])
    text = " ".join(pages_text(data)[0].split())
    assert f"Weakest level: Developing, given by {name}." in text
    assert glued_lines(data) == []


def test_a_sentence_split_over_pages_keeps_every_word() -> None:
    words = [f"w{n}" for n in range(1500)]
    data = _pdf([("Start ", False), ("bold", True), (" " + " ".join(words), False)], before=600)
    text = " ".join(" ".join(pages_text(data)).split())
    assert "Start bold w0 w1" in text and "w1498 w1499" in text
    assert all(f" {word} " in f" {text} " for word in words)
    assert glued_lines(data) == []
