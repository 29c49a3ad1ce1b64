"""The ballot tables (their own, beside the session's) and the transactions they are written in.

`SCHEMA` is what the lead's workspace migration creates (docs/phones.md, "Wiring"). Until then
`file_transaction` keeps ballots in a database file of their own (never the workspace database:
that would be a second writer), `file_reader` reads it without waiting for commits, and
`memory_transaction` serves tests.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from npsworkshop.framework.levels import LEVELS

# BEGIN IMMEDIATE ... COMMIT around the block, yielding the connection; rolled back on error.
Transaction = Callable[[], AbstractContextManager[sqlite3.Connection]]

_LEVEL_CHECK = "level IS NULL OR level IN (" + ", ".join(f"'{level}'" for level in LEVELS) + ")"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS ballot_room (
    session_id TEXT PRIMARY KEY,
    area_id TEXT,
    signed_off INTEGER NOT NULL DEFAULT 0 CHECK (signed_off IN (0, 1))
);
CREATE TABLE IF NOT EXISTS ballot_round (
    session_id TEXT NOT NULL,
    area_id TEXT NOT NULL,
    round INTEGER NOT NULL CHECK (round >= 1),
    dimensions TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    revealed_at TEXT,
    PRIMARY KEY (session_id, area_id, round)
);
CREATE TABLE IF NOT EXISTS ballot_binding (
    session_id TEXT NOT NULL,
    participant TEXT NOT NULL,
    device_sha256 TEXT NOT NULL CHECK (length(device_sha256) = 64),
    bound_at TEXT NOT NULL,
    PRIMARY KEY (session_id, participant),
    UNIQUE (session_id, device_sha256)
);
CREATE TABLE IF NOT EXISTS ballot_released (
    session_id TEXT NOT NULL,
    participant TEXT NOT NULL,
    device_sha256 TEXT NOT NULL,
    released_at TEXT NOT NULL,
    PRIMARY KEY (session_id, participant, device_sha256)
);
CREATE TABLE IF NOT EXISTS ballot_vote (
    session_id TEXT NOT NULL,
    area_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    participant TEXT NOT NULL,
    dimension_id TEXT NOT NULL DEFAULT '',
    level TEXT CHECK ({_LEVEL_CHECK}),
    voted_at TEXT NOT NULL,
    PRIMARY KEY (session_id, area_id, round, participant, dimension_id)
);
CREATE TABLE IF NOT EXISTS ballot_closed (
    session_id TEXT NOT NULL,
    area_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    participant TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    PRIMARY KEY (session_id, area_id, round, participant)
);
CREATE TABLE IF NOT EXISTS ballot_refusal (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    at TEXT NOT NULL,
    participant TEXT,
    reason TEXT NOT NULL
);
"""


def _connect(target: str) -> sqlite3.Connection:
    db = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(SCHEMA)
    return db


def _transaction(db: sqlite3.Connection) -> Transaction:
    lock = threading.Lock()

    @contextmanager
    def transaction() -> Iterator[sqlite3.Connection]:
        with lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    return transaction


def file_transaction(path: Path) -> tuple[Transaction, Callable[[], None]]:
    """Ballots in their own SQLite file (WAL, synchronous=FULL: committed is on disk); returns
    the transaction and the function that closes the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = _connect(str(path))
    return _transaction(db), db.close


def file_reader(path: Path) -> tuple[Transaction, Callable[[], None]]:
    """Read transactions on the ballot file (one read-only connection per thread): in WAL mode
    they see the last commit and never wait for a commit's fsync. Returns the read transaction
    and the function that closes its connections."""
    local = threading.local()
    opened: list[sqlite3.Connection] = []
    guard = threading.Lock()

    @contextmanager
    def read() -> Iterator[sqlite3.Connection]:
        db: sqlite3.Connection | None = getattr(local, "db", None)
        if db is None:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            local.db = db
            with guard:
                opened.append(db)
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.execute("ROLLBACK")

    def close() -> None:
        with guard:
            for db in opened:
                db.close()
            opened.clear()

    return read, close


def memory_transaction() -> Transaction:
    """Ballots in memory, for tests of the web app: the same SQL, nothing on disk."""
    return _transaction(_connect(":memory:"))
