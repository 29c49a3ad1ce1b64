"""A signed baseline with progress (hostile names), and a rated follow-up of it, for the
follow-up's committee outputs."""

from __future__ import annotations

from datetime import date
from typing import Any

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.framework.levels import LEVELS
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.progress_log import Update
from report.report_data import document, imported

from .helpers import HOSTILE, hostile_document

TODAY = date(2027, 6, 30)
HELD = date(2027, 11, 20)
NOTE = "Cabinet <b>agreed</b> & funded it"


def _with_interim_steps(doc: dict[str, Any]) -> dict[str, Any]:
    """An interim step on every ambition two levels up (as councils set "target 2020-21")."""
    for area in doc["areas"].values():
        ambition = area.get("ambition")
        if not ambition:
            continue
        current = area["agreed_level"] or min(
            (r["level"] for r in area["ratings"] if r["level"]), key=LEVELS.index
        )
        if LEVELS.index(ambition["level"]) - LEVELS.index(current) >= 2:
            ambition["interim"] = {
                "level": LEVELS[LEVELS.index(current) + 1],
                "by": "2027-09-30",
            }
            ambition["by"] = "2028-03-31"
    return doc


def baseline(workshop: Workshop, *, hostile_names: bool = True) -> str:
    """A signed nps-2018 baseline with two actions an area and a progress log."""
    doc = hostile_document(actions=2) if hostile_names else document("nps-2018", actions=2)
    for area in doc["areas"].values():
        for action in area["actions"]:
            action["status"] = "open"
    snapshot = imported(
        workshop, _with_interim_steps(doc), sign_off=("Rhian Hughes", "Head of Procurement")
    )
    first = HOSTILE[0][0] if hostile_names else snapshot.record.participants[0].name
    record = workshop.cycle.record_progress
    record(
        snapshot.id, Update("A1", "in-progress", note=NOTE, on=date(2027, 2, 1), by=first), TODAY
    )
    record(
        snapshot.id,
        Update("A1", "in-progress", on=date(2027, 4, 1), by="Jo Bloggs", due=date(2027, 12, 31)),
        TODAY,
    )
    record(snapshot.id, Update("A2", "done", on=date(2027, 3, 1), by=first), TODAY)
    record(snapshot.id, Update("A3", "dropped", on=date(2027, 3, 1), by=first), TODAY)
    return snapshot.id


def followup(workshop: Workshop, baseline_id: str) -> SessionSnapshot:
    """The baseline's follow-up, rated one level up in every other area, one level down in one."""
    new = workshop.cycle.start_followup(
        baseline_id, held_on=HELD, title=None, by="Eleri Morgan-Ŵyn", today=TODAY
    )
    snapshot = workshop.snapshot(new)
    base = snapshot.record.baseline
    assert base is not None
    keys = [p.key for p in snapshot.record.participants]
    for index, area in enumerate(snapshot.areas):
        was = base.areas[area.id].level or "developing"
        shift = -1 if index == 1 else (1 if index % 2 == 0 else 0)
        level = LEVELS[max(0, min(4, LEVELS.index(was) + shift))]
        dimensions = [d.id for d in snapshot.pack.area(area.id).dimensions] or [None]
        for dimension in dimensions:
            for key in keys:
                workshop.rate(new, area.id, key, level, dimension)
        workshop.justify(new, area.id, f"Evidence for {area.title} now.")
        workshop.set_ambition(
            new, area.id, LEVELS[min(4, LEVELS.index(level) + 1)], date(2029, 3, 31)
        )
    return workshop.snapshot(new)
