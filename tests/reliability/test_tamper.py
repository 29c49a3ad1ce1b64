"""Tamper evidence: every direct change to a signed-off session's rows is refused by the
database; with the refusals removed, the change is caught when the sessions are listed (as the
app does on opening), on export, and by `npsworkshop sessions`."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import SQLModel

import npsworkshop.store.tables  # noqa: F401 - registers the tables
from conftest import complete
from npsworkshop.assessment import record as facts
from npsworkshop.errors import Refused
from npsworkshop.interchange.json_format import export_document, import_file
from npsworkshop.workshop import Tampered, Workshop
from reliability.helpers import raw
from test_interchange import write

# Every table of the record, with a change of each kind someone with sqlite3 might try.
REFUSED = {
    "workshop_session": [
        "UPDATE workshop_session SET title = 'forged'",
        "UPDATE workshop_session SET held_on = '2020-01-01'",
        "DELETE FROM workshop_session",
    ],
    "participant": [
        "UPDATE participant SET name = 'Someone else'",
        "DELETE FROM participant WHERE key = 'p3'",
        "INSERT INTO participant (session_id, key, name) SELECT id, 'p9', 'Ghost' FROM workshop_session",
    ],
    "rating": [
        "UPDATE rating SET level = 'innovator'",
        "UPDATE rating SET note = 'forged'",
        "DELETE FROM rating",
        "INSERT INTO rating (session_id, participant_id, area_id, level, updated_at) "
        "SELECT session_id, id, 'talent', 'innovator', 'x' FROM participant WHERE key = 'p3'",
    ],
    "area_outcome": [
        "UPDATE area_outcome SET justification = 'forged'",
        "UPDATE area_outcome SET ambition_level = 'innovator'",
        "DELETE FROM area_outcome",
        "INSERT INTO area_outcome (session_id, area_id) SELECT id, 'elsewhere' FROM workshop_session",
    ],
    "action": [
        "UPDATE action SET status = 'done'",
        "DELETE FROM action",
        "INSERT INTO action (session_id, area_id, title) SELECT id, 'plain', 'x' FROM workshop_session",
    ],
    "sign_off": [
        "UPDATE sign_off SET name = 'Someone else'",
        "UPDATE sign_off SET fingerprint = printf('%064d', 0)",
        "DELETE FROM sign_off",
    ],
    "event": ["UPDATE event SET detail = '{}'", "DELETE FROM event"],
    # The improvement cycle (0003); updates and deletes of the log: tests/cycle/test_progress_log.py
    "progress_entry": [
        "INSERT INTO progress_entry (session_id, action_id, ref, on_date, status, old_status, "
        "by_name, recorded_at, previous, hash) SELECT session_id, id, 'A1', '2027-01-01', 'done', "
        "'open', 'x', 'x', printf('%064d', 0), printf('%064d', 1) FROM action LIMIT 1"
    ],
    "session_baseline": [
        "INSERT INTO session_baseline (session_id, baseline_session, fingerprint, held_on, areas) "
        "SELECT id, 'x', printf('%064d', 0), '2020-01-01', '{}' FROM workshop_session"
    ],
    # Each frozen pack stored once by sha256 (0006): the copy a signed session uses is frozen.
    "pack_copy": [
        'UPDATE pack_copy SET content = replace(content, \'"title":"Minimum"\', '
        '\'"title":"Innovator"\')',
        "UPDATE pack_copy SET sha256 = printf('%064d', 0)",
        "DELETE FROM pack_copy",
    ],
}


@pytest.fixture
def signed(workshop: Workshop, mini_session: str) -> str:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    return mini_session


@pytest.mark.parametrize(
    "statement", [s for statements in REFUSED.values() for s in statements], ids=lambda s: s[:40]
)
def test_the_database_refuses_every_direct_change(
    workshop: Workshop, signed: str, statement: str
) -> None:
    before = facts.canonical_json(facts.facts_document(workshop.snapshot(signed).record))
    connection = raw(workshop.workspace)
    with pytest.raises(sqlite3.DatabaseError, match="npsworkshop: "):
        connection.execute(statement)
    connection.close()
    after = facts.canonical_json(facts.facts_document(workshop.snapshot(signed).record))
    assert after == before


def test_every_table_of_the_record_is_covered() -> None:
    record_tables = set(SQLModel.metadata.tables) - {"ui_state"}  # where the facilitator was
    assert record_tables == set(REFUSED)


def forge(workshop: Workshop, *statements: str, drop: tuple[str, ...]) -> None:
    """Someone drops the refusing triggers and edits the file."""
    connection = raw(workshop.workspace)
    for trigger in drop:
        connection.execute(f"DROP TRIGGER {trigger}")
    for statement in statements:
        connection.execute(statement)
    connection.close()


# (what was done, the statements, the triggers that had to go)
FORGERIES = [
    (
        "session title",
        ["UPDATE workshop_session SET title = 'Forged'"],
        ("workshop_session_signed_update",),
    ),
    ("participant", ["UPDATE participant SET name = 'Someone'"], ("participant_signed_update",)),
    (
        "rating",
        ["UPDATE rating SET level = 'innovator' WHERE level = 'developing'"],
        ("rating_signed_update",),
    ),
    ("extra rating", ["DELETE FROM rating WHERE level IS NULL"], ("rating_signed_delete",)),
    (
        "outcome",
        ["UPDATE area_outcome SET justification = 'forged'"],
        ("area_outcome_signed_update",),
    ),
    ("action", ["UPDATE action SET status = 'done'"], ("action_signed_update",)),
    ("sign-off name", ["UPDATE sign_off SET name = 'Someone else'"], ("sign_off_update",)),
]


@pytest.mark.parametrize(("what", "statements", "drop"), FORGERIES, ids=[f[0] for f in FORGERIES])
def test_a_forged_record_is_flagged_on_listing_and_refused_on_export(
    workshop: Workshop, signed: str, what: str, statements: list[str], drop: tuple[str, ...]
) -> None:
    forge(workshop, *statements, drop=drop)
    with Workshop.open(workshop.workspace) as reopened:  # as the app does on opening
        [summary] = reopened.list_sessions()
        assert summary.status == "tampered"
        assert (
            summary.tampered is not None and "no longer matches its fingerprint" in summary.tampered
        )
        with pytest.raises(Tampered, match=f"session {signed}"):
            reopened.verified_snapshot(signed)


def test_a_recomputed_fingerprint_is_caught_by_the_event_log(
    workshop: Workshop, signed: str
) -> None:
    """The careful forger edits a rating and recomputes the fingerprint to match."""
    forge(
        workshop,
        "UPDATE rating SET level = 'innovator' WHERE level = 'developing'",
        drop=("rating_signed_update", "sign_off_update"),
    )
    record = workshop.snapshot(signed).record
    assert record.sign_off is not None
    forged = facts.fingerprint(
        record, record.sign_off.name, record.sign_off.role, record.sign_off.signed_on.isoformat()
    )
    forge(workshop, f"UPDATE sign_off SET fingerprint = '{forged}'", drop=())
    assert facts.recorded_fingerprint_matches(workshop.snapshot(signed).record)  # it "verifies"
    with Workshop.open(workshop.workspace) as reopened:
        [summary] = reopened.list_sessions()
        assert summary.tampered is not None and "recorded at sign-off" in summary.tampered
        with pytest.raises(Tampered):
            reopened.verified_snapshot(signed)


def test_a_removed_sign_off_is_caught_and_the_session_stays_read_only(
    workshop: Workshop, signed: str
) -> None:
    forge(workshop, "DELETE FROM sign_off", drop=("sign_off_delete",))
    with Workshop.open(workshop.workspace) as reopened:
        [summary] = reopened.list_sessions()
        assert summary.status == "tampered"
        assert summary.tampered == "its sign-off was removed outside npsworkshop"
        with pytest.raises(Tampered):
            reopened.verified_snapshot(signed)
        with pytest.raises(Refused, match="sign-off has been removed"):
            reopened.rate(signed, "plain", "p1", "innovator")


def test_an_edited_sign_off_event_is_caught(workshop: Workshop, signed: str) -> None:
    forge(
        workshop,
        "UPDATE event SET detail = json_set(detail, '$.fingerprint', printf('%064d', 1)) "
        "WHERE kind = 'signed-off'",
        drop=("event_update",),
    )
    with Workshop.open(workshop.workspace) as reopened:
        [summary] = reopened.list_sessions()
        assert summary.status == "tampered"


def test_a_deleted_signed_session_is_reported(workshop: Workshop, signed: str) -> None:
    forge(
        workshop,
        "DELETE FROM sign_off",
        "DELETE FROM workshop_session",
        drop=("sign_off_delete", "workshop_session_signed_delete"),
    )
    with Workshop.open(workshop.workspace) as reopened:
        assert reopened.list_sessions() == []
        assert reopened.vanished_signed_sessions() == [signed]


def test_an_imported_sign_off_is_logged_too(
    workshop: Workshop, signed: str, tmp_path: Path
) -> None:
    exported = export_document(workshop.snapshot(signed))
    session_id = import_file(workshop, write(tmp_path, exported))
    forge(
        workshop,
        f"DELETE FROM sign_off WHERE session_id = '{session_id}'",
        drop=("sign_off_delete",),
    )
    statuses = {summary.id: summary.status for summary in workshop.list_sessions()}
    assert statuses == {signed: "signed-off", session_id: "tampered"}


def test_the_sessions_command_flags_the_session(workshop: Workshop, signed: str) -> None:
    forge(workshop, "UPDATE rating SET note = 'forged'", drop=("rating_signed_update",))
    workshop.close()
    ws = str(workshop.workspace.root)
    listed = subprocess.run(
        [sys.executable, "-m", "npsworkshop", "--workspace", ws, "sessions"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.returncode == 0
    assert "tampered" in listed.stdout.splitlines()[1]
    assert f"session {signed} (Baseline): the record no longer matches" in listed.stderr
    exported = subprocess.run(
        [
            sys.executable,
            "-m",
            "npsworkshop",
            "--workspace",
            ws,
            "export",
            signed,
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 1 and "Nothing was exported" in exported.stderr
    assert not workshop.workspace.exports_dir.exists() or not any(
        workshop.workspace.exports_dir.iterdir()
    )


# The stored copy of the pack and the fields an output prints besides the facts (issue 10,
# blocker 2): the PDF prints level titles and descriptors from the stored pack, and every output
# prints the session id and the pack's title.
PACK_FORGERIES = [
    (
        "level title in the stored pack",
        [
            "UPDATE pack_copy SET content = "
            'replace(content, \'"title":"Minimum"\', \'"title":"Innovator"\')'
        ],
        ("pack_copy_signed_update",),
        "stored copy of",
    ),
    (
        "stored pack copy deleted",
        ["DELETE FROM pack_copy"],
        ("pack_copy_in_use_delete",),
        "stored copy of",
    ),
    (
        "stored pack title",
        ["UPDATE workshop_session SET pack_title = 'A forged pack'"],
        ("workshop_session_signed_update",),
        "pack title",
    ),
    (
        "session id",
        [
            "PRAGMA foreign_keys = OFF",
            *(
                f"UPDATE {table} SET {column} = 'f0f0f0f0f0f0'"
                for table, column in (
                    ("workshop_session", "id"),
                    ("participant", "session_id"),
                    ("rating", "session_id"),
                    ("area_outcome", "session_id"),
                    ("action", "session_id"),
                    ("sign_off", "session_id"),
                )
            ),
        ],
        (
            "workshop_session_signed_update",
            "participant_signed_update",
            "rating_signed_update",
            "area_outcome_signed_update",
            "action_signed_update",
            "sign_off_update",
        ),
        "not in the event log",
    ),
]


@pytest.mark.parametrize(
    ("what", "statements", "drop", "reason"), PACK_FORGERIES, ids=[f[0] for f in PACK_FORGERIES]
)
def test_a_forged_pack_copy_or_printed_field_is_flagged_and_refused(
    workshop: Workshop,
    signed: str,
    what: str,
    statements: list[str],
    drop: tuple[str, ...],
    reason: str,
) -> None:
    forge(workshop, *statements, drop=drop)
    with Workshop.open(workshop.workspace) as reopened:
        [summary] = reopened.list_sessions()
        assert summary.status == "tampered", what
        assert summary.tampered is not None and reason in summary.tampered
        with pytest.raises(Tampered, match=f"session {summary.id} .*{reason}"):
            reopened.verified_snapshot(summary.id)


def test_a_draft_with_a_forged_pack_copy_is_not_used(workshop: Workshop, mini_session: str) -> None:
    """A draft's pack copy is checked against its sha256 before it is parsed and used."""
    forge(workshop, *PACK_FORGERIES[0][1], drop=())
    with (
        Workshop.open(workshop.workspace) as reopened,
        pytest.raises(Tampered, match="stored copy of the pack"),
    ):
        reopened.snapshot(mini_session)


def test_a_forged_pack_copy_is_refused_by_the_export_command(
    workshop: Workshop, signed: str
) -> None:
    forge(workshop, *PACK_FORGERIES[0][1], drop=PACK_FORGERIES[0][2])
    workshop.close()
    exported = subprocess.run(
        [
            sys.executable,
            "-m",
            "npsworkshop",
            "--workspace",
            str(workshop.workspace.root),
            "export",
            signed,
            "--format",
            "pdf",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 1, exported.stderr
    assert "stored copy of" in exported.stderr
    assert "Nothing was exported" in exported.stderr


def test_a_changed_pack_copy_is_reported_for_every_session_that_uses_it(
    workshop: Workshop, signed: str, tmp_path: Path
) -> None:
    """Sessions on one pack share one stored copy (0006): a change to it shows on each."""
    exported = export_document(workshop.snapshot(signed))
    again = import_file(workshop, write(tmp_path, exported))
    exported.pop("sign_off"), exported.pop("fingerprint")
    draft = import_file(workshop, write(tmp_path, exported, "draft.json"))
    assert raw(workshop.workspace).execute("SELECT count(*) FROM pack_copy").fetchone() == (1,)
    forge(workshop, *PACK_FORGERIES[0][1], drop=PACK_FORGERIES[0][2])
    with Workshop.open(workshop.workspace) as reopened:
        summaries = {s.id: s for s in reopened.list_sessions()}
        for session_id in (signed, again):
            assert summaries[session_id].status == "tampered"
            assert "stored copy of pack mini" in (summaries[session_id].tampered or "")
            with pytest.raises(Tampered, match=f"session {session_id} "):
                reopened.verified_snapshot(session_id)
        with pytest.raises(Tampered, match="stored copy of the pack"):
            reopened.snapshot(draft)


def test_a_session_cannot_name_a_pack_copy_that_is_not_stored(
    workshop: Workshop, mini_session: str
) -> None:
    connection = raw(workshop.workspace)
    with pytest.raises(sqlite3.DatabaseError, match="pack copy is not stored"):
        connection.execute("UPDATE workshop_session SET pack_sha256 = printf('%064d', 0)")
    with pytest.raises(sqlite3.DatabaseError, match="a session uses this pack copy"):
        connection.execute("DELETE FROM pack_copy")
    connection.close()
    assert workshop.snapshot(mini_session).record.framework.id == "mini"
