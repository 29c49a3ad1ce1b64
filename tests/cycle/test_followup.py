"""Follow-ups: same people and scope, outstanding actions carried, the baseline kept, trend."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import complete
from npsworkshop.assessment.record import recorded_fingerprint_matches
from npsworkshop.errors import InputError, Refused
from npsworkshop.interchange.json_format import export_json, import_file
from npsworkshop.workshop import Workshop, interim
from npsworkshop.workshop.inputs import NewSession
from npsworkshop.workshop.progress_log import Update
from test_interchange import GOOD, mutate, write

TODAY = date(2027, 6, 30)
HELD = date(2027, 11, 20)


def _followup(workshop: Workshop, baseline: str, held_on: date = HELD) -> str:
    return workshop.cycle.start_followup(
        baseline, held_on=held_on, title=None, by="A. Facilitator", today=TODAY
    )


def test_a_followup_starts_from_the_baseline(workshop: Workshop, signed: str) -> None:
    workshop.cycle.record_progress(signed, Update("A2", "done", by="Jo Smith", on=TODAY), TODAY)
    workshop.cycle.record_progress(signed, Update("A3", "dropped", by="Jo Smith", on=TODAY), TODAY)
    workshop.cycle.record_progress(signed, Update("A1", "in-progress", by="Jo", on=TODAY), TODAY)
    new = _followup(workshop, signed)
    base, follow = workshop.snapshot(signed).record, workshop.snapshot(new).record
    assert follow.sign_off is None and follow.held_on == HELD
    assert follow.title == "Follow-up of Baseline"
    assert (follow.organisation_name, follow.scope) == (base.organisation_name, base.scope)
    assert follow.framework == base.framework
    assert [p.model_dump() for p in follow.participants] == [
        p.model_dump() for p in base.participants
    ]
    assert not follow.ratings and not follow.outcomes  # new ratings, hidden until revealed
    carried = [(a.title, a.status, a.carried_from) for a in follow.actions]
    assert carried == [
        ("Improve A plain area", "in-progress", "A1"),
        ("Improve An area with dimensions", "open", "A4"),
        ("Improve Talent", "open", "A5"),
    ]
    assert follow.baseline is not None and follow.baseline.session == signed
    assert follow.baseline.fingerprint == base.sign_off.fingerprint
    assert follow.baseline.areas["plain"].level == "developing"
    assert follow.baseline.areas["plain"].ambition.level == "leader"
    # The baseline's log says where each went; its fingerprint still verifies.
    report = workshop.cycle.action_plan(signed).report(TODAY)
    last = {s.action.ref: s.last_update for s in report.actions}
    assert last["A1"].carried_to == new and last["A2"].carried_to is None
    assert recorded_fingerprint_matches(workshop.verified_snapshot(signed).record)


def test_only_a_signed_session_is_followed_up_and_later(
    workshop: Workshop, mini_session: str, signed: str
) -> None:
    with pytest.raises(InputError, match="not after the baseline"):
        _followup(workshop, signed, date(2026, 11, 20))
    draft = workshop.create_session(
        NewSession(organisation_name="X", title="Draft", held_on=date(2026, 1, 1), pack_id="mini")
    )
    with pytest.raises(Refused, match="only a signed-off session can be followed up"):
        _followup(workshop, draft)


def test_a_followup_of_a_followup(workshop: Workshop, signed: str) -> None:
    first = _followup(workshop, signed, date(2027, 1, 15))  # before complete()'s due dates
    complete(workshop, first)  # rates, and adds one action per area: 5 carried + 3 new
    signed_on = date(2027, 11, 27)  # a year on: the sign-off's "today" is that day
    workshop.sign_off(first, "A. Chief", "Director", signed_on, today=signed_on)
    second = workshop.cycle.start_followup(
        first, held_on=date(2028, 11, 20), title="Third look", by=None, today=date(2028, 1, 5)
    )
    record = workshop.snapshot(second).record
    assert record.title == "Third look" and record.baseline.session == first
    assert {a.carried_from for a in record.actions} == {f"A{n}" for n in range(1, 9)}
    # The first follow-up's carried actions are now carried on again: its log says so.
    plan = workshop.cycle.action_plan(first)
    assert all(plan.carried_to(a.ref) == second for a in plan.actions)


def test_trend_and_interim_steps(workshop: Workshop, mini_session: str) -> None:
    complete(workshop, mini_session)
    workshop.cycle.set_interim(mini_session, "plain", "mature", date(2027, 3, 31))
    with pytest.raises(Refused, match="below the council's current level"):
        workshop.cycle.set_interim(mini_session, "talent", "minimum", date(2027, 3, 31))
    workshop.sign_off(mini_session, "A. Chief", "Director", date(2026, 11, 27))
    new = _followup(workshop, mini_session)
    for area in ("plain", "talent"):
        workshop.rate(new, area, "p1", "mature")
    trend = {t.area_id: t for t in workshop.cycle.trend(new)}
    assert trend["plain"].change == 1 and trend["plain"].interim_reached is True
    assert trend["plain"].ambition_reached is False
    assert trend["talent"].interim_reached is None
    assert trend["gridded"].level is None and trend["gridded"].change is None


def test_the_json_round_trip_of_a_followup(workshop: Workshop, signed: str, tmp_path: Path) -> None:
    new = _followup(workshop, signed)
    workshop.rate(new, "plain", "p1", "leader")
    data = json.loads(export_json(workshop.snapshot(new)))
    assert data["baseline"]["session"] == signed
    assert data["baseline"]["areas"]["plain"] == {
        "level": "developing",
        "ambition": {"level": "leader", "by": "2028-03-31"},
        "interim": None,
    }
    assert data["areas"]["plain"]["trend"] == {
        "baseline_level": "developing",
        "baseline_ambition": "leader",
        "change": 2,
        "ambition_reached": True,
        "interim_reached": None,
    }
    assert data["areas"]["plain"]["actions"][0]["carried_from"] == "A1"
    path = tmp_path / "followup.json"
    path.write_bytes(export_json(workshop.snapshot(new)))
    again = import_file(workshop, path)
    redone = json.loads(export_json(workshop.snapshot(again)))
    for doc in (data, redone):
        doc.pop("id")
    assert redone == data


def test_an_interim_step_is_a_fact_only_when_present(workshop: Workshop, tmp_path: Path) -> None:
    plain = import_file(workshop, write(tmp_path, GOOD))
    assert (
        "interim"
        not in json.loads(export_json(workshop.snapshot(plain)))["areas"]["plain"]["ambition"]
    )
    with_interim = mutate("areas.plain.ambition.interim", {"level": "mature", "by": "2027-03-31"})
    stepped = import_file(workshop, write(tmp_path, with_interim, "interim.json"))
    exported = json.loads(export_json(workshop.snapshot(stepped)))
    assert exported["areas"]["plain"]["ambition"]["interim"] == {
        "level": "mature",
        "by": "2027-03-31",
    }
    one = workshop.sign_off(plain, "A. Chief", "Director", date(2026, 11, 27))
    two = workshop.sign_off(stepped, "A. Chief", "Director", date(2026, 11, 27))
    assert one != two  # the interim step is signed with the rest


@pytest.mark.parametrize(
    ("interim", "problem"),
    [
        ({"level": "minimum", "by": "2027-03-31"}, "below the council's current level"),
        ({"level": "innovator", "by": "2027-03-31"}, "above the ambition"),
        ({"level": "mature", "by": "2028-06-30"}, "not before the ambition's date"),
        ({"level": "mature", "by": "2026-11-20"}, "not after the session"),
    ],
)
def test_a_draft_document_with_a_misplaced_interim_step_is_refused(
    workshop: Workshop, tmp_path: Path, interim: dict[str, str], problem: str
) -> None:
    document = mutate("areas.plain.ambition.interim", interim)
    with pytest.raises(InputError, match=f"areas.plain.ambition.interim.*{problem}"):
        import_file(workshop, write(tmp_path, document))


def test_an_interim_step_overtaken_by_a_new_result_is_reported(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)  # plain: weakest developing, ambition leader
    workshop.cycle.set_interim(mini_session, "plain", "mature", date(2027, 3, 31))
    assert interim.snapshot_problems(workshop.snapshot(mini_session)) == []
    for person in ("p1", "p2"):
        workshop.rate(mini_session, "plain", person, "leader")
    assert interim.snapshot_problems(workshop.snapshot(mini_session)) == [
        "plain: interim.level: mature is below the council's current level (leader)"
    ]
