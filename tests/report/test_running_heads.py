"""The running head names the section at the top of the page: the one carried over from the page
before, or the one whose heading opens the page, even with a space above that heading."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer

from npsworkshop.report import styles as st
from npsworkshop.report.document import render_tagged
from npsworkshop.report.flowables import Mark, Text
from npsworkshop.report.tagging.writer import DocumentInfo

INFO = DocumentInfo("t", "a", "s", "k", "c", datetime(2026, 1, 1, tzinfo=UTC))


def _heads(story: list[Flowable]) -> dict[int, str | None]:
    heads: dict[int, str | None] = {}

    def chrome(_canvas: Any, page: int, _pages: int, running: str | None) -> None:
        heads[page] = running

    render_tagged(story, INFO, chrome)
    return heads


def _section(title: str, *body: Flowable) -> list[Flowable]:
    s = st.styles()
    return [Mark(title, 0), Text(title, s.h1, role="H1"), *body]


def test_a_section_opening_a_page_after_a_space_names_it() -> None:
    """outputs-check F7: plan page 4 began with "Action plan" (after a 10-point space) but its
    head said "Progress on actions", the section that ended on page 3."""
    s = st.styles()
    story = [
        *_section("Progress on actions", Text("Counts.", s.body)),
        PageBreak(),
        Spacer(1, 10),
        *_section("Action plan", Text("Every action.", s.body)),
    ]
    assert _heads(story)[2] == "Action plan"


def test_a_section_carried_over_keeps_its_name_until_the_next_begins() -> None:
    s = st.styles()
    long = " ".join(["evidence"] * 900)
    story = [
        *_section("First", Text(long, s.body)),
        *_section("Second", Text("Short.", s.body)),
        PageBreak(),
        Text("More of the second section.", s.body),
    ]
    heads = _heads(story)
    assert heads[2] == "First"  # the long text runs on at the top of page 2
    assert heads[max(heads)] == "Second"
