"""Sign-off and the integrity of what was signed: a complete session is signed off with the
fingerprint of its facts, and a signed-off record is checked against that fingerprint, the
append-only event log and its stored pack copy before anything relies on it. Checking reads
plain SQL; only signing off (a change) loads the ORM's table classes and the input models."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlmodel import select

from npsworkshop.assessment import record as facts
from npsworkshop.assessment import rules
from npsworkshop.assessment.snapshot import RecordedSession, SessionSnapshot, build_snapshot
from npsworkshop.errors import NotFound, Refused, Tampered
from npsworkshop.workshop import packs, reading
from npsworkshop.workshop.transactions import Database, now

_STORED_PACK = (
    "SELECT s.pack_id, s.pack_title, s.pack_version, s.pack_sha256, coalesce(c.content, '') "
    "FROM workshop_session AS s LEFT JOIN pack_copy AS c ON c.sha256 = s.pack_sha256 "
    "WHERE s.id = ?"
)
# Logged by migration 0006 for a session whose own pack copy had been changed before the
# upgrade (the genuine copy, where there was one, is used since).
_COPY_CHANGED = "SELECT 1 FROM event WHERE session_id = ? AND kind = 'pack-copy-changed' LIMIT 1"


def tamper_reason(
    db: Database,
    session_id: str,
    fingerprint: str | None,
    logged: str | None,
    record: Callable[[], RecordedSession],
) -> str | None:
    """Why a signed-off record is not what was signed (None when it is): its stored pack copy,
    pack title or facts no longer give its fingerprint (checked once per sign-off and
    remembered), its fingerprint is not the one logged at sign-off, or its sign-off is gone or
    was never logged (the session's id was changed)."""
    if fingerprint is None:
        return None if logged is None else "its sign-off was removed outside npsworkshop"
    if logged is None:
        return (
            "its sign-off is not in the event log; the session (or its id) was changed "
            "outside npsworkshop"
        )
    key = (session_id, fingerprint)
    if key not in db.verified:
        db.verified[key] = _signed_record_problem(db, session_id, record) or ""
    if db.verified[key]:
        return db.verified[key]
    if logged and logged != fingerprint:
        return "its fingerprint is not the one recorded at sign-off; it was changed outside npsworkshop"
    return None


def _signed_record_problem(
    db: Database, session_id: str, record: Callable[[], RecordedSession]
) -> str | None:
    """The stored pack copy (read afresh, never from the cache), then the facts."""
    with db.read() as session:
        connection = session.connection()
        stored = connection.exec_driver_sql(_STORED_PACK, (session_id,)).first()
        changed_before = connection.exec_driver_sql(_COPY_CHANGED, (session_id,)).first()
    if stored is None:
        raise NotFound(f"no session {session_id!r}")
    problem = packs.copy_problem(*stored)
    if problem is not None:
        return problem
    if changed_before is not None:
        return (
            f"{packs.copy_changed(f'pack {stored[0]}')} (found when the pack copies were "
            "moved at the upgrade to schema 0006; the before-upgrade backup holds it)"
        )
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


def verified_snapshot(db: Database, session_id: str) -> SessionSnapshot:
    """The snapshot, refused when a signed-off record no longer matches its fingerprint."""
    try:
        snap = build_snapshot(*reading.record(db, session_id))
    except Tampered as exc:
        raise Tampered(f"{exc}. Nothing was exported.", exc.reason) from None
    signed = snap.record.sign_off
    if signed is not None:  # an export checks afresh, whatever this process saw before
        db.verified.pop((session_id, signed.fingerprint), None)
    with db.read() as session:
        logged = reading.signed_events(session, session_id).get(session_id)
    reason = tamper_reason(
        db, session_id, signed.fingerprint if signed else None, logged, lambda: snap.record
    )
    if reason is not None:
        raise Tampered(
            f"session {session_id} ({snap.record.title}): {reason}. Nothing was exported.", reason
        )
    return snap


def vanished_signed_sessions(db: Database) -> list[str]:
    """Ids of sessions the event log says were signed off that are no longer in the database."""
    from npsworkshop.store.tables import SessionRow

    with db.read() as session:
        logged = reading.signed_events(session)
        present = set(session.exec(select(SessionRow.id)).all())
    return sorted(set(logged) - present)


def sign_off(
    db: Database,
    session_id: str,
    name: str,
    role: str,
    signed_on: date | None,
    today: date | None = None,
) -> str:
    """Sign a complete session off; returns its fingerprint. The session is read-only after.
    `signed_on` may not be after `today` (the clock's date unless given) nor before the session."""
    from npsworkshop.store.tables import SessionRow, SignOffRow
    from npsworkshop.workshop import inputs

    checked: inputs.SignOffInput = inputs.validate(
        inputs.SignOffInput, "sign-off", name=name, role=role, signed_on=signed_on or date.today()
    )
    snap = build_snapshot(*reading.record(db, session_id))
    if snap.signed_off:
        raise Refused(f"session {session_id} is already signed off")
    rules.check_sign_off_date(checked.signed_on, snap.record.held_on, today or date.today())
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
    with db.write(session_id, "signed-off") as (session, change):
        row = session.get(SessionRow, snap.id)
        if (
            row is None
            or snap.record.updated_at is None
            or datetime.fromisoformat(row.updated_at) != snap.record.updated_at
        ):
            raise Refused("the session changed while it was being signed off; try again")
        change.detail.update(name=checked.name, role=checked.role, fingerprint=fingerprint)
        change.log()  # before the sign-off row makes the session read-only
        session.add(
            SignOffRow(
                session_id=session_id,
                name=checked.name,
                role=checked.role,
                signed_on=checked.signed_on.isoformat(),
                fingerprint=fingerprint,
                signed_at=now(),
            )
        )
    return fingerprint
