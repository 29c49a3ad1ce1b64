"""The cover names the council's type by its title ("Unitary authority"), never by the
contract's id ("unitary"), in the PDF and in Word; a council's own words are kept as written."""

from __future__ import annotations

import pytest

from npsworkshop.labels import council_type_label
from npsworkshop.report.pdf import render_pdf
from npsworkshop.report.word import render_docx
from npsworkshop.workshop import Workshop
from report.report_data import all_text, document, imported

from .helpers import docx_text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("unitary", "Unitary authority"),
        ("metropolitan district", "Metropolitan district"),
        ("London  Borough", "London borough"),
        ("Welsh principal council", "Welsh principal council"),
    ],
)
def test_a_type_id_has_its_title(value: str, shown: str) -> None:
    assert council_type_label(value) == shown


def test_the_cover_shows_the_title_not_the_id(workshop: Workshop) -> None:
    doc = document("nps-2018", participants=2, actions=1)
    doc["organisation"]["type"] = "unitary"
    snapshot = imported(workshop, doc)
    pdf = all_text(render_pdf(snapshot))
    assert "Type of council Unitary authority" in pdf
    word = docx_text(render_docx(snapshot))
    assert "Unitary authority" in word
    assert "\nunitary\n" not in f"\n{word}\n" and "council unitary" not in pdf
