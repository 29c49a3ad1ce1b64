"""Golden files: the page count and every page's text for two fixed sessions.

A change in what the plan says or how it falls on the pages shows up here as a readable diff.
After a deliberate change, regenerate with `NPSWORKSHOP_UPDATE_GOLDEN=1 pytest tests/report`
and read the diff before committing it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from npsworkshop.assessment.snapshot import (
    ActionFact,
    AmbitionFact,
    OutcomeFact,
    ParticipantFact,
    RatingFact,
    SessionSnapshot,
    SignOffFact,
)
from npsworkshop.framework.models import Pack
from npsworkshop.report.pdf import render_pdf

from .report_data import pages_text, snapshot_of

GOLDEN = Path(__file__).parent / "golden"
LEVELS = ("minimum", "developing", "mature", "leader", "innovator")


def _levels(prefix: str) -> dict[str, str]:
    return {level: f"{prefix}: what {level} looks like." for level in LEVELS}


PACK = Pack.model_validate(
    {
        "id": "golden",
        "title": "Golden test framework",
        "version": "1.0",
        "publisher": "npsworkshop tests",
        "source": "tests/report/test_golden.py",
        "attribution": "Made up for the golden test.",
        "levels": [{"id": level, "title": level.capitalize()} for level in LEVELS],
        "themes": [
            {"id": "leading", "title": "Showing leadership"},
            {"id": "commercial", "title": "Behaving commercially"},
        ],
        "key_areas": [
            {
                "id": "councillors",
                "theme": "leading",
                "title": "Engaging councillors",
                "levels": _levels("Councillors"),
            },
            {
                "id": "grid",
                "theme": "leading",
                "title": "Engaging councillors and senior managers",
                "levels": _levels("Overall"),
                "dimensions": [
                    {"id": "influence", "title": "Influence", "levels": _levels("Influence")},
                    {
                        "id": "mission",
                        "title": "Mission and strategy",
                        "levels": _levels("Mission"),
                    },
                ],
            },
            {
                "id": "contracts",
                "theme": "commercial",
                "title": "Managing contracts and relationships",
                "levels": _levels("Contracts"),
            },
        ],
        "enablers": [{"id": "talent", "title": "Developing talent", "levels": _levels("Talent")}],
    }
)

PEOPLE = (
    ParticipantFact(key="p1", name="Siân Jones", role="Head of Procurement", department="Finance"),
    ParticipantFact(key="p2", name="Dafydd ap Llŷr", role="Commissioner", department="Adults"),
    ParticipantFact(key="p3", name="Zoë O’Neill", role="Solicitor", department="Legal"),
)


def _rate(area: str, levels: tuple[str | None, ...], dim: str | None = None) -> list[RatingFact]:
    return [
        RatingFact(participant=f"p{n}", area=area, dimension=dim, level=level)
        for n, level in enumerate(levels, start=1)
    ]


def _session(*, signed: bool) -> SessionSnapshot:
    ratings = [
        *_rate("councillors", ("mature", "developing", None)),
        *_rate("grid", ("leader", "mature", "mature"), "influence"),
        *_rate("grid", ("developing", "mature", None), "mission"),
        *_rate("contracts", ("minimum", "mature", "mature")),
        *_rate("talent", ("developing", "developing", "leader")),
    ]
    outcomes = [
        OutcomeFact(
            area="councillors",
            justification="Cabinet sees the forward plan twice a year.\nScrutiny does not.",
            ambition=AmbitionFact(
                level="leader", by=date(2028, 3, 31), rationale="Corporate plan."
            ),
        ),
        OutcomeFact(
            area="grid",
            justification="Mission and strategy lag: the strategy is from 2019.",
            ambition=AmbitionFact(level="mature", by=date(2027, 9, 30)),
        ),
        OutcomeFact(
            area="contracts",
            justification="One legacy contract has no manager; all others do.",
            agreed_level="developing",
            moderation_reason="The unmanaged contract ends in March and is being re-let.",
            ambition=AmbitionFact(level="mature", by=date(2027, 3, 31)),
        ),
        OutcomeFact(
            area="talent",
            justification="Two CIPS-qualified staff; no training plan." if signed else None,
            ambition=AmbitionFact(level="developing"),
        ),
    ]
    actions = [
        ActionFact(id=1, area="councillors", title="Brief scrutiny on the pipeline", owner="Head of Procurement", due=date(2027, 1, 31), status="done"),
        ActionFact(id=2, area="councillors", title="Add procurement to member induction", owner="Democratic Services", due=date(2027, 5, 31), status="in-progress"),
        ActionFact(id=3, area="grid", title="Refresh the procurement strategy", owner="Director of Finance", due=date(2027, 6, 30)),
        ActionFact(id=4, area="contracts", title="Appoint a manager for every contract over £100,000", owner="Commercial Lead", due=date(2027, 3, 31), status="dropped"),
        ActionFact(id=5, area="talent", title="Agree a training plan", owner=None, due=None),
    ]  # fmt: skip
    fields: dict[str, Any] = {
        "organisation_name": "Cyngor Gwynedd",
        "organisation_type": "Welsh principal council",
        "title": "Procurement maturity baseline 2026",
        "facilitator": "A. Facilitator",
        "participants": PEOPLE,
        "ratings": tuple(ratings),
        "outcomes": tuple(outcomes),
        "actions": tuple(actions),
        "updated_at": datetime(2026, 11, 20, 16, 30, tzinfo=UTC),
    }
    if signed:
        fields["sign_off"] = SignOffFact(
            name="Rhian Hughes",
            role="Head of Procurement",
            signed_on=date(2026, 12, 3),
            fingerprint="5f0c" * 16,
        )
    return snapshot_of(PACK, **fields)


def _golden_text(data: bytes) -> str:
    pages = pages_text(data)
    parts = [f"pages: {len(pages)}"]
    for number, page in enumerate(pages, start=1):
        lines = [line.rstrip() for line in page.splitlines()]
        parts.append(f"--- page {number} ---\n" + "\n".join(lines))
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize(
    ("name", "signed", "options"),
    [
        ("signed-named", True, {"participant_names": True}),
        ("draft-anonymous", False, {"anonymous": True, "key": b"golden" * 6}),
    ],
)
def test_golden_text(name: str, signed: bool, options: dict[str, Any]) -> None:
    actual = _golden_text(render_pdf(_session(signed=signed), **options))
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("NPSWORKSHOP_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")
