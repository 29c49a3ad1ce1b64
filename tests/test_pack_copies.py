"""Each frozen pack stored once by sha256 (migration 0006, issue 10): sessions share a copy, the
upgrade moves and dedupes the copies they held, and a copy changed before the upgrade is still
reported as tampered."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from conftest import complete
from npsworkshop.errors import Tampered
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession
from npsworkshop.workspace import Workspace
from schema_steps import upgrade_to

FIXTURES = Path(__file__).parent / "fixtures" / "databases"
RENAME_LEVEL = 'replace({column}, \'"title":"Minimum"\', \'"title":"Innovator"\')'


def count(workspace: Workspace, sql: str) -> int:
    with closing(sqlite3.connect(workspace.database)) as db:
        return int(db.execute(sql).fetchone()[0])


def test_sessions_on_one_pack_share_one_stored_copy(workshop: Workshop, mini_session: str) -> None:
    for title in ("Second", "Third"):
        workshop.create_session(
            NewSession(
                organisation_name="Other Council",
                title=title,
                held_on=date(2026, 11, 21),
                pack_id="mini",
            )
        )
    workshop.create_session(
        NewSession(organisation_name="X", title="On NPS", held_on=date(2026, 11, 21))
    )
    assert count(workshop.workspace, "SELECT count(*) FROM workshop_session") == 4
    assert count(workshop.workspace, "SELECT count(*) FROM pack_copy") == 2
    assert [area.id for area in workshop.snapshot(mini_session).areas] == [
        "plain",
        "gridded",
        "talent",
    ]


def test_a_followup_reuses_the_baselines_frozen_copy(workshop: Workshop, mini_session: str) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Pat Chief", "Chief Executive", date(2026, 11, 27))
    # The installed pack moves on; the follow-up keeps the baseline's copy, so they compare.
    pack = workshop.workspace.root / "content" / "mini" / "pack.toml"
    pack.write_text(pack.read_text().replace('version = "1"', 'version = "2"'), encoding="utf-8")
    followup = workshop.cycle.start_followup(
        mini_session, held_on=date(2027, 11, 20), title=None, by="A. F.", today=date(2027, 6, 1)
    )
    baseline = workshop.snapshot(mini_session).record.framework
    assert workshop.snapshot(followup).record.framework == baseline
    assert count(workshop.workspace, "SELECT count(*) FROM pack_copy") == 1


def test_a_changed_copy_only_drafts_use_is_replaced_by_the_genuine_one(
    workshop: Workshop, mini_session: str
) -> None:
    with closing(sqlite3.connect(workshop.workspace.database)) as db, db:
        db.execute(f"UPDATE pack_copy SET content = {RENAME_LEVEL.format(column='content')}")
    with Workshop.open(workshop.workspace) as reopened:
        with pytest.raises(Tampered, match="stored copy of the pack"):
            reopened.snapshot(mini_session)
        reopened.create_session(
            NewSession(organisation_name="X", title="T", held_on=date(2026, 12, 1), pack_id="mini")
        )
        assert reopened.snapshot(mini_session).level_title("minimum") == "Minimum"


def test_a_changed_copy_a_signed_session_uses_is_kept_and_refused(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Pat Chief", "Chief Executive")
    with closing(sqlite3.connect(workshop.workspace.database)) as db, db:
        db.execute("DROP TRIGGER pack_copy_signed_update")
        db.execute(f"UPDATE pack_copy SET content = {RENAME_LEVEL.format(column='content')}")
    with Workshop.open(workshop.workspace) as reopened:
        with pytest.raises(Tampered, match="signed-off session uses it"):
            reopened.create_session(
                NewSession(
                    organisation_name="X", title="T", held_on=date(2026, 12, 1), pack_id="mini"
                )
            )
        [summary] = reopened.list_sessions()  # nothing was saved; the evidence stays
        assert summary.status == "tampered"


def upgraded_fixture(tmp_path: Path, *changes: str) -> Workspace:
    """A copy of the 0005 fixture, changed with `changes` (triggers dropped), then opened."""
    workspace = Workspace(tmp_path)
    workspace.sessions_dir.mkdir()
    shutil.copyfile(FIXTURES / "schema-0005.db", workspace.database)
    with closing(sqlite3.connect(workspace.database)) as db, db:
        db.execute("DROP TRIGGER workshop_session_signed_update")
        for change in changes:
            db.execute(change)
    return workspace


def fixture_sessions() -> dict[str, dict[str, object]]:
    expected = json.loads((FIXTURES / "schema-0005.expected.json").read_text(encoding="utf-8"))
    return {
        str(was["facts"]["title"]): {"id": session_id, **was}  # type: ignore[index]
        for session_id, was in expected.items()
    }


def test_the_upgrade_stores_each_copy_once_and_frees_the_space(tmp_path: Path) -> None:
    workspace = upgraded_fixture(tmp_path)
    before = workspace.database.stat().st_size
    with Workshop.open(workspace) as workshop:
        assert {s.status for s in workshop.list_sessions()} == {"draft", "signed-off"}
    assert count(workspace, "SELECT count(*) FROM pack_copy") == 2  # nps-2018, the draft toolkit
    assert count(workspace, "SELECT count(*) FROM event WHERE kind = 'pack-copy-changed'") == 0
    assert workspace.database.stat().st_size < before


def test_a_copy_changed_before_the_upgrade_is_still_reported(tmp_path: Path) -> None:
    """One signed session's copy of nps-2018 was changed in the 0005 database: the other session
    on that pack has the genuine copy, which both use now, and the changed one is still
    reported as tampered (its event says why). The draft's changed copy has no genuine twin, so
    it is kept as it is and still fails its check."""
    sessions = fixture_sessions()
    imported = sessions["Procurement maturity baseline 2026"]["id"]
    other = sessions["Commercial maturity check — spring 2026"]["id"]
    draft = sessions["Engaging councillors & senior managers (draft)"]["id"]
    rename = RENAME_LEVEL.format(column="pack_content")
    workspace = upgraded_fixture(
        tmp_path,
        f"UPDATE workshop_session SET pack_content = {rename} WHERE id = '{imported}'",
        f"UPDATE workshop_session SET pack_content = {rename} WHERE id = '{draft}'",
    )
    with Workshop.open(workspace) as workshop:
        statuses = {s.id: (s.status, s.tampered) for s in workshop.list_sessions()}
        assert statuses[other] == ("signed-off", None)
        status, reason = statuses[imported]
        assert status == "tampered" and reason is not None
        assert "stored copy of pack nps-2018" in reason and "schema 0006" in reason
        with pytest.raises(Tampered):
            workshop.verified_snapshot(str(imported))
        assert workshop.verified_snapshot(str(other)).level_title("minimum") == "Minimum"
        with pytest.raises(Tampered, match="stored copy of the pack"):
            workshop.snapshot(str(draft))
    assert count(workspace, "SELECT count(*) FROM pack_copy") == 2
    events = "SELECT count(*) FROM event WHERE kind = 'pack-copy-changed'"
    assert count(workspace, events) == 2


def test_0006_moves_the_copies_and_keeps_every_trigger(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    upgrade_to(path, "0005")

    def shape() -> tuple[list[str], set[tuple[str, str]]]:
        with closing(sqlite3.connect(path)) as db:
            columns = [row[1] for row in db.execute("PRAGMA table_info(workshop_session)")]
            return columns, set(
                db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            )

    columns, triggers = shape()
    upgrade_to(path, "0006")
    after_columns, after_triggers = shape()
    assert after_columns == [c for c in columns if c != "pack_content"]
    assert triggers <= after_triggers
    assert {name for name, _sql in after_triggers - triggers} == {
        "pack_copy_signed_update",
        "pack_copy_in_use_delete",
        "workshop_session_pack_insert",
        "workshop_session_pack_update",
    }


def test_a_copy_that_is_not_json_does_not_stop_the_migration(tmp_path: Path) -> None:
    """Written round the 0001 CHECK (opening refuses such a database before migrating: its
    backup does not verify; the migration itself still goes on): the session's copy goes
    missing, which is reported like any changed copy."""
    draft = fixture_sessions()["Engaging councillors & senior managers (draft)"]["id"]
    workspace = upgraded_fixture(
        tmp_path,
        "PRAGMA ignore_check_constraints = ON",
        f"UPDATE workshop_session SET pack_content = 'not json' WHERE id = '{draft}'",
    )
    upgrade_to(workspace.database, "0006")
    assert count(workspace, "SELECT count(*) FROM pack_copy") == 1
    with Workshop.open(workspace) as workshop:
        assert len(workshop.list_sessions()) == 3
        with pytest.raises(Tampered, match="stored copy of the pack"):
            workshop.snapshot(str(draft))
