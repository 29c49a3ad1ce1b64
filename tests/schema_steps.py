"""Migrating a test database to one exact schema revision (opening it migrates to the newest,
and a test of one migration must not see the later ones)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

import npsworkshop.store.tables
from npsworkshop.store.database import create_database_engine

MIGRATIONS = Path(npsworkshop.store.tables.__file__).parent / "migrations"


def upgrade_to(path: Path, revision: str) -> None:
    """Bring the database at `path` (made if missing) up to `revision` exactly."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_database_engine(path)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
