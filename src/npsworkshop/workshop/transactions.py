"""One transaction per change: `BEGIN IMMEDIATE`, the refusal of a signed-off session, the stamp
and the event-log row, on whichever connection the change runs (the ORM session, or the rating hot
path's pooled connection). So when a call returns its change is on disk (WAL, synchronous=FULL),
and a signed-off session is refused here, and by the database's triggers for anyone who goes
round this module."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.pool import PoolProxiedConnection
from sqlmodel import Session

from npsworkshop.errors import Failure, NotFound, NotSaved, Refused, write_failure_cause
from npsworkshop.store.database import WRITE, create_database_engine, opened_on_full_disk
from npsworkshop.workshop.claims import Claims
from npsworkshop.workshop.packs import Packs
from npsworkshop.workspace import Workspace

_WRITABLE = (
    "SELECT s.scope, s.pack_sha256, o.name, o.signed_on FROM workshop_session AS s "
    "LEFT JOIN sign_off AS o ON o.session_id = s.id WHERE s.id = ?"
)
_SIGNED_EVENT_SINCE = (
    "SELECT 1 FROM event WHERE session_id = ? AND id > ? AND kind = 'signed-off' LIMIT 1"
)
_STAMP = "UPDATE workshop_session SET updated_at = ? WHERE id = ?"
_EVENT = "INSERT INTO event (session_id, at, kind, area_id, detail) VALUES (?, ?, ?, ?, ?)"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class _Cursor(Protocol):
    lastrowid: int | None

    def fetchone(self) -> Any: ...


class _Execute(Protocol):
    def __call__(self, sql: str, parameters: tuple[Any, ...], /) -> Any: ...


@dataclass
class Change:
    """What a change's body gets: the session's scope and pack sha256 (empty for a new session)
    and the event's detail to complete. The transaction stamps the session and logs the event
    last; `log()` does it at once (sign-off must, before its row makes the session read-only)."""

    scope: str
    sha256: str
    detail: dict[str, Any]
    _write_log: Callable[[], int] | None = field(repr=False, default=None)
    event: int = 0

    def log(self) -> None:
        if self._write_log is not None:
            write, self._write_log = self._write_log, None
            self.event = write()


def signed_off(session_id: str, name: str, signed_on: str) -> Refused:
    return Refused(
        f"session {session_id} was signed off by {name} on {signed_on} and is "
        "read-only; start a follow-up session to record changes"
    )


def sign_off_removed(session_id: str) -> Refused:
    return Refused(
        f"session {session_id} was signed off, but its sign-off has been removed outside "
        "npsworkshop; it stays read-only"
    )


def refused_by_database(session_id: str | None, message: str) -> Exception:
    """A constraint or trigger said no: the sign-off triggers, else a failure."""
    if "signed off" in message:
        return Refused(f"session {session_id} is signed off and read-only")
    return Failure(f"the database refused the change: {message}")


def _writable(execute: _Execute, session_id: str, since: int) -> tuple[str, str]:
    """The session's (scope, pack sha256); refused when it is signed off, or when the event log
    says it was (after event `since`, the newest this process knows to be unsigned)."""
    found = execute(_WRITABLE, (session_id,)).fetchone()
    if found is None:
        raise NotFound(f"no session {session_id!r}")
    scope, sha256, signed_by, signed_on = found
    if signed_by is not None:
        raise signed_off(session_id, signed_by, signed_on)
    if execute(_SIGNED_EVENT_SINCE, (session_id, since)).fetchone():
        raise sign_off_removed(session_id)
    return str(scope), str(sha256)


def _log(execute: _Execute, session_id: str, kind: str, area: str | None, detail: Any) -> int:
    """Stamp the session as changed and append the change to the event log."""
    return log_each(execute, session_id, kind, [(area, detail)])


def log_each(
    execute: _Execute, session_id: str, kind: str, changes: Sequence[tuple[str | None, Any]]
) -> int:
    """Stamp the session once and append one event per (area, detail); the last event's id."""
    at = now()
    execute(_STAMP, (at, session_id))
    last = 0
    for area, detail in changes:
        cursor: _Cursor = execute(
            _EVENT, (session_id, at, kind, area, json.dumps(detail, default=str))
        )
        last = cursor.lastrowid or 0
    return last


class Database:
    """The workspace database as the service uses it: engines, the one-writer lock, claims, the
    pack cache and the hot path's connection. Thread-safe: writes are serialised."""

    def __init__(self, workspace: Workspace, engine: Engine) -> None:
        self.workspace = workspace
        self.engine = engine
        self._write_engine = engine.execution_options(**{WRITE: True})
        self.lock = threading.RLock()
        self.claims = Claims(workspace.database)
        self.packs = Packs()
        # Per (session, fingerprint): why the signed record is not what was signed, or "".
        self.verified: dict[tuple[str, str], str] = {}
        # The hot path's own connection, and per session the newest event id known not to be
        # preceded by a sign-off (events are append-only with increasing ids).
        self._hot: PoolProxiedConnection | None = None
        self._unsigned_events: dict[str, int] = {}

    def close(self) -> None:
        hot, self._hot = self._hot, None
        if hot is not None:
            hot.close()  # back to the pool, which dispose() then closes

    def _not_saved(self, exc: Exception, message: str) -> Exception:
        """A refused write as a person would say it; opened read-only on a full disk, every
        write is refused (and another program's changes can make the cache look damaged)
        until the workspace is opened again."""
        if opened_on_full_disk(self.engine):
            if self._reopen():
                return NotSaved(
                    "the disk was full when the workspace was opened, so it was opened "
                    "read-only; there is space again and it is now open for changes: try again"
                )
            return NotSaved(
                "the disk was full when the workspace was opened, so it was opened read-only; "
                "free space, then try again (or close npsworkshop and open it again)"
            )
        if isinstance(exc, OperationalError | sqlite3.OperationalError):
            return NotSaved(write_failure_cause(message))
        return exc

    def _reopen(self) -> bool:
        """Once the disk has room again, swap the read-only engine for an ordinary one (under
        the writer lock); what this process remembered of the record is read afresh."""
        engine = create_database_engine(self.workspace.database)
        if opened_on_full_disk(engine):
            engine.dispose()
            return False
        old, self.engine = self.engine, engine
        self._write_engine = engine.execution_options(**{WRITE: True})
        self.close()
        self.verified.clear()
        self._unsigned_events.clear()
        old.dispose()
        return True

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write_untracked(self) -> Iterator[Session]:
        """A write that is not part of the record (where the facilitator was): no refusal, no
        event, allowed after sign-off."""
        with self.lock, Session(self._write_engine) as session:
            try:
                with session.begin():
                    yield session
            except DatabaseError as exc:
                raise self._not_saved(exc, str(exc.orig or exc)) from None

    @contextmanager
    def write(
        self, session_id: str | None, kind: str, area: str | None = None, **detail: Any
    ) -> Iterator[tuple[Session, Change]]:
        """One change through the ORM session (`session_id` None: a new session, logged by the
        caller)."""
        with (
            self.lock,
            self.claims.editing(session_id),
            Session(self._write_engine, expire_on_commit=False) as session,
        ):

            def execute(sql: str, parameters: tuple[Any, ...]) -> Any:
                session.flush()  # ORM changes first, so SQL sees them (and triggers fire in order)
                return session.connection().exec_driver_sql(sql, parameters)

            try:
                with session.begin():
                    change = self._change(execute, session_id, kind, area, detail)
                    yield session, change
                    change.log()
            except IntegrityError as exc:
                raise refused_by_database(
                    session_id, str(exc.orig) if exc.orig else str(exc)
                ) from None
            except DatabaseError as exc:
                raise self._not_saved(exc, str(exc.orig or exc)) from None
            self._remember_unsigned(session_id, kind, change)

    @contextmanager
    def write_sql(
        self, session_id: str, kind: str, area: str | None, **detail: Any
    ) -> Iterator[tuple[sqlite3.Connection, Change]]:
        """`write` for the hot path (a rating is a keypress): the same transaction in SQL on a
        kept pooled connection, at a tenth of the ORM's cost (bench/rating.py)."""
        with self.lock, self.claims.editing(session_id):
            try:
                with self.hot_transaction() as db:
                    change = self._change(db.execute, session_id, kind, area, detail)
                    yield db, change
                    change.log()
            except sqlite3.IntegrityError as exc:
                raise refused_by_database(session_id, str(exc)) from None
            except sqlite3.DatabaseError as exc:
                raise self._not_saved(exc, str(exc)) from None
            self._remember_unsigned(session_id, kind, change)

    @contextmanager
    def hot_transaction(self) -> Iterator[sqlite3.Connection]:
        """The hot path's kept connection in one `BEGIN IMMEDIATE` transaction under the writer
        lock: committed on exit, rolled back on error. No refusal, stamp or event of its own."""
        with self.lock:
            if self._hot is None:  # kept, not checked out per change: that cost a tenth more
                self._hot = self.engine.raw_connection()
            db = cast(sqlite3.Connection, self._hot.driver_connection)
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def writable(self, sql: sqlite3.Connection, session_id: str) -> tuple[str, str]:
        """Inside an open transaction: the session's (scope, pack sha256), refused when it is
        signed off (as every change is)."""
        return _writable(sql.execute, session_id, self._unsigned_events.get(session_id, 0))

    def _change(
        self,
        execute: _Execute,
        session_id: str | None,
        kind: str,
        area: str | None,
        detail: dict[str, Any],
    ) -> Change:
        """Refuse a signed-off session; the Change logs the event on the same connection."""
        if session_id is None:
            return Change("", "", detail)
        since = self._unsigned_events.get(session_id, 0)
        scope, sha256 = _writable(execute, session_id, since)
        change = Change(
            scope, sha256, detail, lambda: _log(execute, session_id, kind, area, detail)
        )
        change.event = since
        return change

    def _remember_unsigned(self, session_id: str | None, kind: str, change: Change) -> None:
        """Events up to this committed one were checked or written inside the transaction, so
        they never need looking at again (except a sign-off's own)."""
        if session_id is not None and kind != "signed-off":
            self._unsigned_events[session_id] = max(
                change.event, self._unsigned_events.get(session_id, 0)
            )
