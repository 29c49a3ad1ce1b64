"""Plain read models for the renderer tests: a signed record and a plan with progress."""

from __future__ import annotations

from datetime import date

from npsworkshop.assessment.progress import (
    PlanAction,
    ProgressEntry,
    ProgressReport,
    progress_report,
)
from npsworkshop.assessment.snapshot import FrameworkRef, RecordedSession, SignOffFact
from npsworkshop.framework.loader import find_pack
from npsworkshop.framework.models import Pack

LOADED = find_pack("nps-2018")
NPS: Pack = LOADED.pack
HOSTILE = "Report to cabinet <b>June</b> & <font size=40>agreed</font>"


def record(signed: bool = True) -> RecordedSession:
    return RecordedSession(
        id="abc123",
        organisation_name="Cyngor Sir Ynys Môn",
        title="Procurement maturity baseline 2026",
        held_on=date(2026, 11, 20),
        framework=FrameworkRef(
            id=NPS.id, title=NPS.title, version=NPS.version, sha256=LOADED.sha256
        ),
        scope=NPS.area_ids(),
        sign_off=SignOffFact(
            name="A. Chief", role="Director", signed_on=date(2026, 11, 27), fingerprint="f" * 64
        )
        if signed
        else None,
    )


def committee_plan() -> list[PlanAction]:
    """56 actions in the plan's first theme (30 done, 26 outstanding) and one dropped enabler."""
    area = "engaging-councillors"
    actions = [
        PlanAction(
            f"A{n}",
            area,
            f"Action {n}",
            "Head of Procurement",
            date(2027, 3, 31),
            "open",
            (ProgressEntry(f"A{n}", date(2027, 2, 1), "done", "open", "Jo Smith", note=HOSTILE),)
            if n <= 30
            else (),
        )
        for n in range(1, 57)
    ]
    actions.append(PlanAction("A57", "developing-talent", "Apprentices", None, None, "dropped"))
    return actions


def committee_report(as_of: date = date(2027, 6, 30)) -> ProgressReport:
    return progress_report(
        "abc123",
        NPS,
        NPS.area_ids(),
        committee_plan(),
        as_of,
        chain_head="c" * 64,
        fingerprint="f" * 64,
    )
