"""The quick line encoder writes exactly the operators reportlab's own text object writes: the
same PDF bytes with it and without it, whatever the text (Welsh letters, no-break spaces, empty
cells, more characters than one font subset holds)."""

from __future__ import annotations

import pytest

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.report import line_encoding
from npsworkshop.report.pdf import render_pdf
from npsworkshop.workshop import Workshop

from .report_data import document, imported

# Latin, Welsh, Greek and Cyrillic letters: more than the 256 codes of a font's first subset.
MANY = "".join(chr(c) for c in [*range(0xC0, 0x17F), *range(0x391, 0x3C9), *range(0x410, 0x44F)])


def _session(workshop: Workshop) -> SessionSnapshot:
    doc = document("nps-2018", participants=4, actions=2)
    doc["participants"][0]["name"] = "Siân\u00a0Ŵyn ap Rhys"
    doc["participants"][1]["department"] = MANY[:120]
    for n, area in enumerate(doc["areas"].values()):
        area["actions"][0]["title"] = MANY[n * 20 : n * 20 + 60] or "—"
        area["actions"][1]["owner"] = ""
    return imported(workshop, doc, sign_off=("Rhian Hughes", "Head of Procurement"))


def test_the_same_bytes_as_reportlabs_text_object(
    workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = _session(workshop)
    quick = render_pdf(snapshot)
    monkeypatch.setattr(line_encoding.LineEncoder, "operators", lambda *_: "")
    assert render_pdf(snapshot) == quick


def test_each_line_as_the_text_object_draws_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    from datetime import UTC, datetime

    from npsworkshop.report import styles as st
    from npsworkshop.report.flowables import PagedCanvas

    st.register_fonts()
    lines = ["", "Plain", "Siân\u00a0Ŵyn", MANY, MANY[::-1], "Plain", ""]

    def drawn() -> list[str]:
        canvas = PagedCanvas(io.BytesIO(), chrome=lambda *_: None, stamp=datetime.now(UTC))
        canvas.setFont(st.FONT, 9)
        for n, text in enumerate(lines):
            canvas.drawString(10, 800 - 12 * n, text)
        return list(canvas._code)

    quick = drawn()
    monkeypatch.setattr(line_encoding.LineEncoder, "operators", lambda *_: "")
    assert drawn() == quick
