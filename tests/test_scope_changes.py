"""Changing a draft's scope through the service: an area added starts empty; an area left out
takes everything recorded for it and nothing else, in one transaction with one event; a signed
session, a bad area and a follow-up's carried actions are refused with nothing written; the
snapshot, the export and the fingerprint signed follow the new scope."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from datetime import date
from typing import Any

import pytest

from conftest import complete
from npsworkshop.assessment.record import canonical_json, facts_document
from npsworkshop.errors import InputError, NotFound, Refused, UserError
from npsworkshop.interchange.json_export import export_document
from npsworkshop.room.ballot import NO_DIMENSION
from npsworkshop.room.ballot_schema import file_reader
from npsworkshop.room.ballot_sql import SqlBallotBox
from npsworkshop.room.content import ballots_of, participants_of
from npsworkshop.room.room import Room
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, ParticipantInput
from npsworkshop.workspace import Workspace

SIGNED_ON = date(2026, 11, 27)


def events(workspace: Workspace, session_id: str) -> list[tuple[str, dict[str, Any]]]:
    with closing(sqlite3.connect(workspace.database)) as db:
        found = db.execute(
            "SELECT kind, detail FROM event WHERE session_id = ? ORDER BY id", (session_id,)
        ).fetchall()
    return [(kind, json.loads(detail)) for kind, detail in found]


def facts_of(workshop: Workshop, session_id: str, area: str) -> tuple[object, ...]:
    """Everything recorded for one area, as the record has it."""
    record = workshop.snapshot(session_id).record
    return (
        [r for r in record.ratings if r.area == area],
        [o for o in record.outcomes if o.area == area],
        [(a.title, a.owner, a.due, a.status) for a in record.actions if a.area == area],
    )


def record_everything(workshop: Workshop, session_id: str, area: str) -> None:
    """Ratings with a note, a justification, moderation, an ambition with an interim step and
    two actions for `area` (a plain one: no dimensions)."""
    workshop.rate(session_id, area, "p1", "mature")
    workshop.rate(session_id, area, "p2", "developing")
    workshop.abstain(session_id, area, "p3")
    workshop.set_note(session_id, area, "p2", "Finance sees contracts late")
    workshop.justify(session_id, area, "Evidence.")
    workshop.moderate(session_id, area, "mature", "The room agreed the weakest was an outlier.")
    workshop.set_ambition(session_id, area, "innovator", date(2029, 3, 31), "Because.")
    workshop.cycle.set_interim(session_id, area, "leader", date(2028, 3, 31))
    workshop.add_action(session_id, area, "Quarterly pipeline review", "Head", date(2027, 3, 31))
    workshop.add_action(session_id, area, "Train buyers")


def scoped_session(workshop: Workshop, scope: tuple[str, ...]) -> str:
    """A mini-pack session of three participants assessing `scope`."""
    return workshop.create_session(
        NewSession(
            organisation_name="Testshire",
            title="Baseline",
            held_on=date(2026, 11, 20),
            pack_id="mini",
            scope=scope,
            participants=tuple(ParticipantInput(name=n) for n in ("Jo", "Sam", "Ali")),
        )
    )


def test_an_added_area_starts_empty_and_is_assessed(workshop: Workshop) -> None:
    session_id = scoped_session(workshop, ("plain",))
    before = len(events(workshop.workspace, session_id))
    assert workshop.change_scope(session_id, ["talent", "plain"]) == ["plain", "talent"]
    snapshot = workshop.snapshot(session_id)
    assert [a.id for a in snapshot.areas] == ["plain", "talent"]
    talent = snapshot.area("talent")
    assert (talent.ratings, talent.justification, talent.actions) == ((), None, ())
    assert talent.state == "not-started"
    workshop.rate(session_id, "talent", "p1", "leader")  # rateable at once
    changes = events(workshop.workspace, session_id)[before:]
    assert changes[0] == (
        "scope-changed",
        {"new": ["plain", "talent"], "old": ["plain"], "removed": {}},
    )


def test_leaving_an_area_out_deletes_its_record_and_nothing_else(
    workshop: Workshop, mini_session: str
) -> None:
    record_everything(workshop, mini_session, "plain")
    record_everything(workshop, mini_session, "talent")
    workshop.rate(mini_session, "gridded", "p1", "leader", "influence")
    kept = facts_of(workshop, mini_session, "talent"), facts_of(workshop, mini_session, "gridded")
    people = workshop.snapshot(mini_session).record.participants
    before = len(events(workshop.workspace, mini_session))

    assert workshop.change_scope(mini_session, ["gridded", "talent"]) == ["gridded", "talent"]

    record = workshop.snapshot(mini_session).record
    assert record.scope == ("gridded", "talent")
    assert facts_of(workshop, mini_session, "plain") == ([], [], [])
    assert (
        facts_of(workshop, mini_session, "talent"),
        facts_of(workshop, mini_session, "gridded"),
    ) == kept
    assert record.participants == people
    changes = events(workshop.workspace, mini_session)[before:]
    assert [kind for kind, _ in changes] == ["scope-changed"]  # one change, one event
    taken = changes[0][1]["removed"]["plain"]
    assert [r["level"] for r in taken["ratings"]] == ["mature", "developing", None]
    assert taken["ratings"][1]["note"] == "Finance sees contracts late"
    assert taken["justification"] == "Evidence." and taken["agreed_level"] == "mature"
    assert (taken["ambition_level"], taken["interim_level"]) == ("innovator", "leader")
    assert [a["title"] for a in taken["actions"]] == ["Quarterly pipeline review", "Train buyers"]

    workshop.change_scope(mini_session, ["plain", "gridded", "talent"])  # back: empty
    plain = workshop.snapshot(mini_session).area("plain")
    assert (plain.ratings, plain.justification, plain.agreed_level, plain.ambition) == (
        (),
        None,
        None,
        None,
    )
    assert plain.actions == ()
    workshop.change_scope(mini_session, ["gridded"])
    with pytest.raises(NotFound, match="not in the scope"):  # a removed area takes nothing
        workshop.rate(mini_session, "plain", "p1", "mature")


def test_leaving_out_an_area_with_nothing_recorded_changes_only_the_scope(
    workshop: Workshop, mini_session: str
) -> None:
    record_everything(workshop, mini_session, "plain")
    before = workshop.snapshot(mini_session).record
    workshop.change_scope(mini_session, ["plain", "gridded"])
    after = workshop.snapshot(mini_session).record
    assert after.scope == ("plain", "gridded")
    unchanged = ("participants", "ratings", "outcomes", "actions", "title", "held_on")
    assert all(getattr(after, name) == getattr(before, name) for name in unchanged)
    assert events(workshop.workspace, mini_session)[-1][1]["removed"] == {"talent": {}}


def test_the_same_scope_again_writes_nothing(workshop: Workshop, mini_session: str) -> None:
    before = events(workshop.workspace, mini_session)
    assert workshop.change_scope(mini_session, ["talent", "gridded", "plain"]) == [
        "plain",
        "gridded",
        "talent",
    ]
    assert events(workshop.workspace, mini_session) == before


@pytest.mark.parametrize(
    ("scope", "said"),
    [
        (["plain", "nope"], "session: scope[1]: unknown area 'nope' in pack mini"),
        ([], "session: scope: choose at least one area"),
        (["plain", "talent", "plain"], "session: scope: 'plain' listed twice"),
        (["engaging-councillors"], "scope[0]: unknown area 'engaging-councillors'"),
    ],
)
def test_a_bad_scope_names_the_field_and_value_and_writes_nothing(
    workshop: Workshop, mini_session: str, scope: list[str], said: str
) -> None:
    record_everything(workshop, mini_session, "plain")
    before = workshop.snapshot(mini_session).record, events(workshop.workspace, mini_session)
    with pytest.raises(InputError) as raised:
        workshop.change_scope(mini_session, scope)
    assert said in str(raised.value)
    assert isinstance(raised.value, UserError) and raised.value.exit_status == 2
    assert (
        workshop.snapshot(mini_session).record,
        events(workshop.workspace, mini_session),
    ) == before


def test_a_signed_off_session_keeps_its_scope(workshop: Workshop, mini_session: str) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "A. Chief", "Director", SIGNED_ON)
    before = workshop.snapshot(mini_session).record
    with pytest.raises(Refused, match=r"signed off by A\. Chief"):
        workshop.change_scope(mini_session, ["plain"])
    assert workshop.snapshot(mini_session).record == before
    workshop.verified_snapshot(mini_session)  # still what was signed


def test_the_snapshot_export_and_fingerprint_follow_the_new_scope(
    workshop: Workshop, mini_session: str
) -> None:
    record_everything(workshop, mini_session, "plain")
    workshop.change_scope(mini_session, ["plain", "talent"])
    complete(workshop, mini_session)  # every area now in scope: plain and talent
    snapshot = workshop.snapshot(mini_session)
    assert [a.id for a in snapshot.areas] == ["plain", "talent"] and snapshot.complete
    document = export_document(snapshot)
    assert document["scope"] == ["plain", "talent"]
    assert list(document["areas"]) == ["plain", "talent"]

    fingerprint = workshop.sign_off(mini_session, "A. Chief", "Director", SIGNED_ON)
    signed = facts_document(workshop.snapshot(mini_session).record)
    assert signed["scope"] == ["plain", "talent"] and "gridded" not in signed["areas"]
    assert fingerprint == hashlib.sha256(canonical_json(signed)).hexdigest()
    assert workshop.verified_snapshot(mini_session).record.sign_off is not None


def test_a_change_is_on_disk_when_the_call_returns(
    workshop: Workshop, workspace: Workspace, mini_session: str
) -> None:
    workshop.change_scope(mini_session, ["talent"])
    with Workshop.open(workspace, backup=False) as another:
        assert another.snapshot(mini_session).record.scope == ("talent",)


def test_a_followups_carried_actions_keep_their_area(workshop: Workshop, mini_session: str) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "A. Chief", "Director", SIGNED_ON)
    followup = workshop.cycle.start_followup(
        mini_session, held_on=date(2027, 11, 20), by="A. Facilitator", today=date(2027, 6, 30)
    )
    before = workshop.snapshot(followup).record, events(workshop.workspace, followup)
    with pytest.raises(Refused) as refused:
        workshop.change_scope(followup, ["plain", "gridded"])
    said = str(refused.value)
    assert "'Talent' (talent) cannot be left out" in said
    assert "'Improve Talent' (A3)" in said and "dropped" in said
    assert (workshop.snapshot(followup).record, events(workshop.workspace, followup)) == before
    for action in workshop.snapshot(followup).area("talent").actions:
        workshop.set_action_status(followup, action.id, "dropped")
    with pytest.raises(Refused, match="cannot be left out"):  # dropped, still tracked here
        workshop.change_scope(followup, ["plain", "gridded"])


def test_phones_never_vote_on_an_area_left_out(workshop: Workshop, mini_session: str) -> None:
    read, close = file_reader(workshop.workspace.database)
    snapshot = workshop.snapshot(mini_session)
    box = SqlBallotBox(workshop.ballot_transaction, mini_session, read=read)
    room = Room(box, participants_of(snapshot), ballots_of(snapshot.pack))
    try:
        room.bind("p1", "a" * 64)
        state = room.show_area("plain")
        room.vote("a" * 64, "plain", state.round, {NO_DIMENSION: "leader"})
        assert room.box.votes_of("p1") == {NO_DIMENSION: "leader"}

        workshop.change_scope(mini_session, ["gridded", "talent"])
        assert room.box.state().area_id is None  # the phones are shown no area

        workshop.change_scope(mini_session, ["plain", "gridded", "talent"])
        state = room.show_area("plain")
        assert (state.round, state.revealed) == (1, False)  # a new round: the old vote is gone
        assert room.box.votes_of("p1") == {}
        assert (
            room.reveal(lambda db, ratings: workshop.rate_many(mini_session, ratings, db=db)) == []
        )
    finally:
        close()


def test_a_followup_may_leave_out_an_area_with_nothing_carried_and_add_a_new_one(
    workshop: Workshop,
) -> None:
    from npsworkshop.workshop.progress_log import Update

    baseline = scoped_session(workshop, ("plain", "gridded"))
    complete(workshop, baseline)
    workshop.sign_off(baseline, "A. Chief", "Director", SIGNED_ON)
    today = date(2027, 6, 30)
    workshop.cycle.record_progress(baseline, Update("A2", "done", by="Jo", on=today), today)
    followup = workshop.cycle.start_followup(
        baseline, held_on=date(2027, 11, 20), by="A. Facilitator", today=today
    )
    workshop.change_scope(followup, ["plain", "talent"])  # gridded carried nothing
    document = export_document(workshop.snapshot(followup))
    assert list(document["areas"]) == ["plain", "talent"]
    assert document["areas"]["talent"]["trend"]["baseline_level"] is None  # not assessed then
    assert document["areas"]["plain"]["trend"]["baseline_level"] == "developing"
    assert [a["carried_from"] for a in document["areas"]["plain"]["actions"]] == ["A1"]
