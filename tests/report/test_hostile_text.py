"""User and pack text is data, never markup: every tag, entity and stray `<` prints as typed."""

from __future__ import annotations

import struct
import zlib
from datetime import date
from pathlib import Path

import pytest

from npsworkshop.assessment.snapshot import (
    ActionFact,
    AmbitionFact,
    OutcomeFact,
    ParticipantFact,
    RatingFact,
    SignOffFact,
)
from npsworkshop.framework.models import Pack
from npsworkshop.report.pdf import render_pdf
from npsworkshop.report.text import blocks, clean, escape, line

from .report_data import all_text, plain_area, snapshot_of

MARKUP = [
    "<b>bold</b>",
    "<font size=40>huge</font>",
    '<a href="https://example.com/">a link</a>',
    "&amp;",
    "&nbsp;&#169;&lt;",
    "5 < 6 & 7 > 3",
    "unbalanced <",
    "<para>",
    "</para>",
    "<br/>",
    "<![CDATA[x]]>",
    "<!-- comment -->",
    "<greek>a</greek>",
    "‘Ŵyn’ “Llŷr” – £5 — é",
]


def _png(path: Path) -> Path:
    """A real 1x1 PNG, so an `<img>` that slipped through would be embedded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
    return path


def _hostile_pack(mini_pack: Pack, text: str) -> Pack:
    data = mini_pack.model_dump()
    data["title"] = f"Framework {text}"
    data["attribution"] = f"Attribution {text}"
    data["themes"][0]["title"] = f"Theme {text}"
    data["key_areas"][0]["title"] = f"Area {text}"
    data["key_areas"][0]["levels"]["mature"] = f"Mature looks like {text}"
    data["key_areas"][0]["levels"]["leader"] = f"Leader looks like {text}"
    data["key_areas"][1]["dimensions"][0]["title"] = f"Dimension {text}"
    return Pack.model_validate(data)


@pytest.mark.parametrize("hostile", [*MARKUP, "IMG"])
def test_markup_in_any_field_prints_literally(
    hostile: str, mini_pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if hostile == "IMG":  # a real image beside the working directory: reportlab would embed it
        monkeypatch.chdir(tmp_path)
        _png(tmp_path / "s.png")
        hostile = '<img src="s.png" width="200" height="200"/>'
    pack = _hostile_pack(mini_pack, hostile)
    text = f"Text {hostile} end"
    snap = snapshot_of(
        pack,
        organisation_name=f"Org {hostile}",
        organisation_type=f"Type {hostile}",
        title=f"Title {hostile}",
        facilitator=f"Facilitator {hostile}",
        participants=(
            ParticipantFact(key="p1", name=f"Name {hostile}", role=f"Role {hostile}"),
            ParticipantFact(key="p2", name="Jo Smith", department=f"Dept {hostile}"),
        ),
        ratings=(
            RatingFact(participant="p1", area="plain", level="developing"),
            RatingFact(participant="p2", area="plain", level="mature"),
            RatingFact(participant="p1", area="gridded", dimension="influence", level="leader"),
            RatingFact(participant="p2", area="gridded", dimension="processes", level="minimum"),
            RatingFact(participant="p1", area="talent", level="mature"),
        ),
        outcomes=(
            OutcomeFact(
                area="plain",
                justification=f"{text}\n\nSecond {hostile}",
                agreed_level="mature",
                moderation_reason=f"Reason {hostile}",
                ambition=AmbitionFact(level="leader", rationale=f"Rationale {hostile}"),
            ),
            OutcomeFact(area="gridded", justification=text, ambition=AmbitionFact(level="leader")),
            OutcomeFact(area="talent", justification=text, ambition=AmbitionFact(level="leader")),
        ),
        actions=(
            ActionFact(id=1, area="plain", title=f"Action {hostile}", owner=f"Owner {hostile}"),
        ),
        sign_off=SignOffFact(
            name=f"Signer {hostile}",
            role=f"Role {hostile}",
            signed_on=date(2026, 12, 3),
            fingerprint="ab" * 32,
        ),
    )
    data = render_pdf(snap, participant_names=True)
    # Compared without white space: a narrow column may break a long "word" such as a URL.
    found = "".join(all_text(data).split())
    expected = [
        f"Org {hostile}",
        f"Type {hostile}",
        f"Title {hostile}",
        f"Facilitator {hostile}",
        f"Name {hostile}",  # in the weakest-level sentence and the spread
        f"Role {hostile}",
        f"Dept {hostile}",
        text,
        f"Second {hostile}",
        f"Reason {hostile}",
        f"Rationale {hostile}",
        f"Action {hostile}",
        f"Owner {hostile}",
        f"Signed off by Signer {hostile}, Role {hostile}",
        f"Framework {hostile}",
        f"Attribution {hostile}",
        f"Theme {hostile}",
        f"Area {hostile}",
        f"Mature looks like {hostile}",
        f"Leader looks like {hostile}",
        f"Dimension {hostile}",
        f"given by Name {hostile}",
    ]
    for wanted in expected:
        assert "".join(wanted.split()) in found, wanted
    assert b"/Subtype /Image" not in data
    assert b"/Annots" not in data and b"/URI" not in data


def test_control_characters_and_direction_overrides_are_dropped(mini_pack: Pack) -> None:
    typed = "Bell\x07 escape\x1b[31m nul\x00 del\x7f c1\x9b rlo\u202eevil\u202c bom\ufeff end"
    snap = plain_area(mini_pack, typed, name="Jo\x00 Smith")
    found = all_text(render_pdf(snap))
    assert "Bell escape[31m nul del c1 rloevil bom end" in found
    assert "Jo Smith" in found


def test_clean_keeps_line_breaks_and_drops_controls() -> None:
    assert clean("a\r\nb\rc\u2028d\te\x00f\u202eg") == "a\nb\nc\nd efg"
    assert clean(None) == "" and clean("  \n ") == ""
    assert line("one\ntwo\n\nthree") == "one two  three"


def test_escape_makes_text_literal_and_blocks_keep_line_breaks() -> None:
    assert escape("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert blocks("one  \n two\n\n\nthree  \n") == ["one\ntwo", "three"]
    assert blocks("   ") == []
