"""Migration 0004: the phone ballot tables in the workspace database, beside the record and not
part of it (no sign-off trigger covers them)."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from npsworkshop.store.database import schema_revision
from schema_steps import upgrade_to

FIXTURE = Path(__file__).parent / "fixtures" / "databases" / "schema-0003.db"
BALLOT_TABLES = {
    "ballot_room",
    "ballot_round",
    "ballot_binding",
    "ballot_released",
    "ballot_vote",
    "ballot_closed",
    "ballot_refusal",
}


def tables(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def triggers(db: sqlite3.Connection) -> list[tuple[str, str]]:
    found = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    return sorted(found.fetchall())


def test_a_0003_database_gains_the_ballot_tables_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "npsworkshop.db"
    shutil.copyfile(FIXTURE, path)
    assert schema_revision(path) == "0003"
    with closing(sqlite3.connect(path)) as db:
        before_tables, before_triggers = tables(db), triggers(db)
        rated = db.execute("SELECT count(*) FROM rating").fetchone()
    upgrade_to(path, "0004")  # to 0004 itself: later revisions add their own
    assert schema_revision(path) == "0004"
    with closing(sqlite3.connect(path)) as db:
        assert tables(db) == before_tables | BALLOT_TABLES
        assert triggers(db) == before_triggers  # votes are no fact: nothing freezes them
        assert not any("ballot" in sql for _name, sql in before_triggers)
        assert db.execute("SELECT count(*) FROM rating").fetchone() == rated
        [session] = db.execute(
            "SELECT s.id FROM workshop_session AS s JOIN sign_off AS o ON o.session_id = s.id "
            "LIMIT 1"
        ).fetchall()
        # A signed-off session's ballot rows may still be written (the room marks it closed).
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("INSERT INTO ballot_room (session_id, signed_off) VALUES (?, 1)", session)
        db.execute(
            "INSERT INTO ballot_round VALUES (?, 'a', 1, '', '2026-11-29T09:00:00', NULL)", session
        )
        db.execute(
            "INSERT INTO ballot_vote VALUES (?, 'a', 1, 'p1', '', 'leader', '2026-11-29')", session
        )
        with pytest.raises(sqlite3.IntegrityError):  # only the five level ids
            db.execute(
                "INSERT INTO ballot_vote VALUES (?, 'a', 1, 'p2', '', 'expert', 'now')", session
            )
        with pytest.raises(sqlite3.IntegrityError):  # only a sha256 binds a device
            db.execute("INSERT INTO ballot_binding VALUES (?, 'p1', 'short', 'now')", session)
        with pytest.raises(sqlite3.IntegrityError):  # only a session of the workspace
            db.execute("INSERT INTO ballot_room (session_id) VALUES ('no-such-session')")
