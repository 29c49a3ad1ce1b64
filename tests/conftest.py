"""Shared fixtures: a workspace in a temporary folder, the service on it, and a small test pack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, ParticipantInput
from npsworkshop.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures"

MINI_PACK = """
id = "mini"
title = "A small test pack"
version = "1"
publisher = "npsworkshop tests"
source = "tests/conftest.py"
attribution = "Made up for tests."
levels = [
  {id = "minimum", title = "Minimum"}, {id = "developing", title = "Developing"},
  {id = "mature", title = "Mature"}, {id = "leader", title = "Leader"},
  {id = "innovator", title = "Innovator"},
]

[[themes]]
id = "leading"
title = "Leading"

[[key_areas]]
id = "plain"
theme = "leading"
title = "A plain area"
description = "One implicit row."
help = {what_it_is = "What.", why_it_matters = "Why."}
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}

[[key_areas]]
id = "gridded"
theme = "leading"
title = "An area with dimensions"
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}

[[key_areas.dimensions]]
id = "influence"
title = "Influence"
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}

[[key_areas.dimensions]]
id = "processes"
title = "Processes"
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}

[[enablers]]
id = "talent"
title = "Talent"
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    pack_dir = tmp_path / "content" / "mini"
    pack_dir.mkdir(parents=True)
    (pack_dir / "pack.toml").write_text(MINI_PACK, encoding="utf-8")
    return Workspace(tmp_path)


@pytest.fixture
def workshop(workspace: Workspace) -> Iterator[Workshop]:
    with Workshop.open(workspace) as service:
        yield service


@pytest.fixture
def mini_session(workshop: Workshop) -> str:
    """A mini-pack session with three participants."""
    return workshop.create_session(
        NewSession(
            organisation_name="Testshire County Council",
            organisation_type="county",
            title="Baseline",
            held_on=date(2026, 11, 20),
            facilitator="A. Facilitator",
            pack_id="mini",
            participants=(
                ParticipantInput(name="Jo Smith", role="Category manager", department="Adults"),
                ParticipantInput(name="Sam Patel", role="Head of Finance", department="Finance"),
                ParticipantInput(
                    name="Ali Jones", role="Commissioner", department="Children's Services"
                ),
            ),
        )
    )


def complete(workshop: Workshop, session_id: str) -> None:
    """Rate, justify and set an ambition for every area in scope."""
    snap = workshop.snapshot(session_id)
    for area in snap.areas:
        definition = snap.pack.area(area.id)
        rows = [d.id for d in definition.dimensions] or [None]
        for dim in rows:
            workshop.rate(session_id, area.id, "p1", "mature", dim)
            workshop.rate(session_id, area.id, "p2", "developing", dim)
            workshop.abstain(session_id, area.id, "p3", dim)
        workshop.justify(session_id, area.id, f"Evidence for {area.title}.")
        workshop.set_ambition(session_id, area.id, "leader", date(2028, 3, 31), "Because.")
        workshop.add_action(
            session_id, area.id, f"Improve {area.title}", "Head of Procurement", date(2027, 3, 31)
        )
