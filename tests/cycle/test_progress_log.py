"""Progress on a signed plan: appended, chained, never a change to the signed facts."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from npsworkshop.assessment.progress import ProgressEntry, entry_hash
from npsworkshop.assessment.record import recorded_fingerprint_matches
from npsworkshop.errors import InputError, Refused, Tampered
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.progress_log import Update

TODAY = date(2027, 6, 30)


def test_refs_follow_area_order_then_position(workshop: Workshop, signed: str) -> None:
    plan = workshop.cycle.action_plan(signed)
    assert [(a.ref, a.area, a.title) for a in plan.actions] == [
        ("A1", "plain", "Improve A plain area"),
        ("A2", "plain", "Train buyers"),
        ("A3", "plain", "Publish a pipeline"),
        ("A4", "gridded", "Improve An area with dimensions"),
        ("A5", "talent", "Improve Talent"),
    ]


def test_a_signed_plan_logs_progress_and_keeps_its_fingerprint(
    workshop: Workshop, signed: str
) -> None:
    before = workshop.verified_snapshot(signed).record.sign_off
    done = workshop.cycle.record_progress(
        signed, Update("a2", "done", "Course run", date(2027, 2, 1), "Jo Smith"), TODAY
    )
    assert (done.ref, done.old_status, done.status, done.logged) == ("A2", "open", "done", True)
    again = workshop.cycle.record_progress(
        signed,
        Update("A1", "in-progress", None, date(2027, 3, 1), "Jo Smith", date(2027, 9, 30)),
        TODAY,
    )
    snap = workshop.verified_snapshot(signed)
    assert snap.record.sign_off == before  # the signed facts and fingerprint never change
    assert recorded_fingerprint_matches(snap.record)
    assert [a.status for a in snap.record.actions] == ["open"] * 5
    report = workshop.cycle.action_plan(signed).report(TODAY)
    assert report.chain_head == again.head
    states = {s.action.ref: s for s in report.actions}
    assert states["A2"].status == "done" and states["A2"].last_update.note == "Course run"
    assert states["A1"].due == date(2027, 9, 30) and not states["A1"].overdue
    assert states["A4"].overdue  # due 31 March 2027, still open
    total = dict(report.groups)["total"]
    assert (total.actions, total.completed, total.completed_pct, total.overdue) == (5, 1, 20, 2)
    assert workshop.cycle.action_plan(signed).report(date(2027, 1, 31)).actions[1].status == "open"


def test_who_is_required_and_dates_are_checked_on_a_signed_plan(
    workshop: Workshop, signed: str
) -> None:
    with pytest.raises(InputError, match="--by"):
        workshop.cycle.record_progress(signed, Update("A1", "done"), TODAY)
    with pytest.raises(InputError, match="in the future"):
        workshop.cycle.record_progress(
            signed, Update("A1", "done", on=date(2027, 7, 1), by="Jo"), TODAY
        )
    with pytest.raises(InputError, match="'finished' is not a status"):
        workshop.cycle.record_progress(signed, Update("A1", "finished", by="Jo"), TODAY)
    with pytest.raises(InputError, match="no action 'A9'"):
        workshop.cycle.record_progress(signed, Update("A9", "done", by="Jo"), TODAY)


def test_a_draft_changes_the_action_itself(workshop: Workshop, mini_session: str) -> None:
    workshop.add_action(mini_session, "plain", "Adopt a policy", None, date(2027, 3, 31))
    done = workshop.cycle.record_progress(mini_session, Update("A1", "done"), TODAY)
    assert not done.logged
    assert workshop.snapshot(mini_session).record.actions[0].status == "done"
    assert workshop.cycle.action_plan(mini_session).head is None


def test_the_database_refuses_to_rewrite_or_skip_the_log(workshop: Workshop, signed: str) -> None:
    workshop.cycle.record_progress(signed, Update("A1", "done", by="Jo Smith", on=TODAY), TODAY)
    db = sqlite3.connect(workshop.workspace.database)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE progress_entry SET status = 'dropped'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM progress_entry")
    with pytest.raises(sqlite3.IntegrityError, match="follow the log"):
        db.execute(
            "INSERT INTO progress_entry (session_id, action_id, ref, on_date, status, old_status, "
            "by_name, recorded_at, previous, hash) SELECT session_id, action_id, ref, on_date, "
            "'dropped', status, 'Mallory', recorded_at, NULL, hash FROM progress_entry"
        )
    db.close()


def _two_entries_then(workshop: Workshop, session_id: str, trigger: str, sql: str) -> None:
    """Two progress entries (A1, A2), then `sql` run with `trigger` dropped, as an editor of
    the database file could."""
    workshop.cycle.record_progress(
        session_id, Update("A1", "in-progress", by="Jo Smith", on=date(2027, 2, 1)), TODAY
    )
    workshop.cycle.record_progress(session_id, Update("A2", "done", by="Jo Smith", on=TODAY), TODAY)
    db = sqlite3.connect(workshop.workspace.database)
    db.execute(f"DROP TRIGGER {trigger}")
    db.execute(sql)
    db.commit()
    db.close()


def test_a_rewritten_entry_is_detected(workshop: Workshop, signed: str) -> None:
    first = "(SELECT min(id) FROM progress_entry)"
    _two_entries_then(
        workshop,
        signed,
        "progress_entry_update",
        f"UPDATE progress_entry SET on_date = '2027-01-15' WHERE id = {first}",
    )
    with pytest.raises(Tampered, match="progress entry 1 of 2"):
        workshop.cycle.action_plan(signed)


def test_a_log_cut_short_is_detected(workshop: Workshop, signed: str) -> None:
    """The chain still holds without its last entry; the event log says what is gone."""
    last = "(SELECT max(id) FROM progress_entry)"
    _two_entries_then(
        workshop, signed, "progress_entry_delete", f"DELETE FROM progress_entry WHERE id = {last}"
    )
    with pytest.raises(Tampered, match=r"records 1 progress entry no longer .* \(the first: A2, "):
        workshop.cycle.action_plan(signed)


def test_the_sessions_list_flags_a_changed_progress_log(workshop: Workshop, signed: str) -> None:
    """Red team R1: `sessions` (and the app's list) say "tampered", as for any other field."""
    last = "(SELECT max(id) FROM progress_entry)"
    _two_entries_then(
        workshop, signed, "progress_entry_delete", f"DELETE FROM progress_entry WHERE id = {last}"
    )
    _listed_tampered(workshop, signed, "was cut short outside")


def test_a_rewritten_and_rechained_log_is_not_called_cut_short(
    workshop: Workshop, signed: str
) -> None:
    """The chain is unkeyed, so a rewrite can be rechained; the event log still has the
    hashes it replaced, and the entries are all there: "rewritten"."""
    workshop.cycle.record_progress(signed, Update("A1", "done", by="Jo", on=TODAY), TODAY)
    fingerprint = workshop.snapshot(signed).record.sign_off.fingerprint  # type: ignore[union-attr]
    forged = ProgressEntry("A1", TODAY, "dropped", "open", "Jo")
    db = sqlite3.connect(workshop.workspace.database)
    db.execute("DROP TRIGGER progress_entry_update")
    db.execute(
        "UPDATE progress_entry SET status = 'dropped', hash = ?",
        (entry_hash(None, fingerprint, forged),),
    )
    db.commit()
    db.close()
    _listed_tampered(workshop, signed, "was rewritten outside")


def _listed_tampered(workshop: Workshop, session_id: str, why: str) -> None:
    summary = next(s for s in workshop.list_sessions() if s.id == session_id)
    assert summary.status == "tampered"
    assert summary.tampered is not None and why in summary.tampered


def test_progress_on_a_carried_action_is_refused_in_the_baseline(
    workshop: Workshop, signed: str
) -> None:
    followup = workshop.cycle.start_followup(
        signed, held_on=date(2027, 11, 20), title=None, by="A. Facilitator", today=TODAY
    )
    with pytest.raises(Refused, match=f"carried forward to follow-up session {followup}"):
        workshop.cycle.record_progress(signed, Update("A1", "done", by="Jo"), TODAY)


def test_no_progress_is_recorded_on_a_record_changed_after_sign_off(
    workshop: Workshop, signed: str
) -> None:
    db = sqlite3.connect(workshop.workspace.database)
    db.execute("DROP TRIGGER action_signed_update")
    db.execute("UPDATE action SET title = 'Quietly reworded'")
    db.commit()
    db.close()
    with pytest.raises(Tampered):
        workshop.cycle.record_progress(signed, Update("A1", "done", by="Jo", on=TODAY), TODAY)
