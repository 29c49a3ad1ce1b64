"""The workshop service: create sessions, record ratings and outcomes, sign off, read snapshots.

Every change is one `BEGIN IMMEDIATE` transaction that also appends to the event log, so a change
is on disk (WAL, synchronous=FULL) before the call returns. A signed-off session is refused here,
and by the database's triggers for anyone who goes round this module.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Engine, Row, delete, func, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import PoolProxiedConnection
from sqlmodel import Session, SQLModel, col, select

from npsworkshop.assessment import record as facts
from npsworkshop.assessment import rules
from npsworkshop.assessment.snapshot import (
    ActionFact,
    AmbitionFact,
    FrameworkRef,
    OutcomeFact,
    ParticipantFact,
    RatingFact,
    RecordedSession,
    SessionSnapshot,
    SignOffFact,
    build_snapshot,
)
from npsworkshop.errors import Failure, InputError, NotFound, Refused, describe_validation_error
from npsworkshop.framework.levels import LevelId, as_level, is_level
from npsworkshop.framework.loader import LoadedPack, find_pack, pack_from_json
from npsworkshop.framework.models import Area, Pack
from npsworkshop.store import backups, lock
from npsworkshop.store.database import WRITE, checkpoint, open_database
from npsworkshop.store.tables import (
    ActionRow,
    EventRow,
    OutcomeRow,
    ParticipantRow,
    RatingRow,
    SessionRow,
    SignOffRow,
    UiStateRow,
)
from npsworkshop.workshop import inputs
from npsworkshop.workspace import Workspace


class Tampered(Failure):
    """A record (or its stored pack copy) was changed outside npsworkshop: a signed-off one no
    longer matches its fingerprint. `reason` says why without naming the session."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message

    @classmethod
    def of(cls, session_id: str, title: str, reason: str) -> Tampered:
        return cls(f"session {session_id} ({title}): {reason}", reason)


@dataclass(frozen=True)
class SessionSummary:
    """One line of the sessions list."""

    id: str
    organisation: str
    title: str
    held_on: str
    status: str
    areas_in_scope: int
    areas_complete: int
    updated_at: str
    # Why a signed-off record is no longer what was signed (changed outside npsworkshop), or None.
    tampered: str | None = None

    @property
    def progress(self) -> str:
        return f"{self.areas_complete}/{self.areas_in_scope} areas complete"


# The hot path's SQL (Workshop._write_sql, Workshop.rate).
_WRITABLE = (
    "SELECT s.scope, s.pack_sha256, o.name, o.signed_on FROM workshop_session AS s "
    "LEFT JOIN sign_off AS o ON o.session_id = s.id WHERE s.id = ?"
)
_SIGNED_EVENT_SINCE = (
    "SELECT 1 FROM event WHERE session_id = ? AND id > ? AND kind = 'signed-off' LIMIT 1"
)
_STAMP = "UPDATE workshop_session SET updated_at = ? WHERE id = ?"
_EVENT = "INSERT INTO event (session_id, at, kind, area_id, detail) VALUES (?, ?, ?, ?, ?)"
_PACK_CONTENT = "SELECT pack_content FROM workshop_session WHERE id = ?"
_STORED_PACK = (
    "SELECT title, pack_id, pack_title, pack_version, pack_sha256, pack_content "
    "FROM workshop_session WHERE id = ?"
)
# A session's recorded facts (Workshop._recorded_and_pack).
_SESSION_FACTS = (
    "SELECT id, organisation_name, organisation_type, title, held_on, facilitator, pack_id, "
    "pack_title, pack_version, pack_sha256, scope, created_at, updated_at "
    "FROM workshop_session WHERE id = ?"
)
_PARTICIPANT_FACTS = (
    "SELECT id, key, name, role, department FROM participant WHERE session_id = ? "
    "ORDER BY position, id"
)
_RATING_FACTS = (
    "SELECT participant_id, area_id, dimension_id, level, note FROM rating WHERE session_id = ? "
    "ORDER BY area_id, id"
)
_OUTCOME_FACTS = (
    "SELECT area_id, justification, agreed_level, moderation_reason, ambition_level, ambition_by, "
    "ambition_rationale FROM area_outcome WHERE session_id = ?"
)
_ACTION_FACTS = (
    "SELECT id, area_id, title, owner, due, status FROM action WHERE session_id = ? "
    "ORDER BY position, id"
)
_SIGN_OFF_FACTS = (
    "SELECT name, role, signed_on, fingerprint, signed_at FROM sign_off WHERE session_id = ?"
)
_UI_STATE = "SELECT last_area FROM ui_state WHERE session_id = ?"
_PARTICIPANT_IDS = "SELECT key, id FROM participant WHERE session_id = ?"
_IDS_LIKE = "SELECT id FROM workshop_session WHERE id LIKE ? || '%'"  # as `startswith` compiles
_SIGNED_EVENTS = "SELECT session_id, detail FROM event WHERE kind = 'signed-off' ORDER BY id"
_SIGNED_EVENTS_OF = (
    "SELECT session_id, detail FROM event WHERE kind = 'signed-off' AND session_id = ? ORDER BY id"
)
_PARTICIPANT = "SELECT id FROM participant WHERE session_id = ? AND key = ?"
_RATING = (
    "SELECT id, level FROM rating WHERE participant_id = ? AND area_id = ? AND dimension_id = ?"
)
_RERATE = "UPDATE rating SET level = ?, updated_at = ? WHERE id = ?"
_FIRST_RATING = (
    "INSERT INTO rating (session_id, participant_id, area_id, dimension_id, level, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def pack_copy_changed(pack: str = "the pack") -> str:
    return (
        f"its stored copy of {pack} does not match the pack's sha256; "
        "it was changed outside npsworkshop"
    )


def pack_copy_problem(
    pack_id: str, pack_title: str, pack_version: str, sha256: str, content: str
) -> str | None:
    """Why a session's stored copy of its pack is not the pack it names (None when it is).

    The fingerprint covers the pack's id, version and sha256, so checking the copy against its
    sha256 (and the printed title against the copy) puts every word an output takes from the pack
    under the fingerprint too."""
    if hashlib.sha256(content.encode("utf-8")).hexdigest() != sha256:
        return pack_copy_changed(f"pack {pack_id}")
    try:
        pack = pack_from_json(content)
    except ValueError:
        return f"its stored copy of pack {pack_id} cannot be read"
    if (pack.id, pack.title, pack.version) != (pack_id, pack_title, pack_version):
        return (
            f"its stored pack title, id or version ({pack_title!r}, {pack_id}, {pack_version}) "
            "is not the stored pack's; it was changed outside npsworkshop"
        )
    return None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _validate(model: type[inputs._Input], source: str, **values: Any) -> Any:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise InputError(source, describe_validation_error(exc)) from None


class Workshop:
    """The service over one workspace database. Thread-safe: writes are serialised."""

    def __init__(self, workspace: Workspace, engine: Engine) -> None:
        self.workspace = workspace
        self._engine = engine
        self._write_engine = engine.execution_options(**{WRITE: True})
        self._lock = threading.RLock()
        self._packs: dict[str, Pack] = {}
        # The hot path's own connection, and per session the newest event id known not to be
        # preceded by a sign-off (see _write_sql).
        self._hot: PoolProxiedConnection | None = None
        self._unsigned_events: dict[str, int] = {}
        self._claims: dict[str, lock.Claim] = {}
        self._database_hold: lock.DatabaseHandle | None = None
        self._closed = False
        # Per (session, fingerprint): why the signed record is not what was signed, or "".
        self._fingerprints_checked: dict[tuple[str, str], str] = {}
        # Things a person should know that did not stop the work (a backup that failed).
        self.notices: list[str] = []

    @classmethod
    def open(cls, workspace: Workspace, *, backup: bool = True) -> Workshop:
        """Open the workspace database: quick_check (a damaged one is set aside and refused with
        the newest good backup named), migrate, and back up if the newest backup is over an hour
        old. Holds the database shared until `close()` so it is not restored underneath."""
        existed = workspace.database.exists()
        engine = open_database(workspace.database)
        try:
            hold = lock.share_database(lock.locks_dir(workspace.database))
        except BaseException:
            engine.dispose()
            raise
        service = cls(workspace, engine)
        service._database_hold = hold
        if backup and existed:  # a database made just now has nothing to keep
            service._backup(lambda: backups.backup_if_due(workspace.database))
        return service

    def close(self) -> None:
        """Checkpoint, release claims and the database; a second call does nothing."""
        if self._closed:
            return
        self._closed = True
        hot, self._hot = self._hot, None
        if hot is not None:
            hot.close()  # back to the pool, which dispose() then closes
        try:
            checkpoint(self._engine)
        finally:
            self._engine.dispose()
            for claim in list(self._claims.values()):
                claim.release()
            self._claims.clear()
            if self._database_hold is not None:
                self._database_hold.release()
                self._database_hold = None

    def _backup(self, make: Callable[[], object]) -> None:
        """Make a backup; a failure is a notice, never a lost change (the change is committed)."""
        try:
            make()
        except (backups.BackupFailed, OSError) as exc:
            self.notices.append(f"backup not made: {exc}")

    # Who is editing a session ------------------------------------------------------------------

    def claim(self, session_id: str, program: str = "the workshop app") -> lock.Claim | lock.HeldBy:
        """Claim a session for editing by this process, or learn who holds it (then offer it
        read-only: this service refuses changes to a session another process holds). The claim
        ends with `release`, `close`, or the process, however it ends."""
        with self._read() as session:
            self._session_row(session, session_id)
        current = self._claims.get(session_id)
        if current is not None and not current.released:
            return current
        result = lock.claim(lock.locks_dir(self.workspace.database), session_id, program)
        if isinstance(result, lock.Claim):
            self._claims[session_id] = result
        return result

    def release(self, session_id: str) -> None:
        claim = self._claims.pop(session_id, None)
        if claim is not None:
            claim.release()

    def held_by(self, session_id: str) -> lock.HeldBy | None:
        """Who else is editing the session, if anyone (this process does not count)."""
        return lock.holder_of(lock.locks_dir(self.workspace.database), session_id)

    @contextmanager
    def _editing(self, session_id: str | None) -> Iterator[None]:
        """Hold the session for one change unless this process already holds it."""
        if session_id is None:
            yield
            return
        current = self._claims.get(session_id)
        if current is not None and not current.released:
            yield
            return
        try:
            result = lock.claim(
                lock.locks_dir(self.workspace.database), session_id, "a change", transient=True
            )
        except ValueError:
            raise NotFound(f"no session {session_id!r}") from None
        if isinstance(result, lock.HeldBy):
            raise Refused(result.message())
        try:
            yield
        finally:
            result.release()

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Transactions ------------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def _write(
        self,
        session_id: str | None,
        kind: str,
        area: str | None = None,
        *,
        log: bool = True,
        **detail: Any,
    ) -> Iterator[tuple[Session, dict[str, Any]]]:
        """One immediate transaction: refuses a signed-off session, logs the event, stamps it."""
        with (
            self._lock,
            self._editing(session_id),
            Session(self._write_engine, expire_on_commit=False) as session,
        ):
            try:
                with session.begin():
                    if session_id is not None:
                        self._refuse_if_signed(session, session_id)
                    yield session, detail
                    if session_id is not None and log:
                        self._log(session, session_id, kind, area, detail)
            except IntegrityError as exc:
                raise self._refused_by_database(
                    session_id, str(exc.orig) if exc.orig else str(exc)
                ) from None

    @staticmethod
    def _refused_by_database(session_id: str | None, message: str) -> Exception:
        """A constraint or trigger said no: the sign-off triggers, else a failure."""
        if "signed off" in message:
            return Refused(f"session {session_id} is signed off and read-only")
        return Failure(f"the database refused the change: {message}")

    @contextmanager
    def _write_sql(
        self, session_id: str, kind: str, area: str | None, **detail: Any
    ) -> Iterator[tuple[sqlite3.Connection, tuple[str, str], dict[str, Any]]]:
        """`_write` for the hot path (a rating is a keypress): the same one BEGIN IMMEDIATE
        transaction, refusals, stamp and event row, in SQL on a pooled connection, at a tenth of
        the ORM's cost (bench/rating.py). Yields the connection, the session's (scope, pack
        sha256) and the event's detail to complete."""
        with self._lock, self._editing(session_id):
            if self._hot is None:  # kept, not checked out per change: that cost a tenth more
                self._hot = self._engine.raw_connection()
            db = cast(sqlite3.Connection, self._hot.driver_connection)
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    found = db.execute(_WRITABLE, (session_id,)).fetchone()
                    if found is None:
                        raise NotFound(f"no session {session_id!r}")
                    scope, sha256, signed_by, signed_on = found
                    if signed_by is not None:
                        raise self._signed_off(session_id, signed_by, signed_on)
                    checked = self._unsigned_events.get(session_id, 0)
                    if db.execute(_SIGNED_EVENT_SINCE, (session_id, checked)).fetchone():
                        raise self._sign_off_removed(session_id)
                    yield db, (scope, sha256), detail
                    now = _now()
                    db.execute(_STAMP, (now, session_id))
                    event = db.execute(
                        _EVENT, (session_id, now, kind, area, json.dumps(detail, default=str))
                    ).lastrowid
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError as exc:
                raise self._refused_by_database(session_id, str(exc)) from None
            # The log is append-only with increasing ids, so events up to this one (checked or
            # written inside the transaction) never need looking at again.
            self._unsigned_events[session_id] = event or checked

    @staticmethod
    def _log(
        session: Session, session_id: str, kind: str, area: str | None, detail: dict[str, Any]
    ) -> None:
        """Stamp the session as changed and append the change to the event log."""
        now = _now()
        row = session.get(SessionRow, session_id)
        if row is not None:
            row.updated_at = now
            session.add(row)
        session.add(
            EventRow(
                session_id=session_id,
                at=now,
                kind=kind,
                area_id=area,
                detail=json.dumps(detail, default=str),
            )
        )
        session.flush()

    @staticmethod
    def _refuse_if_signed(session: Session, session_id: str) -> None:
        if session.get(SessionRow, session_id) is None:
            raise NotFound(f"no session {session_id!r}")
        signed = session.get(SignOffRow, session_id)
        if signed is not None:
            raise Workshop._signed_off(session_id, signed.name, signed.signed_on)
        if Workshop._signed_events(session, session_id):
            raise Workshop._sign_off_removed(session_id)

    @staticmethod
    def _signed_off(session_id: str, name: str, signed_on: str) -> Refused:
        return Refused(
            f"session {session_id} was signed off by {name} on {signed_on} and is "
            "read-only; start a follow-up session to record changes"
        )

    @staticmethod
    def _sign_off_removed(session_id: str) -> Refused:
        return Refused(
            f"session {session_id} was signed off, but its sign-off has been removed outside "
            "npsworkshop; it stays read-only"
        )

    @staticmethod
    def _signed_events(session: Session, session_id: str | None = None) -> dict[str, str]:
        """The fingerprint each session was signed off with, by the append-only event log."""
        # Plain SQL, so an export needs no ORM query at all (mapping and compiling cost more).
        connection = session.connection()
        if session_id is None:
            rows = connection.exec_driver_sql(_SIGNED_EVENTS)
        else:
            rows = connection.exec_driver_sql(_SIGNED_EVENTS_OF, (session_id,))
        found: dict[str, str] = {}
        for sid, detail in rows:
            try:
                found[sid] = str(json.loads(detail).get("fingerprint", ""))
            except (ValueError, AttributeError):
                found[sid] = ""
        return found

    def _tamper_reason(
        self,
        session_id: str,
        fingerprint: str | None,
        logged: str | None,
        record: Callable[[], RecordedSession],
    ) -> str | None:
        """Why a signed-off record is not what was signed (None when it is): its stored pack copy,
        pack title or facts no longer give its fingerprint (checked once per sign-off and
        remembered), its fingerprint is not the one logged at sign-off, or its sign-off is gone
        or was never logged (the session's id was changed)."""
        if fingerprint is None:
            return None if logged is None else "its sign-off was removed outside npsworkshop"
        if logged is None:
            return (
                "its sign-off is not in the event log; the session (or its id) was changed "
                "outside npsworkshop"
            )
        key = (session_id, fingerprint)
        if key not in self._fingerprints_checked:
            self._fingerprints_checked[key] = self._signed_record_problem(session_id, record) or ""
        if self._fingerprints_checked[key]:
            return self._fingerprints_checked[key]
        if logged and logged != fingerprint:
            return "its fingerprint is not the one recorded at sign-off; it was changed outside npsworkshop"
        return None

    def _signed_record_problem(
        self, session_id: str, record: Callable[[], RecordedSession]
    ) -> str | None:
        """The stored pack copy (read afresh, never from the cache), then the facts."""
        with self._read() as session:
            stored = session.connection().exec_driver_sql(_STORED_PACK, (session_id,)).first()
        if stored is None:
            raise NotFound(f"no session {session_id!r}")
        problem = pack_copy_problem(*stored[1:])
        if problem is not None:
            return problem
        try:
            recorded = record()
        except Tampered as exc:
            return exc.reason
        if not facts.recorded_fingerprint_matches(recorded):
            return (
                "the record no longer matches its fingerprint; it was changed after sign-off "
                "outside npsworkshop"
            )
        return None

    def vanished_signed_sessions(self) -> list[str]:
        """Ids of sessions the event log says were signed off that are no longer in the database."""
        with self._read() as session:
            logged = self._signed_events(session)
            present = set(session.exec(select(SessionRow.id)).all())
        return sorted(set(logged) - present)

    # Packs -------------------------------------------------------------------------------------

    def _pack_of(self, row: SessionRow) -> Pack:
        return self._pack(row.id, row.title, row.pack_sha256, lambda: row.pack_content)

    def _pack(self, session_id: str, title: str, sha256: str, content: Callable[[], str]) -> Pack:
        """The session's frozen pack, parsed once per process (`content` only when not cached),
        and only once its copy is checked against its sha256: the cache holds genuine packs."""
        pack = self._packs.get(sha256)
        if pack is None:
            text = content()
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha256:
                raise Tampered.of(session_id, title, pack_copy_changed())
            pack = pack_from_json(text)
            self._packs[sha256] = pack
        return pack

    def _session_row(self, session: Session, session_id: str) -> SessionRow:
        row = session.get(SessionRow, session_id)
        if row is None:
            raise NotFound(f"no session {session_id!r}")
        return row

    def _area(self, session: Session, session_id: str, area_id: str) -> Area:
        row = self._session_row(session, session_id)
        return self._scoped_area(session_id, area_id, row.scope, self._pack_of(row))

    @staticmethod
    def _scoped_area(session_id: str, area_id: str, scope: str, pack: Pack) -> Area:
        if area_id not in json.loads(scope):
            raise NotFound(f"area {area_id!r} is not in the scope of session {session_id}")
        return pack.area(area_id)

    # Sessions ----------------------------------------------------------------------------------

    def resolve(self, prefix: str) -> str:
        """The session id that is `prefix` or starts with it; NotFound when none or several."""
        with self._read() as session:
            ids = [
                str(found)
                for (found,) in session.connection().exec_driver_sql(_IDS_LIKE, (prefix,))
            ]
        if prefix in ids:
            return prefix
        if not ids:
            raise NotFound(f"no session matches {prefix!r} (see `npsworkshop sessions`)")
        if len(ids) > 1:
            raise NotFound(
                f"{prefix!r} matches {len(ids)} sessions ({', '.join(sorted(ids))}); type more of the id"
            )
        return ids[0]

    def create_session(self, draft: inputs.NewSession) -> str:
        """A new draft session with its frozen pack and participants; returns its id."""
        loaded = find_pack(draft.pack_id, self.workspace.root)
        scope = self._check_scope(loaded.pack, draft.scope, "scope")
        session_id = secrets.token_hex(6)
        with self._write(None, "session-created") as (session, _):
            self._insert_session(session, session_id, draft, loaded, scope)
            for position, person in enumerate(draft.participants, start=1):
                session.add(
                    ParticipantRow(
                        session_id=session_id,
                        key=f"p{position}",
                        name=person.name,
                        role=person.role,
                        department=person.department,
                        position=position,
                    )
                )
            session.add(
                EventRow(
                    session_id=session_id,
                    at=_now(),
                    kind="session-created",
                    detail=json.dumps({"title": draft.title, "pack": loaded.pack.id}),
                )
            )
        return session_id

    @staticmethod
    def _check_scope(
        pack: Pack, scope: Sequence[str] | None, where: str, source: str = "session"
    ) -> list[str]:
        if scope is None:
            return list(pack.area_ids())
        known = pack.area_ids()
        problems = [
            f"{where}[{i}]: unknown area {a!r} in pack {pack.id}"
            for i, a in enumerate(scope)
            if a not in known
        ]
        if problems:
            raise InputError(source, problems)
        if not scope:
            raise InputError(source, [f"{where}: choose at least one area"])
        if len(set(scope)) != len(scope):
            raise InputError(source, [f"{where}: an area is listed twice"])
        return [a for a in known if a in scope]

    @staticmethod
    def _insert_session(
        session: Session,
        session_id: str,
        draft: inputs.NewSession,
        loaded: LoadedPack,
        scope: list[str],
    ) -> None:
        now = _now()
        Workshop._insert_rows(
            session,
            SessionRow,
            [
                {
                    "id": session_id,
                    "organisation_name": draft.organisation_name,
                    "organisation_type": draft.organisation_type,
                    "title": draft.title,
                    "held_on": draft.held_on.isoformat(),
                    "facilitator": draft.facilitator,
                    "pack_id": loaded.pack.id,
                    "pack_title": loaded.pack.title,
                    "pack_version": loaded.pack.version,
                    "pack_sha256": loaded.sha256,
                    "pack_content": loaded.content_json(),
                    "scope": json.dumps(scope),
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )

    def update_details(self, session_id: str, **changes: Any) -> None:
        """Change organisation, type, title, date or facilitator of a draft session."""
        allowed = {"organisation_name", "organisation_type", "title", "held_on", "facilitator"}
        unknown = set(changes) - allowed
        if unknown:
            raise InputError("session", [f"{name}: cannot be changed" for name in sorted(unknown)])
        with self._read() as session:
            row = self._session_row(session, session_id)
            current = {
                "organisation_name": row.organisation_name,
                "organisation_type": row.organisation_type,
                "title": row.title,
                "held_on": row.held_on,
                "facilitator": row.facilitator,
                "pack_id": row.pack_id,
            }
        checked: inputs.NewSession = _validate(inputs.NewSession, "session", **(current | changes))
        with self._write(session_id, "details-changed", **changes) as (session, _):
            row = self._session_row(session, session_id)
            row.organisation_name = checked.organisation_name
            row.organisation_type = checked.organisation_type
            row.title = checked.title
            row.held_on = checked.held_on.isoformat()
            row.facilitator = checked.facilitator
            session.add(row)

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, newest first, with its progress."""
        summaries: list[SessionSummary] = []
        with self._read() as session:
            rows = session.exec(
                select(SessionRow).order_by(
                    col(SessionRow.held_on).desc(), col(SessionRow.updated_at).desc()
                )
            ).all()
            fingerprints = dict(
                session.exec(select(SignOffRow.session_id, SignOffRow.fingerprint)).all()
            )
            logged = self._signed_events(session)
            outcomes = session.exec(select(OutcomeRow)).all()
            rated = session.exec(
                select(RatingRow.session_id, RatingRow.area_id)
                .where(col(RatingRow.level).is_not(None))
                .distinct()
            ).all()
        rated_areas = {(s, a) for s, a in rated}
        done: dict[str, int] = {}
        for o in outcomes:
            if (
                (o.session_id, o.area_id) in rated_areas
                and (o.justification or "").strip()
                and o.ambition_level
            ):
                done[o.session_id] = done.get(o.session_id, 0) + 1
        signed = set(fingerprints)
        tampered: dict[str, str] = {}
        for row in rows:
            if row.id in signed or row.id in logged:
                reason = self._tamper_reason(
                    row.id,
                    fingerprints.get(row.id),
                    logged.get(row.id),
                    functools.partial(lambda sid: self.record(sid)[0], row.id),
                )
                if reason is not None:
                    tampered[row.id] = reason
        for row in rows:
            scope = json.loads(row.scope)
            summaries.append(
                SessionSummary(
                    id=row.id,
                    organisation=row.organisation_name,
                    title=row.title,
                    held_on=row.held_on,
                    status="tampered"
                    if row.id in tampered
                    else "signed-off"
                    if row.id in signed
                    else "draft",
                    areas_in_scope=len(scope),
                    areas_complete=min(done.get(row.id, 0), len(scope)),
                    updated_at=row.updated_at,
                    tampered=tampered.get(row.id),
                )
            )
        return summaries

    # Participants ------------------------------------------------------------------------------

    def add_participant(
        self, session_id: str, name: str, role: str = "", department: str = ""
    ) -> str:
        person: inputs.ParticipantInput = _validate(
            inputs.ParticipantInput, "participant", name=name, role=role, department=department
        )
        with self._write(session_id, "participant-added", name=person.name) as (session, detail):
            keys = session.exec(
                select(ParticipantRow.key).where(ParticipantRow.session_id == session_id)
            ).all()
            numbers = [int(k[1:]) for k in keys if k.startswith("p") and k[1:].isdigit()]
            key = f"p{max(numbers, default=0) + 1}"
            position = (
                session.exec(
                    select(func.max(ParticipantRow.position)).where(
                        ParticipantRow.session_id == session_id
                    )
                ).one()
                or 0
            ) + 1
            session.add(
                ParticipantRow(
                    session_id=session_id,
                    key=key,
                    name=person.name,
                    role=person.role,
                    department=person.department,
                    position=position,
                )
            )
            detail["key"] = key
        return key

    def update_participant(
        self, session_id: str, key: str, name: str, role: str = "", department: str = ""
    ) -> None:
        person: inputs.ParticipantInput = _validate(
            inputs.ParticipantInput, "participant", name=name, role=role, department=department
        )
        with self._write(session_id, "participant-changed", key=key) as (session, detail):
            row = self._participant(session, session_id, key)
            detail["old"] = {"name": row.name, "role": row.role, "department": row.department}
            detail["new"] = person.model_dump()
            row.name, row.role, row.department = person.name, person.role, person.department
            session.add(row)

    def remove_participant(self, session_id: str, key: str) -> None:
        """Remove a participant and their ratings."""
        with self._write(session_id, "participant-removed", key=key) as (session, detail):
            row = self._participant(session, session_id, key)
            detail["old"] = {"name": row.name, "role": row.role, "department": row.department}
            session.execute(delete(RatingRow).where(col(RatingRow.participant_id) == row.id))
            session.delete(row)

    @staticmethod
    def _participant(session: Session, session_id: str, key: str) -> ParticipantRow:
        row = session.exec(
            select(ParticipantRow).where(
                ParticipantRow.session_id == session_id, ParticipantRow.key == key
            )
        ).first()
        if row is None:
            raise Workshop._no_participant(session_id, key)
        return row

    @staticmethod
    def _no_participant(session_id: str, key: str) -> NotFound:
        return NotFound(f"no participant {key!r} in session {session_id}")

    # Ratings -----------------------------------------------------------------------------------

    @staticmethod
    def _dimension(area: Area, dimension: str | None) -> str:
        if area.dimensions:
            ids = [d.id for d in area.dimensions]
            if dimension not in ids:
                raise InputError(
                    "rating",
                    [
                        f"dimension: area {area.id} is rated by dimension; "
                        f"expected one of {', '.join(ids)}"
                    ],
                )
            return dimension
        if dimension not in (None, ""):
            raise InputError("rating", [f"dimension: area {area.id} has no dimensions"])
        return ""

    def rate(
        self,
        session_id: str,
        area_id: str,
        participant: str,
        level: LevelId | None,
        dimension: str | None = None,
    ) -> None:
        """Record a participant's level for an area (or one of its dimensions); None abstains."""
        if level is not None and not is_level(level):
            raise InputError("rating", [f"level: unknown level {level!r}"])
        with self._write_sql(
            session_id, "rated", area_id, participant=participant, dimension=dimension, new=level
        ) as (db, (scope, sha256), detail):
            pack = self._pack(
                session_id,
                session_id,
                sha256,
                lambda: db.execute(_PACK_CONTENT, (session_id,)).fetchone()[0],
            )
            area = self._scoped_area(session_id, area_id, scope, pack)
            dim = self._dimension(area, dimension)
            person = db.execute(_PARTICIPANT, (session_id, participant)).fetchone()
            if person is None:
                raise self._no_participant(session_id, participant)
            old = db.execute(_RATING, (person[0], area_id, dim)).fetchone()
            if old is None:
                db.execute(_FIRST_RATING, (session_id, person[0], area_id, dim, level, _now()))
            else:
                db.execute(_RERATE, (level, _now(), old[0]))
            detail["old"] = "unrated" if old is None else old[1]

    def abstain(
        self, session_id: str, area_id: str, participant: str, dimension: str | None = None
    ) -> None:
        self.rate(session_id, area_id, participant, None, dimension)

    def clear_rating(
        self, session_id: str, area_id: str, participant: str, dimension: str | None = None
    ) -> None:
        """Forget a participant's rating (and note) for an area or dimension."""
        with self._write(
            session_id, "rating-cleared", area_id, participant=participant, dimension=dimension
        ) as (session, detail):
            row = self._rating_row(
                session, session_id, area_id, participant, dimension, create=False
            )
            if row.id is not None:
                detail["old"] = {"level": row.level, "note": row.note}
                session.delete(row)

    def set_note(
        self,
        session_id: str,
        area_id: str,
        participant: str,
        note: str | None,
        dimension: str | None = None,
    ) -> None:
        """A participant's note on their rating; the rating must exist (a level or an abstention)."""
        text = (
            _validate(
                inputs.ImportedRating, "note", participant=participant, level=None, note=note
            ).note
            or None
        )
        with self._write(
            session_id, "note", area_id, participant=participant, dimension=dimension, new=text
        ) as (session, detail):
            row = self._rating_row(
                session, session_id, area_id, participant, dimension, create=False
            )
            if row.id is None:
                raise Refused("rate or abstain first, then add a note")
            detail["old"] = row.note
            row.note = text
            session.add(row)

    def _rating_row(
        self,
        session: Session,
        session_id: str,
        area_id: str,
        participant: str,
        dimension: str | None,
        *,
        create: bool,
    ) -> RatingRow:
        area = self._area(session, session_id, area_id)
        dim = self._dimension(area, dimension)
        person = self._participant(session, session_id, participant)
        row = session.exec(
            select(RatingRow).where(
                RatingRow.participant_id == person.id,
                RatingRow.area_id == area_id,
                RatingRow.dimension_id == dim,
            )
        ).first()
        if row is None:
            assert person.id is not None
            row = RatingRow(
                session_id=session_id,
                participant_id=person.id,
                area_id=area_id,
                dimension_id=dim,
                level=None,
                updated_at=_now(),
            )
        return row

    # Outcomes ----------------------------------------------------------------------------------

    def _outcome(self, session: Session, session_id: str, area_id: str) -> OutcomeRow:
        self._area(session, session_id, area_id)
        row = session.get(OutcomeRow, (session_id, area_id))
        return row if row is not None else OutcomeRow(session_id=session_id, area_id=area_id)

    def justify(self, session_id: str, area_id: str, justification: str) -> None:
        """The evidence for why the council sits at the area's level (empty clears it)."""
        text = _validate(
            inputs.ImportedArea, "justification", justification=justification
        ).justification
        with self._write(session_id, "justified", area_id, new=text) as (session, detail):
            row = self._outcome(session, session_id, area_id)
            detail["old"] = row.justification
            row.justification = text or None
            session.add(row)

    def moderate(
        self, session_id: str, area_id: str, agreed_level: LevelId | None, reason: str | None = None
    ) -> None:
        """Record an agreed level that differs from the rule's result, with its reason; None clears."""
        checked = _validate(
            inputs.ImportedArea, "moderation", agreed_level=agreed_level, moderation_reason=reason
        )
        with self._write(
            session_id, "moderated", area_id, new={"level": agreed_level, "reason": reason}
        ) as (session, detail):
            result = self._result(session, session_id, area_id)
            rules.check_moderation(result, checked.agreed_level, checked.moderation_reason)
            row = self._outcome(session, session_id, area_id)
            detail["old"] = {"level": row.agreed_level, "reason": row.moderation_reason}
            row.agreed_level = checked.agreed_level
            row.moderation_reason = (
                (checked.moderation_reason or None) if checked.agreed_level else None
            )
            self._check_ambition_still_valid(row, result)
            session.add(row)

    def set_ambition(
        self,
        session_id: str,
        area_id: str,
        level: LevelId,
        by: date | None = None,
        rationale: str | None = None,
    ) -> rules.AmbitionKind:
        """Where the council wants to be, and by when; refused below the current level."""
        checked: inputs.AmbitionInput = _validate(
            inputs.AmbitionInput, "ambition", level=level, by=by, rationale=rationale
        )
        with self._write(
            session_id, "ambition", area_id, new={"level": level, "by": by, "rationale": rationale}
        ) as (session, detail):
            result = self._result(session, session_id, area_id)
            row = self._outcome(session, session_id, area_id)
            kind = rules.check_ambition(
                rules.current_level(result, as_level(row.agreed_level)), checked.level
            )
            detail["old"] = {"level": row.ambition_level, "by": row.ambition_by}
            row.ambition_level = checked.level
            row.ambition_by = checked.by.isoformat() if checked.by else None
            row.ambition_rationale = checked.rationale or None
            session.add(row)
        return kind

    def clear_ambition(self, session_id: str, area_id: str) -> None:
        with self._write(session_id, "ambition-cleared", area_id) as (session, detail):
            row = self._outcome(session, session_id, area_id)
            detail["old"] = {"level": row.ambition_level, "by": row.ambition_by}
            row.ambition_level = row.ambition_by = row.ambition_rationale = None
            session.add(row)

    @staticmethod
    def _check_ambition_still_valid(row: OutcomeRow, result: rules.AreaResult | None) -> None:
        if row.ambition_level is not None:
            rules.check_ambition(
                rules.current_level(result, as_level(row.agreed_level)),
                as_level(row.ambition_level) or "minimum",
            )

    def _result(self, session: Session, session_id: str, area_id: str) -> rules.AreaResult | None:
        rows = session.exec(
            select(RatingRow.participant_id, RatingRow.level, RatingRow.dimension_id).where(
                RatingRow.session_id == session_id, RatingRow.area_id == area_id
            )
        ).all()
        return rules.weakest_level(
            rules.Rating(participant=str(p), level=as_level(level), dimension=d or None)
            for p, level, d in rows
        )

    # Actions -----------------------------------------------------------------------------------

    def add_action(
        self,
        session_id: str,
        area_id: str,
        title: str,
        owner: str | None = None,
        due: date | None = None,
        status: rules.ActionStatus = "open",
    ) -> int:
        action: inputs.ActionInput = _validate(
            inputs.ActionInput, "action", title=title, owner=owner, due=due, status=status
        )
        with self._write(session_id, "action-added", area_id, new=action.model_dump()) as (
            session,
            detail,
        ):
            self._area(session, session_id, area_id)
            position = (
                session.exec(
                    select(func.max(ActionRow.position)).where(ActionRow.session_id == session_id)
                ).one()
                or 0
            ) + 1
            row = self._action_row(session_id, area_id, action, position)
            session.add(row)
            session.flush()
            assert row.id is not None
            detail["action"] = row.id
            return row.id

    @staticmethod
    def _action_row(
        session_id: str,
        area_id: str,
        action: inputs.ActionInput | inputs.ImportedAction,
        position: int,
    ) -> ActionRow:
        return ActionRow(**Workshop._action_values(session_id, area_id, action, position))

    @staticmethod
    def _action_values(
        session_id: str,
        area_id: str,
        action: inputs.ActionInput | inputs.ImportedAction,
        position: int,
    ) -> dict[str, Any]:
        return {
            "session_id": session_id,
            "area_id": area_id,
            "title": action.title,
            "owner": action.owner or None,
            "due": action.due.isoformat() if action.due else None,
            "status": action.status,
            "position": position,
        }

    def update_action(
        self,
        session_id: str,
        action_id: int,
        title: str,
        owner: str | None = None,
        due: date | None = None,
        status: rules.ActionStatus = "open",
    ) -> None:
        action: inputs.ActionInput = _validate(
            inputs.ActionInput, "action", title=title, owner=owner, due=due, status=status
        )
        with self._write(
            session_id, "action-changed", action=action_id, new=action.model_dump()
        ) as (session, detail):
            row = self._action(session, session_id, action_id)
            detail["old"] = {
                "title": row.title,
                "owner": row.owner,
                "due": row.due,
                "status": row.status,
            }
            row.title, row.owner, row.status = action.title, action.owner or None, action.status
            row.due = action.due.isoformat() if action.due else None
            session.add(row)

    def set_action_status(
        self, session_id: str, action_id: int, status: rules.ActionStatus
    ) -> None:
        with self._read() as session:
            row = self._action(session, session_id, action_id)
        self.update_action(
            session_id,
            action_id,
            row.title,
            row.owner,
            date.fromisoformat(row.due) if row.due else None,
            status,
        )

    def remove_action(self, session_id: str, action_id: int) -> None:
        with self._write(session_id, "action-removed", action=action_id) as (session, detail):
            row = self._action(session, session_id, action_id)
            detail["old"] = {
                "title": row.title,
                "owner": row.owner,
                "due": row.due,
                "status": row.status,
            }
            session.delete(row)

    @staticmethod
    def _action(session: Session, session_id: str, action_id: int) -> ActionRow:
        row = session.get(ActionRow, action_id)
        if row is None or row.session_id != session_id:
            raise NotFound(f"no action {action_id} in session {session_id}")
        return row

    # Where the facilitator was ---------------------------------------------------------------

    def set_last_area(self, session_id: str, area_id: str) -> None:
        """Remember the current area so reopening returns to it (allowed after sign-off too)."""
        with self._lock, Session(self._write_engine) as session, session.begin():
            row = session.get(UiStateRow, session_id) or UiStateRow(session_id=session_id)
            row.last_area = area_id
            session.add(row)

    # Snapshot ----------------------------------------------------------------------------------

    def record(self, session_id: str) -> tuple[RecordedSession, Pack]:
        """The recorded facts of a session and its frozen pack."""
        with self._read() as session:
            return self._recorded_and_pack(session, session_id)

    def _recorded(self, session: Session, session_id: str) -> RecordedSession:
        """The record as `session`'s transaction sees it."""
        return self._recorded_and_pack(session, session_id)[0]

    def _recorded_and_pack(self, session: Session, session_id: str) -> tuple[RecordedSession, Pack]:
        # Plain SQL, rows read by column name: every screen refresh and export reads a whole
        # session, and ORM objects and statement compiling cost several times the queries.
        connection = session.connection()

        def rows(sql: str) -> Sequence[Row[Any]]:
            return connection.exec_driver_sql(sql, (session_id,)).all()

        found = rows(_SESSION_FACTS)
        if not found:
            raise NotFound(f"no session {session_id!r}")
        row = found[0]
        people = rows(_PARTICIPANT_FACTS)
        ratings = rows(_RATING_FACTS)
        outcomes = rows(_OUTCOME_FACTS)
        actions = rows(_ACTION_FACTS)
        signed = next(iter(rows(_SIGN_OFF_FACTS)), None)
        ui = next(iter(rows(_UI_STATE)), None)
        pack = self._pack(
            session_id, row.title, row.pack_sha256, lambda: str(rows(_PACK_CONTENT)[0][0])
        )
        if (pack.id, pack.title, pack.version) != (row.pack_id, row.pack_title, row.pack_version):
            raise Tampered.of(
                session_id,
                row.title,
                f"its stored pack title, id or version ({row.pack_title!r}, {row.pack_id}, "
                f"{row.pack_version}) is not the stored pack's; it was changed outside npsworkshop",
            )
        keys = {p.id: p.key for p in people}
        order = {p.id: i for i, p in enumerate(people)}
        dim_order = {d.id: i for a in pack.areas() for i, d in enumerate(a.dimensions)}
        ratings = sorted(
            ratings,
            key=lambda r: (
                r.area_id,
                order.get(r.participant_id, 0),
                dim_order.get(r.dimension_id, -1),
            ),
        )
        return RecordedSession(
            id=row.id,
            organisation_name=row.organisation_name,
            organisation_type=row.organisation_type,
            title=row.title,
            held_on=date.fromisoformat(row.held_on),
            facilitator=row.facilitator,
            framework=FrameworkRef(
                id=row.pack_id,
                title=row.pack_title,
                version=row.pack_version,
                sha256=row.pack_sha256,
            ),
            scope=tuple(json.loads(row.scope)),
            participants=tuple(
                ParticipantFact(key=p.key, name=p.name, role=p.role, department=p.department)
                for p in people
            ),
            ratings=tuple(
                RatingFact(
                    participant=keys[r.participant_id],
                    area=r.area_id,
                    dimension=r.dimension_id or None,
                    level=as_level(r.level),
                    note=r.note,
                )
                for r in ratings
            ),
            outcomes=tuple(
                OutcomeFact(
                    area=o.area_id,
                    justification=o.justification,
                    agreed_level=as_level(o.agreed_level),
                    moderation_reason=o.moderation_reason,
                    ambition=None
                    if o.ambition_level is None
                    else AmbitionFact(
                        level=o.ambition_level,  # checked by the database
                        by=date.fromisoformat(o.ambition_by) if o.ambition_by else None,
                        rationale=o.ambition_rationale,
                    ),
                )
                for o in outcomes
            ),
            actions=tuple(
                ActionFact(
                    id=a.id or 0,
                    area=a.area_id,
                    title=a.title,
                    owner=a.owner,
                    due=date.fromisoformat(a.due) if a.due else None,
                    status=cast(rules.ActionStatus, a.status),
                )
                for a in actions
            ),
            sign_off=None
            if signed is None
            else SignOffFact(
                name=signed.name,
                role=signed.role,
                signed_on=date.fromisoformat(signed.signed_on),
                fingerprint=signed.fingerprint,
                signed_at=datetime.fromisoformat(signed.signed_at),
            ),
            created_at=datetime.fromisoformat(row.created_at),
            updated_at=datetime.fromisoformat(row.updated_at),
            last_area=ui.last_area if ui else None,
        ), pack

    def snapshot(self, session_id: str) -> SessionSnapshot:
        """The session with every computed result (what screens and exports read)."""
        recorded, pack = self.record(session_id)
        return build_snapshot(recorded, pack)

    def verified_snapshot(self, session_id: str) -> SessionSnapshot:
        """The snapshot, refused when a signed-off record no longer matches its fingerprint."""
        try:
            snap = self.snapshot(session_id)
        except Tampered as exc:
            raise Tampered(f"{exc}. Nothing was exported.", exc.reason) from None
        signed = snap.record.sign_off
        if signed is not None:  # an export checks afresh, whatever this process saw before
            self._fingerprints_checked.pop((session_id, signed.fingerprint), None)
        with self._read() as session:
            logged = self._signed_events(session, session_id).get(session_id)
        reason = self._tamper_reason(
            session_id, signed.fingerprint if signed else None, logged, lambda: snap.record
        )
        if reason is not None:
            raise Tampered(
                f"session {session_id} ({snap.record.title}): {reason}. Nothing was exported.",
                reason,
            )
        return snap

    # Sign-off ----------------------------------------------------------------------------------

    def sign_off(self, session_id: str, name: str, role: str, signed_on: date | None = None) -> str:
        """Sign a complete session off; returns its fingerprint. The session is read-only after."""
        checked: inputs.SignOffInput = _validate(
            inputs.SignOffInput,
            "sign-off",
            name=name,
            role=role,
            signed_on=signed_on or date.today(),
        )
        snap = self.snapshot(session_id)
        if snap.signed_off:
            raise Refused(f"session {session_id} is already signed off")
        missing = snap.missing()
        if missing:
            listed = "; ".join(f"{area}: {item}" for area, item in missing[:6])
            more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
            raise Refused(
                f"session {session_id} is not complete, so it cannot be signed off "
                f"(missing {listed}{more})"
            )
        fingerprint = facts.fingerprint(
            snap.record, checked.name, checked.role, checked.signed_on.isoformat()
        )
        with self._write(session_id, "signed-off", log=False) as (session, detail):
            if self.snapshot_changed_since(session, snap):
                raise Refused("the session changed while it was being signed off; try again")
            detail.update(name=checked.name, role=checked.role, fingerprint=fingerprint)
            self._log(session, session_id, "signed-off", None, detail)
            session.add(
                SignOffRow(
                    session_id=session_id,
                    name=checked.name,
                    role=checked.role,
                    signed_on=checked.signed_on.isoformat(),
                    fingerprint=fingerprint,
                    signed_at=_now(),
                )
            )
        self._backup(lambda: backups.backup_now(self.workspace.database, "sign-off"))
        return fingerprint

    @staticmethod
    def snapshot_changed_since(session: Session, snap: SessionSnapshot) -> bool:
        row = session.get(SessionRow, snap.id)
        return (
            row is None
            or snap.record.updated_at is None
            or datetime.fromisoformat(row.updated_at) != snap.record.updated_at
        )

    # Import ------------------------------------------------------------------------------------

    def import_session(
        self,
        spec: inputs.SessionImport,
        source: str = "import",
        expected_fingerprint: str | None = None,
        loaded: LoadedPack | None = None,
    ) -> str:
        """Create a whole session in one transaction: all of it or nothing.

        With `expected_fingerprint` (a signed-off file's), the import is refused unless the
        facts signed off are exactly the facts in the file. `loaded`: the session's pack when the
        caller has already found it.
        """
        loaded = loaded or find_pack(spec.session.pack_id, self.workspace.root)
        pack = loaded.pack
        scope = self._check_scope(pack, spec.session.scope, "scope", source)
        problems = self._import_problems(spec, pack, scope)
        if problems:
            raise InputError(source, problems)
        session_id = secrets.token_hex(6)
        with self._write(None, "imported") as (session, _):
            self._insert_session(session, session_id, spec.session, loaded, scope)
            # Rows go in as bulk INSERTs, not ORM objects: a large workshop is a thousand rows and
            # building objects for them cost more than writing them (bench/large_session.py).
            self._insert_rows(
                session,
                ParticipantRow,
                [
                    {
                        "session_id": session_id,
                        "key": person.id,
                        "name": person.name,
                        "role": person.role,
                        "department": person.department,
                        "position": position,
                    }
                    for position, person in enumerate(spec.participants, start=1)
                ],
            )
            person_ids: dict[str, int] = {
                key: number
                for key, number in session.connection().exec_driver_sql(
                    _PARTICIPANT_IDS, (session_id,)
                )
            }
            now = _now()
            ratings: list[dict[str, Any]] = []
            outcomes: list[dict[str, Any]] = []
            actions: list[dict[str, Any]] = []
            for area_id in scope:
                area = spec.areas.get(area_id)
                if area is None:
                    continue
                ratings += [
                    {
                        "session_id": session_id,
                        "participant_id": person_ids[rating.participant],
                        "area_id": area_id,
                        "dimension_id": rating.dimension or "",
                        "level": rating.level,
                        "note": rating.note or None,
                        "updated_at": now,
                    }
                    for rating in area.ratings
                ]
                ambition = area.ambition
                outcomes.append(
                    {
                        "session_id": session_id,
                        "area_id": area_id,
                        "justification": area.justification or None,
                        "agreed_level": area.agreed_level,
                        "moderation_reason": area.moderation_reason or None,
                        "ambition_level": ambition.level if ambition else None,
                        "ambition_by": ambition.by.isoformat()
                        if ambition and ambition.by
                        else None,
                        "ambition_rationale": (ambition.rationale or None) if ambition else None,
                    }
                )
                actions += [
                    self._action_values(session_id, area_id, action, len(actions) + offset)
                    for offset, action in enumerate(area.actions, start=1)
                ]
            self._insert_rows(session, RatingRow, ratings)
            self._insert_rows(session, OutcomeRow, outcomes)
            self._insert_rows(session, ActionRow, actions)
            # An ORM object, not a bulk row: tests/reliability/test_kill.py pauses the import at
            # this event's construction (every other row is written by then).
            session.add(
                EventRow(
                    session_id=session_id,
                    at=now,
                    kind="imported",
                    detail=json.dumps({"source": source}),
                )
            )
            if spec.sign_off is not None:
                recorded = self._recorded(session, session_id)
                fingerprint = facts.fingerprint(
                    recorded,
                    spec.sign_off.name,
                    spec.sign_off.role,
                    spec.sign_off.signed_on.isoformat(),
                )
                self._insert_rows(
                    session,
                    SignOffRow,
                    [
                        {
                            "session_id": session_id,
                            "name": spec.sign_off.name,
                            "role": spec.sign_off.role,
                            "signed_on": spec.sign_off.signed_on.isoformat(),
                            "fingerprint": fingerprint,
                            "signed_at": now,
                        }
                    ],
                )
                session.add(
                    EventRow(
                        session_id=session_id,
                        at=now,
                        kind="signed-off",
                        detail=json.dumps(
                            {
                                "name": spec.sign_off.name,
                                "role": spec.sign_off.role,
                                "fingerprint": fingerprint,
                                "source": source,
                            }
                        ),
                    )
                )
                if expected_fingerprint is not None and expected_fingerprint != fingerprint:
                    raise InputError(
                        source,
                        [
                            "fingerprint: does not match the signed-off facts in the file (it was "
                            "changed after sign-off); nothing was imported"
                        ],
                    )
        if spec.sign_off is not None:
            self._backup(lambda: backups.backup_now(self.workspace.database, "sign-off"))
        return session_id

    @staticmethod
    def _insert_rows(session: Session, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
        """One executemany of a Core INSERT (the ORM's bulk mode still runs a statement a row)."""
        if rows:
            session.connection().execute(
                insert(SQLModel.metadata.tables[str(table.__tablename__)]), rows
            )

    @staticmethod
    def _import_problems(spec: inputs.SessionImport, pack: Pack, scope: list[str]) -> list[str]:
        problems: list[str] = []
        keys = [p.id for p in spec.participants]
        for index, key in enumerate(keys):
            if keys.index(key) != index:
                problems.append(f"participants[{index}].id: {key!r} is used twice")
        known = set(keys)
        for area_id, area in spec.areas.items():
            where = f"areas.{area_id}"
            if area_id not in pack.area_ids():
                problems.append(f"{where}: unknown area in pack {pack.id}")
                continue
            if area_id not in scope:
                problems.append(f"{where}: area is not in scope")
                continue
            definition = pack.area(area_id)
            dims = [d.id for d in definition.dimensions]
            seen: set[tuple[str, str | None]] = set()
            for index, rating in enumerate(area.ratings):
                at = f"{where}.ratings[{index}]"
                if rating.participant not in known:
                    problems.append(f"{at}.participant: unknown participant {rating.participant!r}")
                if dims and rating.dimension not in dims:
                    problems.append(
                        f"{at}.dimension: required for this area; one of {', '.join(dims)}"
                    )
                if not dims and rating.dimension is not None:
                    problems.append(f"{at}.dimension: this area has no dimensions")
                if (rating.participant, rating.dimension) in seen:
                    problems.append(
                        f"{at}: a second rating by {rating.participant} for the same row"
                    )
                seen.add((rating.participant, rating.dimension))
            result = rules.weakest_level(
                rules.Rating(r.participant, r.level, r.dimension) for r in area.ratings
            )
            try:
                rules.check_moderation(result, area.agreed_level, area.moderation_reason)
            except Refused as exc:
                problems.append(f"{where}.agreed_level: {exc.message}")
            if area.ambition is not None:
                try:
                    rules.check_ambition(
                        rules.current_level(result, area.agreed_level), area.ambition.level
                    )
                except Refused as exc:
                    problems.append(f"{where}.ambition.level: {exc.message}")
        if spec.sign_off is not None:
            for area_id in scope:
                maybe = spec.areas.get(area_id)
                result = (
                    rules.weakest_level(
                        rules.Rating(r.participant, r.level, r.dimension) for r in maybe.ratings
                    )
                    if maybe
                    else None
                )
                missing = rules.missing_for_completeness(
                    result,
                    maybe.justification if maybe else None,
                    maybe.ambition.level if maybe and maybe.ambition else None,
                )
                if missing:
                    problems.append(
                        f"sign_off: area {area_id} is not complete (missing {', '.join(missing)}); "
                        "only a complete session can be signed off"
                    )
        return problems
