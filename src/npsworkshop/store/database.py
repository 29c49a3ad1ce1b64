"""Opening a workspace database: pragmas on every connection, migrations, one writer.

Durability: WAL with `synchronous=FULL` (a commit is on disk when it returns), foreign keys on,
a busy timeout, `BEGIN IMMEDIATE` for writes so a writer never fails half way on a lock upgrade.
On macOS `fullfsync` makes those syncs reach the disk itself, not only its cache. Opening runs
`PRAGMA quick_check` first (see recovery.py) and backs the database up before a schema upgrade.
"""

from __future__ import annotations

import sqlite3
import sys
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from npsworkshop.errors import Failure, UserError
from npsworkshop.store.backups import make_backup, read_only_uri, unreadable_for_want_of_space
from npsworkshop.store.recovery import check_on_open

# Every schema revision this version of npsworkshop knows, oldest first (a test keeps it in step
# with the Alembic scripts). A database at any other revision was made by a newer npsworkshop.
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
)
# 0006 moved every session's pack copy into one table: the space they held is given back.
RECLAIMED_AT = "0006"
HEAD = KNOWN_REVISIONS[-1]
BUSY_TIMEOUT_MS = 10_000
WRITE = "npsworkshop_write"


class NewerDatabase(UserError):
    """The database was written by a newer npsworkshop than this one."""


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    if sys.platform == "darwin":
        cursor.execute("PRAGMA fullfsync = ON")
        cursor.execute("PRAGMA checkpoint_fullfsync = ON")
    cursor.close()


def _on_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def schema_revision(path: Path) -> str | None:
    """The Alembic revision stamped in the database, or None for a new or empty one."""
    if not path.exists():
        return None
    connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        row = connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if row is None:
            return None
        found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(found[0]) if found else None
    except sqlite3.DatabaseError as exc:
        raise Failure(f"{path}: cannot be read as an npsworkshop database ({exc})") from None
    finally:
        connection.close()


def migrate(engine: Engine, path: Path) -> None:
    """Bring the database to HEAD; refuse one from a newer version, untouched."""
    if schema_revision(path) == HEAD:  # the fast path: no lock, no Alembic
        return
    from npsworkshop.store.lock import locks_dir, migrating

    with migrating(locks_dir(path)):
        _migrate(engine, path)


def _foreign_tables(path: Path) -> list[str]:
    """Tables of a database npsworkshop did not make (an SQLite file someone pointed it at)."""
    connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise Failure(f"{path}: cannot be read as an npsworkshop database ({exc})") from None
    finally:
        connection.close()
    return sorted(str(name) for (name,) in rows)


def _migrate(engine: Engine, path: Path) -> None:
    revision = schema_revision(path)  # again, under the lock: another process may have done it
    if revision == HEAD:
        return
    if revision is None and path.exists() and (foreign := _foreign_tables(path)):
        raise UserError(
            f"{path} is an SQLite database npsworkshop did not make (it has the tables "
            f"{', '.join(foreign[:5])}); nothing was changed. Choose another --workspace."
        )
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabase(
            f"{path}: this database was written by a newer npsworkshop (schema {revision}); "
            f"this version understands schema {HEAD} and older. Install the newer npsworkshop "
            "to open it; nothing was changed."
        )
    if revision is not None:
        make_backup(path, "before-upgrade")
    from alembic import command  # imported only when there is something to migrate
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    if revision is not None and revision < RECLAIMED_AT:
        _reclaim(engine)


def _reclaim(engine: Engine) -> None:
    """VACUUM (outside any transaction), so the file and its backups shrink after an upgrade
    that freed most of it; a failure (a full disk) leaves a larger file, never a lost change."""
    connection = engine.raw_connection()
    try:
        connection.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
    except sqlite3.Error:
        pass
    finally:
        connection.close()


# Engines opened read-only (immutable) because the disk was full at open: they stay so for
# their life, so a refused write there says to reopen the workspace (verify V3).
_OPENED_ON_FULL_DISK: weakref.WeakSet[Engine] = weakref.WeakSet()


def opened_on_full_disk(engine: Engine) -> bool:
    """Whether `engine` was opened read-only because the disk was full at the time."""
    return engine in _OPENED_ON_FULL_DISK


def create_database_engine(path: Path) -> Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"pool_size": 2, "max_overflow": 2}
    if unreadable_for_want_of_space(path):
        # On a full disk a database SQLite cannot make its index for is read as immutable
        # (backups.unreadable_for_want_of_space): reads work, writes are refused.
        uri = read_only_uri(path)
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(
                uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            ),
            poolclass=QueuePool,
            **options,
        )
        _OPENED_ON_FULL_DISK.add(engine)
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            **options,
        )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def open_database(path: Path, *, check: bool = True) -> Engine:
    """An engine on the workspace database, checked and migrated to the current schema.

    A damaged database is set aside and refused (recovery.Damaged), never written to.
    """
    if check:
        check_on_open(path)
    engine = create_database_engine(path)
    try:
        migrate(engine, path)
    except BaseException:
        engine.dispose()
        raise
    return engine


def checkpoint(engine: Engine) -> None:
    """Fold the WAL back into the database file (on a clean exit)."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
