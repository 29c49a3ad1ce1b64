"""Migration 0003 from a 0002 database: added columns and tables only, every existing trigger
kept (a signed session stays frozen), the log's own refusals in place."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.config import Config

import npsworkshop.store.tables
from npsworkshop.store.database import create_database_engine


def _upgrade(path: Path, revision: str) -> None:
    config = Config()
    folder = Path(npsworkshop.store.tables.__file__).parent / "migrations"
    config.set_main_option("script_location", str(folder))
    engine = create_database_engine(path)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def _triggers(db: sqlite3.Connection) -> set[tuple[str, str]]:
    return set(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))


def test_0003_adds_its_columns_and_tables_and_keeps_every_trigger(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    _upgrade(path, "0002")
    with closing(sqlite3.connect(path)) as db:
        outcome, action, before = (
            _columns(db, "area_outcome"),
            _columns(db, "action"),
            _triggers(db),
        )
    _upgrade(path, "0003")  # to 0003 itself: later revisions add their own
    with closing(sqlite3.connect(path)) as db:
        assert _columns(db, "area_outcome") == [*outcome, "interim_level", "interim_by"]
        assert _columns(db, "action") == [*action, "carried_from"]
        after = _triggers(db)
        assert before <= after
        assert {name for name, _ in after - before} == {
            "progress_entry_unsigned",
            "progress_entry_chain",
            "progress_entry_update",
            "progress_entry_delete",
            "session_baseline_signed_insert",
            "session_baseline_signed_update",
            "session_baseline_signed_delete",
        }
