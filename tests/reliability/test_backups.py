"""Backups and damage: verified rolling backups; a damaged database is set aside, never
overwritten, with the newest good backup named; `npsworkshop backups` lists and restores."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import complete
from npsworkshop.errors import NotFound, UserError
from npsworkshop.store import backups, lock, recovery
from npsworkshop.store.backups import Backup, list_backups, to_thin
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession
from npsworkshop.workspace import Workspace
from reliability.helpers import damage


def cli(workspace: Workspace, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "npsworkshop", "--workspace", str(workspace.root), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def sessions_in(path: Path) -> int:
    counts = backups.session_counts(path)
    assert counts is not None
    return counts[0]


# Making backups ---------------------------------------------------------------------------------


def test_opening_backs_up_at_most_hourly_and_only_after_a_change(
    workshop: Workshop, mini_session: str
) -> None:
    database = workshop.workspace.database
    assert list_backups(database) == []  # a database made just now has nothing to keep
    workshop.close()
    Workshop.open(workshop.workspace).close()
    [first] = list_backups(database)
    assert first.reason == "open" and sessions_in(first.path) == 1
    Workshop.open(workshop.workspace).close()
    assert len(list_backups(database)) == 1  # not again within the hour

    later = datetime.now(UTC) + timedelta(hours=2)
    time.sleep(0.05)  # opening makes an empty WAL, later than the backup: not a change
    with Workshop.open(workshop.workspace, backup=False) as again:
        assert again.workspace.database.with_name("npsworkshop.db-wal").exists()
        assert backups.backup_if_due(database, now=later) is None  # nothing changed since
        again.rate(mini_session, "plain", "p1", "mature")
        made = backups.backup_if_due(database, now=later)
    assert made is not None and recovery.inspect(made.path, quick=False).state == "ok"


def test_every_sign_off_is_backed_up(workshop: Workshop, mini_session: str) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    [made] = list_backups(workshop.workspace.database)
    assert made.reason == "sign-off"
    connection = backups.connect_read_only(made.path)
    signed = connection.execute("SELECT session_id FROM sign_off").fetchall()
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    connection.close()
    assert signed == [(mini_session,)]
    assert mode == "delete"  # a self-contained file: no -wal needed beside it
    assert not made.path.with_name(made.name + "-wal").exists()


def test_a_backup_that_does_not_verify_is_not_kept(
    workshop: Workshop, mini_session: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = sqlite3.connect

    class BadCopy(sqlite3.Connection):
        """The copy's integrity check fails, as it would on a bad disk under the backups."""

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if "integrity_check" in sql:
                return real_connect(":memory:").execute("SELECT 'page 3: btree damaged'")
            return super().execute(sql, *args)

    def connect(target: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if not kwargs.get("uri"):  # the backup's target, not the read-only source
            kwargs["factory"] = BadCopy
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(backups.sqlite3, "connect", connect)
    with pytest.raises(backups.BackupFailed, match="did not verify"):
        backups.make_backup(workshop.workspace.database, "open")
    folder = backups.backups_dir(workshop.workspace.database)
    assert list(folder.iterdir()) == []  # neither a backup nor a temporary file


def test_a_failed_backup_is_a_notice_not_a_lost_sign_off(
    workshop: Workshop, mini_session: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    complete(workshop, mini_session)

    def no_room(*_args: object, **_kwargs: object) -> Backup:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "make_backup", no_room)
    fingerprint = workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    assert workshop.snapshot(mini_session).record.sign_off is not None
    assert len(fingerprint) == 64
    assert workshop.notices == ["backup not made: [Errno 28] No space left on device"]


# Thinning ----------------------------------------------------------------------------------------


def fake_backups(folder: Path, now: datetime, ages_hours: list[float]) -> list[Backup]:
    made = []
    for age in ages_hours:
        at = (now - timedelta(hours=age)).replace(microsecond=0)
        path = folder / f"npsworkshop-{at:%Y%m%dT%H%M%SZ}-open.db"
        made.append(Backup(path=path, made_at=at, reason="open"))
    return made


def test_thinning_keeps_the_last_day_then_daily_then_monthly(tmp_path: Path) -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    hourly_for_a_year = fake_backups(tmp_path, now, [h + 0.5 for h in range(24 * 365)])
    kept = sorted(
        set(hourly_for_a_year) - set(to_thin(hourly_for_a_year, now)), key=lambda b: b.made_at
    )
    last_day = [b for b in kept if now - b.made_at < timedelta(days=1)]
    month = [b for b in kept if timedelta(days=1) <= now - b.made_at < timedelta(days=31)]
    older = [b for b in kept if now - b.made_at >= timedelta(days=31)]
    assert len(last_day) == 24
    assert len({b.made_at.date() for b in month}) == len(month)  # one a day
    assert 29 <= len(month) <= 31
    assert len({(b.made_at.year, b.made_at.month) for b in older}) == len(older)  # one a month
    assert 11 <= len(older) <= 13
    newest_of_each_day = {}
    for b in hourly_for_a_year:
        if timedelta(days=1) <= now - b.made_at < timedelta(days=31):
            day = b.made_at.date()
            newest_of_each_day[day] = max(
                newest_of_each_day.get(day, b), b, key=lambda x: x.made_at
            )
    assert {b.path for b in month} <= {b.path for b in newest_of_each_day.values()}


def test_a_busy_day_keeps_a_bounded_number(tmp_path: Path) -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    every_ten_minutes = fake_backups(tmp_path, now, [m / 6 for m in range(6 * 23)])
    kept = set(every_ten_minutes) - set(to_thin(every_ten_minutes, now))
    assert len(kept) == backups.KEEP_ALL_MAX
    assert max(every_ten_minutes, key=lambda b: b.made_at) in kept


def test_pruning_deletes_only_thinned_backups_and_stale_temporaries(tmp_path: Path) -> None:
    database = tmp_path / "sessions" / "npsworkshop.db"
    folder = backups.backups_dir(database)
    folder.mkdir(parents=True)
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    made = fake_backups(folder, now, [1, 24 * 40, 24 * 40 + 1])
    for backup in made:
        backup.path.write_bytes(b"x")
    stale = folder / ".npsworkshop-1-2.db.tmp"
    stale.write_bytes(b"partial")
    fresh = folder / ".npsworkshop-3-4.db.tmp"
    fresh.write_bytes(b"being written")
    os.utime(stale, (0, 0))
    keep_me = folder / "notes.txt"
    keep_me.write_text("mine")
    removed = backups.prune(database, now=now)
    assert [b.path for b in removed] == [made[2].path]
    assert made[0].path.exists() and made[1].path.exists()
    assert not stale.exists() and fresh.exists() and keep_me.exists()


# Damage ------------------------------------------------------------------------------------------


def damaged_workspace(workshop: Workshop, mini_session: str) -> tuple[Workspace, Backup, bytes]:
    """A workspace with a good backup whose database then goes bad on disk."""
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    [good] = list_backups(workshop.workspace.database)
    workshop.close()
    damage(workshop.workspace.database)
    return workshop.workspace, good, workshop.workspace.database.read_bytes()


def test_a_damaged_database_is_set_aside_and_the_newest_good_backup_named(
    workshop: Workshop, mini_session: str
) -> None:
    workspace, good, damaged_bytes = damaged_workspace(workshop, mini_session)
    with pytest.raises(recovery.Damaged) as caught:
        Workshop.open(workspace)
    message = str(caught.value)
    assert "is damaged" in message and "Nothing was overwritten" in message
    assert f"npsworkshop backups restore {good.name}" in message
    assert "1 session, 1 signed off" in message
    assert caught.value.newest_good == good

    assert not workspace.database.exists()
    [folder] = (workspace.sessions_dir / recovery.SET_ASIDE_DIR).iterdir()
    assert folder.name.endswith("-damaged") and str(folder) in message
    assert (folder / "npsworkshop.db").read_bytes() == damaged_bytes  # never overwritten

    # Opening again does not quietly start an empty database: it says the same.
    with pytest.raises(recovery.Damaged, match=f"backups restore {good.name}"):
        Workshop.open(workspace)
    assert not workspace.database.exists()


def test_the_newest_good_backup_skips_a_damaged_backup(
    workshop: Workshop, mini_session: str
) -> None:
    workspace, good, _ = damaged_workspace(workshop, mini_session)
    newer = backups.backups_dir(workspace.database) / "npsworkshop-29991231T000000Z-open.db"
    newer.write_bytes(good.path.read_bytes())
    damage(newer)
    with pytest.raises(recovery.Damaged) as caught:
        Workshop.open(workspace)
    assert caught.value.newest_good == good


def test_a_file_that_is_not_a_database_is_set_aside(workspace: Workspace) -> None:
    workspace.sessions_dir.mkdir(parents=True)
    workspace.database.write_bytes(b"this is not SQLite at all " * 200)
    with pytest.raises(recovery.Damaged, match="There is no good backup"):
        Workshop.open(workspace)
    assert not workspace.database.exists()


def test_a_damaged_database_in_use_elsewhere_is_not_moved(
    workshop: Workshop, mini_session: str
) -> None:
    workspace, _good, damaged_bytes = damaged_workspace(workshop, mini_session)
    holder = lock.share_database(lock.locks_dir(workspace.database))  # another process's hold
    try:
        with pytest.raises(recovery.Damaged, match="close every npsworkshop window"):
            recovery.check_on_open(workspace.database)
        assert workspace.database.read_bytes() == damaged_bytes
    finally:
        holder.release()


# Restoring ---------------------------------------------------------------------------------------


def test_backups_command_lists_and_restores(workshop: Workshop, mini_session: str) -> None:
    workspace, good, damaged_bytes = damaged_workspace(workshop, mini_session)
    listed = cli(workspace, "backups")
    assert listed.returncode == 0, listed.stderr
    assert good.name in listed.stdout and "sign-off" in listed.stdout

    refused = cli(workspace, "sessions")
    assert refused.returncode == 1 and good.name in refused.stderr
    assert "Traceback" not in refused.stderr

    restored = cli(workspace, "backups", "restore", good.name)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.strip().splitlines()[-1] == str(workspace.database)
    assert not (workspace.sessions_dir / recovery.MARKER).exists()

    sessions = cli(workspace, "sessions")
    assert sessions.returncode == 0 and mini_session in sessions.stdout
    assert "signed-off" in sessions.stdout
    [folder] = (workspace.sessions_dir / recovery.SET_ASIDE_DIR).iterdir()
    assert (folder / "npsworkshop.db").read_bytes() == damaged_bytes


def test_restore_sets_the_current_database_aside_first(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    [good] = list_backups(workshop.workspace.database)
    later = workshop.create_session(
        NewSession(
            organisation_name="Later Council",
            title="Made after the backup",
            held_on=date(2026, 12, 1),
            pack_id="mini",
        )
    )
    workshop.close()
    current = workshop.workspace.database.read_bytes()
    done = recovery.restore(workshop.workspace.database, good.name)
    assert done.set_aside is not None
    assert (done.set_aside / "npsworkshop.db").read_bytes() == current
    with Workshop.open(workshop.workspace) as again:
        ids = [s.id for s in again.list_sessions()]
    assert ids == [mini_session] and later not in ids


def test_restore_is_refused_while_the_database_is_open(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    [good] = list_backups(workshop.workspace.database)
    before = workshop.workspace.database.read_bytes()
    with pytest.raises(UserError, match="close it there first"):
        recovery.restore(workshop.workspace.database, good.name)
    assert workshop.workspace.database.read_bytes() == before


def test_restore_refuses_a_bad_backup_and_a_hostile_name(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    [good] = list_backups(workshop.workspace.database)
    workshop.close()
    damage(good.path)
    with pytest.raises(UserError, match="does not verify"):
        recovery.restore(workshop.workspace.database, good.name)
    for name in ("../npsworkshop.db", "/etc/passwd", ""):
        with pytest.raises(NotFound):
            recovery.restore(workshop.workspace.database, name + "x")
    assert workshop.workspace.database.exists()


def test_an_interrupted_restore_is_named_on_the_next_open(
    workshop: Workshop, mini_session: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    [good] = list_backups(workshop.workspace.database)
    workshop.close()
    real_replace = recovery.os.replace

    def crash_on_the_last_step(source: object, target: object) -> None:
        if str(target) == str(workshop.workspace.database):
            raise KeyboardInterrupt  # the process stops between setting aside and renaming
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(recovery.os, "replace", crash_on_the_last_step)
    with pytest.raises(KeyboardInterrupt):
        recovery.restore(workshop.workspace.database, good.name)
    monkeypatch.undo()
    with pytest.raises(recovery.Damaged, match=f"restore of backup {good.name} was interrupted"):
        Workshop.open(workshop.workspace)
    assert recovery.restore(workshop.workspace.database, good.name).set_aside is None
    with Workshop.open(workshop.workspace) as again:
        assert [s.id for s in again.list_sessions()] == [mini_session]
