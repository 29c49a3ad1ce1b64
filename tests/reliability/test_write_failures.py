"""A write the database cannot make is a typed, retryable failure that names the cause (issue 10
M4 and M5, service side); a checkpoint that fails after a committed change is a notice."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from npsworkshop.cli import main
from npsworkshop.errors import NotSaved
from npsworkshop.store import database
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace
from reliability.helpers import raw
from test_interchange import GOOD, write


@pytest.fixture
def mini_session_ws(workshop: Workshop, mini_session: str) -> str:
    """conftest's session, with the fixture's service closed (each test opens its own)."""
    workshop.close()
    return mini_session


def test_a_write_lock_held_elsewhere_is_not_saved_and_can_be_retried(
    workspace: Workspace, mini_session_ws: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    with Workshop.open(workspace) as workshop:
        other = raw(workspace)
        other.execute("BEGIN IMMEDIATE")  # another program is writing
        with pytest.raises(NotSaved, match=r"^Not saved: another program is writing"):
            workshop.justify(mini_session_ws, "plain", "Evidence.")
        with pytest.raises(NotSaved, match="another program is writing"):
            workshop.rate(mini_session_ws, "plain", "p1", "mature")  # the hot path too
        other.execute("ROLLBACK")
        other.close()
        workshop.justify(mini_session_ws, "plain", "Evidence.")  # the same call, retried
        workshop.rate(mini_session_ws, "plain", "p1", "mature")
        area = workshop.snapshot(mini_session_ws).area("plain")
        assert area.justification == "Evidence." and area.result is not None


def _limit_growth(workshop: Workshop, statement: str) -> None:
    """Every new connection of the service runs `statement` (a full disk, a read-only file)."""
    engine = workshop._db.engine
    event.listen(engine, "connect", lambda connection, _record: connection.execute(statement))
    workshop._db.close()
    engine.dispose()


@pytest.mark.parametrize(
    ("statement", "cause"),
    [
        ("PRAGMA max_page_count = 1", "the disk is full"),  # never below the current size
        ("PRAGMA query_only = ON", "the database is read-only"),
    ],
)
def test_a_full_disk_or_read_only_database_is_named_and_reads_still_work(
    workspace: Workspace, mini_session_ws: str, tmp_path: Path, statement: str, cause: str
) -> None:
    with Workshop.open(workspace) as workshop:
        _limit_growth(workshop, statement)
        big = copy.deepcopy(GOOD)  # more than the pages the database has free
        for area in big["areas"].values():
            area["justification"] = "Evidence. " * 1900
        source = write(tmp_path, big)
        from npsworkshop.interchange.json_format import import_file

        with pytest.raises(NotSaved, match=f"^Not saved: {cause}"):
            import_file(workshop, source)
        if "read-only" in cause:  # a full disk may still take a change that fits a free page
            with pytest.raises(NotSaved, match=cause):
                workshop.rate(mini_session_ws, "plain", "p1", "mature")
        [summary] = workshop.list_sessions()  # reads still work, and nothing was imported
        assert summary.id == mini_session_ws
        assert workshop.snapshot(mini_session_ws).area("plain").result is None


def test_a_failed_checkpoint_after_an_import_is_a_notice(
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from npsworkshop.workshop import service

    def full(_engine: object) -> None:
        raise OperationalError(
            "PRAGMA wal_checkpoint", {}, sqlite3.OperationalError("database or disk is full")
        )

    monkeypatch.setattr(service, "checkpoint", full)
    status = main(["--workspace", str(workspace.root), "import", str(write(tmp_path, GOOD))])
    captured = capsys.readouterr()
    assert status == 0, captured.err  # the import committed: a retry must not duplicate it
    assert "every change is saved" in captured.err and "the disk is full" in captured.err
    monkeypatch.undo()
    with Workshop.open(workspace) as workshop:
        assert len(workshop.list_sessions()) == 1


def test_a_database_that_cannot_be_read_on_a_full_disk_says_the_disk_is_full(
    workspace: Workspace,
    mini_session_ws: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Red team R8: with no space at all SQLite cannot make the index it reads through, and
    `sessions` said only "disk I/O error". (The failure is simulated: a real full disk needs a
    mount.)"""
    import shutil

    from npsworkshop.store import recovery

    monkeypatch.setattr(
        recovery, "inspect", lambda *_a, **_k: recovery.Health("unreadable", "disk I/O error")
    )
    total = shutil.disk_usage(workspace.root).total
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(total, total, 0))  # type: ignore[attr-defined]
    assert main(["--workspace", str(workspace.root), "sessions"]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and "Nothing was changed" in err


def test_on_a_full_disk_a_database_sqlite_cannot_index_is_still_read(
    workspace: Workspace,
    mini_session_ws: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Red team R8, the fallback: read as immutable (its WAL empty), every read works and a
    change is refused with nothing written."""
    from npsworkshop.store import backups

    assert not backups.unreadable_for_want_of_space(workspace.database)  # space to read it
    for module in (backups, database):
        monkeypatch.setattr(module, "unreadable_for_want_of_space", lambda _p: True)
    root = str(workspace.root)
    assert main(["--workspace", root, "sessions"]) == 0
    assert mini_session_ws in capsys.readouterr().out
    assert main(["--workspace", root, "export", mini_session_ws, "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["--workspace", root, "import", str(write(workspace.root, GOOD))]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    monkeypatch.undo()
    assert main(["--workspace", root, "sessions"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2  # the heading and the one session
