"""Schema versions: migrations from the first version, and a newer database refused untouched."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import npsworkshop.store.tables  # registers the tables on SQLModel.metadata
from npsworkshop.store.database import HEAD, KNOWN_REVISIONS, NewerDatabase, open_database
from schema_steps import upgrade_to


def scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option(
        "script_location", str(Path(npsworkshop.store.tables.__file__).parent / "migrations")
    )
    return ScriptDirectory.from_config(config)


def test_known_revisions_match_the_alembic_scripts() -> None:
    history = [s.revision for s in reversed(list(scripts().walk_revisions()))]
    assert tuple(history) == KNOWN_REVISIONS
    assert scripts().get_current_head() == HEAD


def test_a_new_database_is_migrated_to_head_with_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "sessions" / "npsworkshop.db"
    engine = open_database(path)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    engine.dispose()
    assert version == HEAD


def test_the_tables_match_the_migrated_schema(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "db.sqlite")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    # Only differences that SQLite cannot express in reflection are allowed (none expected).
    # The phone ballot tables are plain SQL of the room (room/ballot_sql.py), not ORM tables.
    assert [
        d
        for d in differences
        if d[0] in ("add_table", "remove_table", "add_column", "remove_column")
        and not (d[0] == "remove_table" and d[1].name.startswith("ballot_"))
    ] == []


def test_opening_twice_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    open_database(path).dispose()
    before = path.stat().st_mtime_ns
    open_database(path).dispose()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    assert path.stat().st_mtime_ns >= before


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    open_database(path).dispose()
    db = sqlite3.connect(path)
    db.execute("UPDATE alembic_version SET version_num = '0099'")
    db.commit()
    db.close()
    content = path.read_bytes()
    with pytest.raises(NewerDatabase, match="written by a newer npsworkshop"):
        open_database(path)
    assert path.read_bytes() == content


def test_0002_adds_only_its_columns_and_keeps_the_sign_off_triggers(tmp_path: Path) -> None:
    """A database at 0001 (as the previous release made it) gains three nullable columns; its
    tables are not rebuilt, so every trigger that freezes a signed session is still there."""
    path = tmp_path / "db.sqlite"
    upgrade_to(path, "0001")

    def columns(db: sqlite3.Connection, table: str) -> list[str]:
        return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]

    def triggers(db: sqlite3.Connection) -> list[tuple[str, str]]:
        found = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        return sorted(found.fetchall())

    with closing(sqlite3.connect(path)) as db:
        outcome, sign_off, before = (
            columns(db, "area_outcome"),
            columns(db, "sign_off"),
            triggers(db),
        )
    upgrade_to(path, "0002")  # to 0002 itself: later revisions add their own
    with closing(sqlite3.connect(path)) as db:
        assert columns(db, "area_outcome") == [*outcome, "justified_for"]
        assert columns(db, "sign_off") == [*sign_off, "imported_file", "imported_on"]
        assert triggers(db) == before and len(before) == 18
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
