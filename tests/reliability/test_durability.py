"""The settings that make a returned change a change on disk: WAL with synchronous=FULL on every
connection, and on macOS F_FULLFSYNC (fsync there stops at the drive's cache)."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from npsworkshop import files
from npsworkshop.store import database
from npsworkshop.workshop import Workshop


def pragmas(path: Path) -> dict[str, object]:
    engine = database.open_database(path)
    try:
        with engine.connect() as connection:
            return {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in (
                    "journal_mode",
                    "synchronous",
                    "foreign_keys",
                    "fullfsync",
                    "checkpoint_fullfsync",
                )
            }
    finally:
        engine.dispose()


def test_every_connection_is_wal_with_full_sync(tmp_path: Path) -> None:
    found = pragmas(tmp_path / "db.sqlite")
    assert found["journal_mode"] == "wal" and found["synchronous"] == 2
    assert found["foreign_keys"] == 1


def test_on_macos_syncs_reach_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database.sys, "platform", "darwin")
    found = pragmas(tmp_path / "db.sqlite")
    assert found["fullfsync"] == 1 and found["checkpoint_fullfsync"] == 1


def test_elsewhere_fullfsync_is_not_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database.sys, "platform", "linux")
    assert pragmas(tmp_path / "db.sqlite")["fullfsync"] == 0


def test_on_macos_files_are_flushed_with_f_fullfsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int]] = []
    fake_fcntl = types.SimpleNamespace(
        F_FULLFSYNC=51, fcntl=lambda fd, op: calls.append((fd, op)) or 0
    )
    monkeypatch.setattr(files.sys, "platform", "darwin")
    monkeypatch.setitem(sys.modules, "fcntl", fake_fcntl)
    plain_fsyncs: list[int] = []
    monkeypatch.setattr(files.os, "fsync", plain_fsyncs.append)
    files.write_atomic(tmp_path / "export.json", b"{}")
    assert calls and all(op == 51 for _fd, op in calls)
    assert plain_fsyncs == []


def test_a_returned_change_is_visible_to_a_new_process(
    workshop: Workshop, mini_session: str
) -> None:
    workshop.rate(mini_session, "plain", "p1", "leader")
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        'print(c.execute("SELECT level FROM rating").fetchone()[0])'
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(workshop.workspace.database)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "leader"
