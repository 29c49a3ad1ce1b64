"""Backup thinning never deletes the newest backup holding a sign-off or progress entry the
database lacks (issue 10 M6, CONTRACT §9), whatever the count/age rule says; each backup is read
read-only, in its own schema version."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from conftest import FIXTURES, complete
from npsworkshop.store import backups, holdings
from npsworkshop.store.backups import Backup
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.progress_log import Update
from npsworkshop.workspace import Workspace

DAY = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # the day the records were made
NOW = DAY + timedelta(days=3)  # thinning runs three days later: one backup a day is kept


def replace_database(database: Path, backup: Backup) -> None:
    """The live database becomes an older copy (a file swapped, a careless restore)."""
    for path in database.parent.glob(database.name + "*"):
        path.unlink()
    shutil.copyfile(backup.path, database)


def drop_backups_except(database: Path, keep: Backup) -> None:
    for backup in backups.list_backups(database):
        if backup.name != keep.name:
            backup.path.unlink()


def names(database: Path) -> set[str]:
    return {b.name for b in backups.list_backups(database)}


def test_the_backup_holding_a_lost_signed_session_is_kept(
    workshop: Workshop, mini_session: str
) -> None:
    database = workshop.workspace.database
    before = backups.make_backup(database, "open", now=DAY)  # the draft, unsigned
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service", date(2026, 11, 27))
    workshop.close()
    drop_backups_except(database, before)  # the sign-off's own, made now, would hold it too
    signed = backups.make_backup(database, "sign-off", now=DAY + timedelta(hours=1))
    replace_database(database, before)  # the signed session is lost from the database
    later = backups.make_backup(database, "open", now=DAY + timedelta(hours=2))

    assert backups.to_thin(backups.list_backups(database), NOW)  # the rule alone would thin
    removed = backups.prune(database, now=NOW)

    kept = names(database)
    assert signed.name in kept and later.name in kept  # the holder, and the newest of its day
    assert before.name not in kept and before.name in {b.name for b in removed}
    held = holdings.read(signed.path)
    assert any(sid == mini_session for sid, _fingerprint in held.signed)


def test_the_backup_holding_a_cut_progress_log_is_kept(
    workshop: Workshop, mini_session: str
) -> None:
    database = workshop.workspace.database
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service", date(2026, 11, 27))
    workshop.cycle.record_progress(
        mini_session, Update("A1", "in-progress", None, date(2026, 11, 27), "Jo"), DAY.date()
    )
    for backup in backups.list_backups(database):
        backup.path.unlink()  # the sign-off's own backup: this test is about the log
    short = backups.make_backup(database, "open", now=DAY + timedelta(hours=1))
    for day, status in ((28, "done"), (29, "dropped")):
        workshop.cycle.record_progress(
            mini_session, Update("A2", status, None, date(2026, 11, day), "Sam"), NOW.date()
        )
    workshop.close()
    full = backups.make_backup(database, "open", now=DAY + timedelta(hours=2))
    replace_database(database, short)  # the log loses its last two entries
    newest = backups.make_backup(database, "open", now=DAY + timedelta(hours=3))
    assert holdings.read(full.path) - holdings.read(database)  # two entries only it holds

    backups.prune(database, now=NOW)

    assert names(database) == {full.name, newest.name}  # `short` adds nothing: it goes


def test_a_second_holder_of_the_same_loss_is_not_kept(
    workshop: Workshop, mini_session: str
) -> None:
    database = workshop.workspace.database
    empty = backups.make_backup(database, "open", now=DAY)
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service", date(2026, 11, 27))
    workshop.close()
    drop_backups_except(database, empty)
    older = backups.make_backup(database, "open", now=DAY - timedelta(days=1, hours=1))
    newer = backups.make_backup(database, "open", now=DAY - timedelta(days=1))
    replace_database(database, empty)
    backups.prune(database, now=NOW)
    kept = names(database)
    assert newer.name in kept and older.name not in kept


def test_an_old_schema_backup_is_read_as_it_is(workshop: Workshop, workspace: Workspace) -> None:
    """A schema-0001 backup (no progress log) holding signed sessions the database lacks is
    kept, and read without being migrated or changed."""
    database = workspace.database
    workshop.close()
    day = DAY - timedelta(days=2)
    folder = backups.backups_dir(database)
    folder.mkdir(exist_ok=True)
    old = folder / f"npsworkshop-{day:%Y%m%dT%H%M%SZ}-open.db"
    shutil.copyfile(FIXTURES / "databases" / "schema-0001.db", old)
    twin = folder / f"npsworkshop-{day - timedelta(hours=1):%Y%m%dT%H%M%SZ}-open.db"
    shutil.copyfile(old, twin)
    later = backups.make_backup(database, "open", now=day + timedelta(hours=1))  # holds none
    original = old.read_bytes()
    held = holdings.read(old)
    assert held.signed and not held.entries

    backups.prune(database, now=NOW)

    assert later.path.exists() and old.exists()  # the newest of the day, and the holder
    assert not twin.exists()  # an older copy of the same holdings goes
    assert old.read_bytes() == original


def test_a_database_that_cannot_be_read_thins_no_holder(
    workshop: Workshop, mini_session: str
) -> None:
    """The live database cannot be read: it counts as holding nothing, so more is kept."""
    database = workshop.workspace.database
    unsigned = backups.make_backup(database, "open", now=DAY + timedelta(hours=1))
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service", date(2026, 11, 27))
    workshop.close()
    [signed] = [b for b in backups.list_backups(database) if b.reason == "sign-off"]
    earlier = signed.path.with_name(f"npsworkshop-{DAY:%Y%m%dT%H%M%SZ}-sign-off.db")
    signed.path.rename(earlier)
    database.write_bytes(b"not a database at all")
    backups.prune(database, now=NOW)
    assert earlier.exists() and unsigned.path.exists()


# The size limit ----------------------------------------------------------------------------------


def sized_backups(folder: Path, hours_ago: list[float], size: int) -> list[Backup]:
    """Backup files of `size` bytes (not databases: they hold nothing to protect)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for age in hours_ago:
        at = (NOW - timedelta(hours=age)).replace(microsecond=0)
        path = folder / f"npsworkshop-{at:%Y%m%dT%H%M%SZ}-open.db"
        path.write_bytes(b"x" * size)
        made.append(Backup(path=path, made_at=at, reason="open"))
    return made


def test_a_busy_afternoon_is_brought_under_the_size_limit_keeping_a_spread(
    tmp_path: Path,
) -> None:
    database = tmp_path / "sessions" / "npsworkshop.db"
    folder = backups.backups_dir(database)
    afternoon = [m / 10 for m in range(40)]  # a sign-off every six minutes for four hours
    month = [24 * d + 5 for d in range(1, 31)]  # one a day before that
    made = sized_backups(folder, afternoon + month, 1000)
    assert backups.to_thin(made, NOW) == []  # the count/age rule keeps all 70

    removed = backups.prune(database, now=NOW, limit=12_000)

    kept = backups.list_backups(database)
    assert len(kept) == 12 and len(removed) == 58  # 12 x 1000 bytes fit
    assert kept[0].made_at == max(b.made_at for b in made)  # the newest stays
    ages = [NOW - b.made_at for b in kept]
    # Spread out roughly in proportion to age (0, 6 and 18 minutes, ... 1, 2, 6, 14, 30 days),
    # not the last twelve of the afternoon, nor the oldest first.
    assert sum(age < timedelta(hours=4) for age in ages) <= 7
    assert sum(age > timedelta(days=1) for age in ages) >= 4
    assert any(age > timedelta(days=20) for age in ages)


def test_the_size_limit_never_takes_the_newest_or_a_protected_backup(
    workshop: Workshop, mini_session: str
) -> None:
    database = workshop.workspace.database
    draft = backups.make_backup(database, "open", now=DAY - timedelta(days=1))
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service", date(2026, 11, 27))
    workshop.close()
    [signed] = [b for b in backups.list_backups(database) if b.reason == "sign-off"]
    holder = signed.path.rename(signed.path.with_name(f"npsworkshop-{DAY:%Y%m%dT%H%M%SZ}-open.db"))
    replace_database(database, draft)  # the database lost the signed session
    draft.path.unlink()
    sized_backups(backups.backups_dir(database), [1, 2, 3], 5000)
    newest = backups.list_backups(database)[0]

    backups.prune(database, now=NOW, limit=1)  # nothing fits

    assert {b.path for b in backups.list_backups(database)} == {holder, newest.path}


def test_the_size_limit_default_and_its_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(backups.MAX_TOTAL_ENV, raising=False)
    assert backups.size_limit() == 500 * 1024 * 1024
    monkeypatch.setenv(backups.MAX_TOTAL_ENV, "2000")
    assert backups.size_limit() == 2000 * 1024 * 1024
    for bad in ("0", "-5", "lots", "1.5"):
        monkeypatch.setenv(backups.MAX_TOTAL_ENV, bad)
        assert backups.size_limit() == backups.MAX_TOTAL_MB * 1024 * 1024
