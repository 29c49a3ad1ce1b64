"""The service API: every change through one module, durable, and refused once signed off."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from conftest import complete
from npsworkshop.errors import InputError, NotFound, Refused
from npsworkshop.workshop import Tampered, Workshop
from npsworkshop.workshop.inputs import NewSession


def test_create_session_freezes_the_pack_and_numbers_participants(
    workshop: Workshop, mini_session: str
) -> None:
    snap = workshop.snapshot(mini_session)
    assert snap.record.framework.id == "mini"
    assert len(snap.record.framework.sha256) == 64
    assert [p.key for p in snap.record.participants] == ["p1", "p2", "p3"]
    assert [a.id for a in snap.areas] == ["plain", "gridded", "talent"]
    assert all(a.state == "not-started" for a in snap.areas)
    assert snap.status == "draft"


def test_scope_is_validated_and_kept_in_pack_order(workshop: Workshop) -> None:
    draft = dict(organisation_name="X", title="T", held_on=date(2026, 1, 2), pack_id="mini")
    session_id = workshop.create_session(NewSession(**draft, scope=("talent", "plain")))
    assert [a.id for a in workshop.snapshot(session_id).areas] == ["plain", "talent"]
    with pytest.raises(InputError, match=r"scope\[0\]: unknown area 'nope'"):
        workshop.create_session(NewSession(**draft, scope=("nope",)))
    with pytest.raises(NotFound, match="no framework pack with id 'missing'"):
        workshop.create_session(NewSession(**{**draft, "pack_id": "missing"}))


def test_rating_abstaining_and_the_live_result(workshop: Workshop, mini_session: str) -> None:
    workshop.rate(mini_session, "plain", "p1", "leader")
    workshop.rate(mini_session, "plain", "p2", "developing")
    workshop.abstain(mini_session, "plain", "p3")
    workshop.rate(mini_session, "plain", "p1", "mature")  # a change replaces, never duplicates
    area = workshop.snapshot(mini_session).area("plain")
    assert area.result is not None
    assert area.result.weakest_level == "developing"
    assert area.result.weakest_by == ("p2",)
    assert (area.result.rated, area.result.abstained) == (2, 1)
    assert area.state == "rated"
    workshop.clear_rating(mini_session, "plain", "p2")
    assert workshop.snapshot(mini_session).area("plain").result.weakest_level == "mature"  # type: ignore[union-attr]


def test_dimensions_are_required_where_an_area_has_them(
    workshop: Workshop, mini_session: str
) -> None:
    with pytest.raises(InputError, match="rated by dimension"):
        workshop.rate(mini_session, "gridded", "p1", "mature")
    with pytest.raises(InputError, match="has no dimensions"):
        workshop.rate(mini_session, "plain", "p1", "mature", "influence")
    workshop.rate(mini_session, "gridded", "p1", "leader", "influence")
    workshop.rate(mini_session, "gridded", "p1", "minimum", "processes")
    result = workshop.snapshot(mini_session).area("gridded").result
    assert result is not None
    assert result.weakest_level == "minimum"
    assert result.weakest_dimensions == ("processes",)


def test_notes_need_a_rating_first(workshop: Workshop, mini_session: str) -> None:
    with pytest.raises(Refused, match="rate or abstain first"):
        workshop.set_note(mini_session, "plain", "p1", "A note")
    workshop.abstain(mini_session, "plain", "p1")
    workshop.set_note(mini_session, "plain", "p1", "Not sure about Children's")
    assert workshop.snapshot(mini_session).area("plain").ratings[0].note == (
        "Not sure about Children's"
    )


def test_moderation_and_ambition_rules_are_enforced(workshop: Workshop, mini_session: str) -> None:
    workshop.rate(mini_session, "plain", "p1", "developing")
    with pytest.raises(Refused, match="moderation reason"):
        workshop.moderate(mini_session, "plain", "mature", "")
    workshop.moderate(mini_session, "plain", "mature", "Finance's view predates the policy")
    with pytest.raises(Refused, match="below the council's current level"):
        workshop.set_ambition(mini_session, "plain", "developing")
    assert workshop.set_ambition(mini_session, "plain", "mature", date(2027, 1, 1)) == "maintain"
    assert workshop.set_ambition(mini_session, "plain", "leader") == "raise"
    area = workshop.snapshot(mini_session).area("plain")
    assert (area.result.weakest_level, area.agreed_level, area.current_level) == (  # type: ignore[union-attr]
        "developing",
        "mature",
        "mature",
    )
    assert area.moderation_reason == "Finance's view predates the policy"
    assert area.gap == 1


def test_actions_add_update_remove(workshop: Workshop, mini_session: str) -> None:
    first = workshop.add_action(mini_session, "plain", "Adopt a policy", "Head", date(2027, 3, 31))
    second = workshop.add_action(mini_session, "talent", "Train staff")
    workshop.update_action(mini_session, first, "Adopt a social value policy", "Head", None, "done")
    workshop.set_action_status(mini_session, second, "dropped")
    snap = workshop.snapshot(mini_session)
    assert [(a.title, a.status) for a in snap.area("plain").actions] == [
        ("Adopt a social value policy", "done")
    ]
    assert snap.overall.done == 1 and snap.overall.dropped == 1 and snap.overall.outstanding == 0
    workshop.remove_action(mini_session, first)
    assert workshop.snapshot(mini_session).area("plain").actions == ()
    with pytest.raises(InputError, match="title: must not be empty"):
        workshop.add_action(mini_session, "plain", "   ")


def test_participants_add_change_remove(workshop: Workshop, mini_session: str) -> None:
    key = workshop.add_participant(mini_session, "Rhian Ŵyn", "Officer", "Legal")
    assert key == "p4"
    workshop.rate(mini_session, "plain", key, "minimum")
    workshop.update_participant(mini_session, key, "Rhian Wyn", "Solicitor", "Legal")
    workshop.remove_participant(mini_session, key)
    snap = workshop.snapshot(mini_session)
    assert [p.key for p in snap.record.participants] == ["p1", "p2", "p3"]
    assert snap.area("plain").result is None
    with pytest.raises(InputError, match="name: must not be empty"):
        workshop.add_participant(mini_session, " ")


def test_every_change_is_in_the_append_only_event_log(
    workshop: Workshop, mini_session: str
) -> None:
    workshop.rate(mini_session, "plain", "p1", "mature")
    workshop.rate(mini_session, "plain", "p1", "leader")
    db = sqlite3.connect(workshop.workspace.database)
    rows = db.execute(
        "SELECT kind, detail FROM event WHERE session_id = ? ORDER BY id", (mini_session,)
    ).fetchall()
    kinds = [k for k, _ in rows]
    assert kinds == ["session-created", "rated", "rated"]
    assert json.loads(rows[-1][1])["old"] == "mature"
    assert json.loads(rows[-1][1])["new"] == "leader"
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM event")
    db.close()


def test_only_a_complete_session_can_be_signed_off(workshop: Workshop, mini_session: str) -> None:
    with pytest.raises(Refused, match="not complete"):
        workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    complete(workshop, mini_session)
    fingerprint = workshop.sign_off(
        mini_session, "Chief Executive", "Head of Paid Service", date(2026, 11, 21)
    )
    snap = workshop.snapshot(mini_session)
    assert snap.status == "signed-off"
    assert snap.record.sign_off is not None
    assert snap.record.sign_off.fingerprint == fingerprint
    assert len(fingerprint) == 64


def test_a_signed_off_session_is_read_only_through_the_service(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    changes = [
        lambda: workshop.rate(mini_session, "plain", "p1", "innovator"),
        lambda: workshop.justify(mini_session, "plain", "changed"),
        lambda: workshop.set_ambition(mini_session, "plain", "innovator"),
        lambda: workshop.add_action(mini_session, "plain", "More"),
        lambda: workshop.add_participant(mini_session, "Late Arrival"),
        lambda: workshop.update_details(mini_session, title="Renamed"),
        lambda: workshop.sign_off(mini_session, "Someone", "Else"),
    ]
    for change in changes:
        with pytest.raises(Refused):
            change()
    workshop.set_last_area(mini_session, "talent")  # where the facilitator was is not the record
    assert workshop.snapshot(mini_session).record.last_area == "talent"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE area_outcome SET justification = 'forged'",
        "DELETE FROM action",
        "UPDATE rating SET level = 'innovator'",
        "INSERT INTO action (session_id, area_id, title, status) SELECT id, 'plain', 'x', 'open' FROM workshop_session",
        "UPDATE workshop_session SET title = 'forged'",
        "DELETE FROM sign_off",
        "UPDATE sign_off SET name = 'Someone else'",
        "DELETE FROM participant",
    ],
)
def test_raw_sql_cannot_change_a_signed_off_session(
    workshop: Workshop, mini_session: str, statement: str
) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    db = sqlite3.connect(workshop.workspace.database)
    db.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.DatabaseError, match="npsworkshop: "):
        db.execute(statement)
    db.close()


def test_an_edit_behind_the_apps_back_is_detected(workshop: Workshop, mini_session: str) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    db = sqlite3.connect(workshop.workspace.database)
    db.execute("DROP TRIGGER area_outcome_signed_update")
    db.execute("UPDATE area_outcome SET justification = 'forged' WHERE area_id = 'plain'")
    db.commit()
    db.close()
    with pytest.raises(Tampered, match="no longer matches its fingerprint"):
        workshop.verified_snapshot(mini_session)


def test_session_prefix_resolution(workshop: Workshop, mini_session: str) -> None:
    assert workshop.resolve(mini_session[:4]) == mini_session
    with pytest.raises(NotFound, match="no session matches"):
        workshop.resolve("zzzz")


def test_list_sessions_shows_progress(workshop: Workshop, mini_session: str) -> None:
    complete(workshop, mini_session)
    [summary] = workshop.list_sessions()
    assert summary.id == mini_session
    assert summary.progress == "3/3 areas complete"
    assert summary.status == "draft"


def test_changes_are_durable_in_a_fresh_process_view(workshop: Workshop, mini_session: str) -> None:
    workshop.rate(mini_session, "plain", "p1", "mature")
    other = Workshop.open(workshop.workspace)
    try:
        assert other.snapshot(mini_session).area("plain").result is not None
    finally:
        other.close()
