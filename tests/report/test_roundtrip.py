"""Property: what was typed is what the PDF says, for hostile and non-Latin text alike.

The text goes in through the session facts, the PDF is read back with pypdf, and the two are
compared after normalising only what typesetting changes: line wrapping and runs of white space
(and Unicode composition, NFC). Letters come from every script DejaVu Sans covers that reads left
to right (Latin with Welsh and other accents, Greek, Cyrillic), plus £, €, curly quotes, dashes
and the characters of markup (`<`, `>`, `&`, `"`, `;`, `/`, `=`). Right-to-left scripts are out of
scope: reportlab does not reorder them for display.
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from npsworkshop.assessment.snapshot import (
    ActionFact,
    AmbitionFact,
    OutcomeFact,
    ParticipantFact,
    RatingFact,
    SignOffFact,
)
from npsworkshop.framework.loader import find_pack
from npsworkshop.report import styles
from npsworkshop.report.pdf import render_pdf

from .report_data import flat, pages_text, snapshot_of

TOOLKIT = find_pack("nps-2018-draft-toolkit").pack
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _alphabet() -> str:
    styles.register_fonts()
    regular = pdfmetrics.getFont(styles.FONT).face.charToGlyph
    bold = pdfmetrics.getFont(styles.FONT_BOLD).face.charToGlyph
    ranges = [
        (0x21, 0x7E),  # ASCII, markup characters included
        (0xA1, 0xFF),  # Latin-1: accents, £
        (0x100, 0x17F),  # Latin Extended-A: ŵ ŷ ł ő ...
        (0x391, 0x3C9),  # Greek
        (0x410, 0x44F),  # Cyrillic
        (0x2018, 0x201F),  # curly quotes
    ]
    extra = "–—…•€₹№"
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi + 1)] + list(extra)
    return "".join(
        c
        for c in chars
        if c not in "#\u00ad" and ord(c) in regular and ord(c) in bold and not c.isspace()
    )


ALPHABET = _alphabet()
WORD = st.text(alphabet=ALPHABET, min_size=1, max_size=12)
GAPS = st.sampled_from([" ", " ", " ", "\n", "\n\n", "\u00a0"])


@st.composite
def prose(draw: st.DrawFn, max_words: int = 40) -> str:
    """Words separated by spaces, line breaks, blank lines and no-break spaces."""
    words = draw(st.lists(WORD, min_size=1, max_size=max_words))
    gaps = [draw(GAPS) for _ in words]
    return "".join(w + g for w, g in zip(words, gaps, strict=True)).strip()


@st.composite
def one_line(draw: st.DrawFn, max_words: int = 8) -> str:
    return " ".join(draw(st.lists(WORD, min_size=1, max_size=max_words)))


def _between(text: str, tag: str) -> list[str]:
    return [m.strip() for m in re.findall(rf"##{tag}##(.*?)##/{tag}##", text)]


def _session(*, organisation: str, person: str, justification: str, action: str) -> bytes:
    area = TOOLKIT.areas()[0]
    dim = area.dimensions[0].id
    snap = snapshot_of(
        TOOLKIT,
        organisation_name=f"##O## {organisation} ##/O##",
        participants=(ParticipantFact(key="p1", name=f"##P## {person} ##/P##"),),
        ratings=(RatingFact(participant="p1", area=area.id, dimension=dim, level="developing"),),
        outcomes=(
            OutcomeFact(
                area=area.id,
                justification=f"##J## {justification} ##/J##",
                ambition=AmbitionFact(level="leader", by=date(2028, 3, 31)),
            ),
        ),
        actions=(ActionFact(id=1, area=area.id, title=f"##A## {action} ##/A##"),),
        sign_off=SignOffFact(
            name="Rhian Hughes", role="Head", signed_on=date(2026, 12, 3), fingerprint="0" * 64
        ),
    )
    return render_pdf(snap)


@SETTINGS
@given(organisation=one_line(), person=one_line(4), justification=prose(), action=one_line())
def test_typed_text_comes_back_exactly(
    organisation: str, person: str, justification: str, action: str
) -> None:
    pages = [
        flat(page)
        for page in pages_text(
            _session(
                organisation=organisation, person=person, justification=justification, action=action
            )
        )
    ]
    text = " ".join(pages)
    assert _between(pages[0], "O")[:1] == [flat(organisation)]
    people = _between(text, "P")
    assert len(people) == 3  # the weakest-level sentence, the spread of ratings, the attendees
    assert set(people) == {flat(person)}
    assert _between(text, "J") == [flat(justification)]
    assert _between(text, "A") == [flat(action)] * 2  # the whole plan, then the area


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_at_all_renders(text: str) -> None:
    """Whatever arrives (controls, surrogates, scripts the font lacks) never breaks the build."""
    data = _session(organisation=text[:200], person=text[:50], justification=text, action=text)
    assert data.startswith(b"%PDF-")


def test_the_alphabet_is_wide() -> None:
    for wanted in "ŵŷŴŶâêîôûäëïöüÿáéíóú£€‘’“”–—<>&;=/\"'ΩжЖßøł":
        assert wanted in ALPHABET
