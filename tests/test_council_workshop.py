"""A council's real workshop file on the shipped NPS 2018 pack: the right weakest levels and ambitions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES
from npsworkshop.interchange.json_format import import_file
from npsworkshop.workshop import Workshop

EXPECTED = {  # area: (weakest level, who gave it, current level, ambition, kind)
    "engaging-councillors": ("developing", ("p2",), "developing", "mature", "raise"),
    "engaging-senior-managers": ("mature", ("p2", "p3", "p4"), "mature", "leader", "raise"),
    "engaging-strategic-suppliers": ("minimum", ("p2",), "minimum", "developing", "raise"),
    "managing-contracts-and-relationships": (
        "developing",
        ("p2", "p4"),
        "developing",
        "mature",
        "raise",
    ),
    "managing-strategic-risk": ("developing", ("p3",), "mature", "leader", "raise"),
    "obtaining-social-value": ("developing", ("p2", "p4"), "developing", "leader", "raise"),
    "engaging-local-smes-and-micro-businesses": (
        "mature",
        ("p1", "p2", "p3", "p4", "p5"),
        "mature",
        "mature",
        "maintain",
    ),
    "developing-talent": ("minimum", ("p4",), "minimum", "mature", "raise"),
    "exploiting-digital-technology": ("developing", ("p3",), "developing", "mature", "raise"),
    "enabling-innovation": (
        "developing",
        ("p1", "p2", "p3", "p4", "p5"),
        "developing",
        "mature",
        "raise",
    ),
    "embedding-change": ("developing", ("p2",), "developing", "mature", "raise"),
}


def test_the_council_file_gives_the_right_levels_for_every_area(workshop: Workshop) -> None:
    snapshot = workshop.snapshot(import_file(workshop, FIXTURES / "example-council-workshop.json"))
    assert [a.id for a in snapshot.areas] == list(EXPECTED)
    for area in snapshot.areas:
        weakest, by, current, ambition, kind = EXPECTED[area.id]
        assert area.result is not None
        assert (area.result.weakest_level, area.result.weakest_by) == (weakest, by), area.id
        assert area.current_level == current, area.id
        assert area.ambition is not None and area.ambition.level == ambition, area.id
        assert area.ambition_kind == kind, area.id
    risk = snapshot.area("managing-strategic-risk")
    assert risk.agreed_level == "mature" and risk.moderation_reason
    assert snapshot.complete
    assert (snapshot.overall.done, snapshot.overall.outstanding, snapshot.overall.dropped) == (
        2,
        7,
        1,
    )


def test_the_council_file_through_the_command_line(workshop: Workshop, tmp_path: Path) -> None:
    ws = str(workshop.workspace.root)
    command = [sys.executable, "-m", "npsworkshop", "--workspace", ws]
    imported = subprocess.run(
        [*command, "import", str(FIXTURES / "example-council-workshop.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    session_id = imported.stdout.splitlines()[-1]
    out = tmp_path / "out.json"
    exported = subprocess.run(
        [*command, "export", session_id, "--format", "json", "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines()[-1] == str(out)
    document = json.loads(out.read_text(encoding="utf-8"))
    for area_id, (weakest, by, _current, ambition, _kind) in EXPECTED.items():
        area = document["areas"][area_id]
        assert area["result"]["weakest_level"] == weakest
        assert tuple(area["result"]["weakest_by"]) == by
        assert area["ambition"]["level"] == ambition
    assert document["participants"][0]["name"] == "Gwen Ŵilliams"
