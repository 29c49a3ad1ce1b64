"""Follow-up reassessments (CONTRACT §5, §9): a new draft that starts from a signed baseline.

Same organisation, pack (the baseline's frozen copy, so the two compare area by area), scope and
participants; every outstanding action carried forward with its latest status and due date and a
link to its baseline ref, while the baseline's log says "carried forward to <session>" and from
then on refuses updates to it. The follow-up keeps the baseline's facts per area (level, ambition,
interim step), so its trend is recomputed from its own record in any workspace.
"""

from __future__ import annotations

import functools
import json
import secrets
from datetime import date
from pathlib import Path

from sqlmodel import Session

from npsworkshop.assessment.baseline import BaselineAreaFact, BaselineFact, StepFact
from npsworkshop.assessment.progress import OUTSTANDING, ProgressEntry, action_as_of
from npsworkshop.assessment.snapshot import RecordedSession, SessionSnapshot
from npsworkshop.assessment.trend import AreaTrend, compare
from npsworkshop.errors import InputError, Refused, Unreadable
from npsworkshop.framework.loader import LoadedPack
from npsworkshop.workshop import integrity, progress_log, reading
from npsworkshop.workshop.transactions import Database, now

SOURCE = "followup"
_BASELINE = (
    "INSERT INTO session_baseline (session_id, baseline_session, fingerprint, held_on, areas) "
    "VALUES (?, ?, ?, ?, ?)"
)
_FOLLOWUPS = (
    "SELECT b.session_id, o.session_id IS NOT NULL FROM session_baseline AS b "
    "JOIN workshop_session AS s ON s.id = b.session_id "
    "LEFT JOIN sign_off AS o ON o.session_id = b.session_id "
    "WHERE b.fingerprint = ? ORDER BY s.created_at, b.session_id"
)
_SIGNED_WITH = "SELECT session_id FROM sign_off WHERE fingerprint = ? ORDER BY signed_at LIMIT 1"
_ALL_SIGNED_WITH = "SELECT session_id FROM sign_off WHERE fingerprint = ? ORDER BY signed_at"


def area_facts(snapshot: SessionSnapshot) -> dict[str, BaselineAreaFact]:
    """Per area: the level (agreed where moderated, else the weakest), ambition, interim."""
    return {
        area.id: BaselineAreaFact(
            level=area.current_level,
            ambition=None
            if area.ambition is None
            else StepFact(level=area.ambition.level, by=area.ambition.by),
            interim=area.ambition.interim if area.ambition else None,
        )
        for area in snapshot.areas
    }


def baseline_facts(snapshot: SessionSnapshot) -> BaselineFact:
    """What a follow-up keeps of its signed baseline."""
    signed = snapshot.record.sign_off
    assert signed is not None
    return BaselineFact(
        session=snapshot.id,
        fingerprint=signed.fingerprint,
        held_on=snapshot.record.held_on,
        areas=area_facts(snapshot),
    )


def start_followup(
    db: Database,
    baseline_id: str,
    *,
    held_on: date,
    title: str | None,
    by: str | None,
    today: date,
) -> str:
    """Create the follow-up draft of a signed session in one transaction; returns its id."""
    from npsworkshop.store.tables import ActionRow, EventRow
    from npsworkshop.workshop import inputs, sessions

    snapshot = integrity.verified_snapshot(db, baseline_id)
    record = snapshot.record
    if record.sign_off is None:
        raise Refused(
            f"session {baseline_id} is a draft; only a signed-off session can be followed up"
        )
    problems: list[str] = []
    signed_on = record.sign_off.signed_on
    if held_on <= record.held_on or held_on < signed_on:
        problems.append(
            f"--held-on: {held_on.isoformat()} is not after the baseline (held on "
            f"{record.held_on.isoformat()}, signed off on {signed_on.isoformat()})"
        )
    # The same checks as `actions update --by`: `by` goes into the baseline's permanent log.
    who = progress_log.checked_text(inputs.Line, by, "--by", problems)
    if title is None:  # made up here, so cut to fit; a title typed over the limit is refused
        new_title: str | None = f"Follow-up of {record.title}"[: inputs.TITLE_MAX]
    else:
        new_title = progress_log.checked_text(inputs.Title, title, "--title", problems)
    if problems:
        raise InputError(SOURCE, problems)
    draft = inputs.validate(
        inputs.NewSession,
        SOURCE,
        organisation_name=record.organisation_name,
        organisation_type=record.organisation_type,
        organisation_code=record.organisation_code,
        title=new_title,
        held_on=held_on,
        facilitator=record.facilitator,
        pack_id=record.framework.id,
        scope=record.scope,
    )
    who = who or record.facilitator or "npsworkshop"
    loaded = LoadedPack(snapshot.pack, Path("<baseline>"), record.framework.sha256)
    session_id = secrets.token_hex(6)
    with db.write(None, "followup-started") as (session, _):
        _refuse_a_second_draft(session, baseline_id, record.sign_off.fingerprint)
        plan = progress_log.plan_in(db, session, baseline_id)
        sessions.insert_session(session, session_id, draft, loaded, list(record.scope))
        _copy_participants(session, session_id, snapshot)
        carried: list[ProgressEntry] = []
        rows: list[dict[str, object]] = []
        for action in plan.actions:
            state = action_as_of(action, today)
            if state.status not in OUTSTANDING or plan.carried_to(action.ref):
                continue
            rows.append(
                {
                    "session_id": session_id,
                    "area_id": action.area,
                    "title": action.title,
                    "owner": action.owner,
                    "due": state.due.isoformat() if state.due else None,
                    "status": state.status,
                    "position": len(rows) + 1,
                    "carried_from": action.ref,
                }
            )
            carried.append(
                ProgressEntry(
                    action.ref, today, state.status, state.status, who, carried_to=session_id
                )
            )
        sessions.insert_rows(session, ActionRow, rows)
        link(session, session_id, baseline_facts(snapshot))
        session.add(
            EventRow(
                session_id=session_id,
                at=now(),
                kind="followup-started",
                detail=json.dumps({"baseline": baseline_id, "carried": len(rows)}),
            )
        )
        session.flush()
        progress_log.append(session, plan, carried)
    return session_id


def followups_of(session: Session, fingerprint: str) -> list[tuple[str, bool]]:
    """The follow-ups of the baseline signed with `fingerprint` (in this workspace, whatever
    its id here): (id, signed off) each, oldest first."""
    rows = session.connection().exec_driver_sql(_FOLLOWUPS, (fingerprint,)).all()
    return [(str(sid), bool(signed)) for sid, signed in rows]


def _refuse_a_second_draft(session: Session, baseline_id: str, fingerprint: str) -> None:
    """A second draft follow-up of one baseline would split its actions between two drafts."""
    for followup_id, signed in followups_of(session, fingerprint):
        if not signed:
            raise Refused(
                f"session {baseline_id} already has a draft follow-up, {followup_id}; carry on "
                "there (or sign it off before starting another)"
            )


def _copy_participants(session: Session, session_id: str, snapshot: SessionSnapshot) -> None:
    from npsworkshop.store.tables import ParticipantRow
    from npsworkshop.workshop import sessions

    sessions.insert_rows(
        session,
        ParticipantRow,
        [
            {
                "session_id": session_id,
                "key": person.key,
                "name": person.name,
                "role": person.role,
                "department": person.department,
                "position": position,
            }
            for position, person in enumerate(snapshot.record.participants, start=1)
        ],
    )


def link(session: Session, session_id: str, baseline: BaselineFact) -> None:
    """Store a follow-up's baseline block (its facts, part of the follow-up's record)."""
    areas = {
        area: fact.model_dump(mode="json", exclude_none=False)
        for area, fact in baseline.areas.items()
    }
    session.connection().exec_driver_sql(
        _BASELINE,
        (
            session_id,
            baseline.session,
            baseline.fingerprint,
            baseline.held_on.isoformat(),
            json.dumps(areas),
        ),
    )


def local_baseline(db: Database, session: Session, baseline: BaselineFact) -> str | None:
    """The session in this workspace signed with the baseline's fingerprint whose record still
    verifies, if there is one (a tampered copy is never a follow-up's baseline)."""
    return signed_copies(db, session, baseline.fingerprint)[0]


def signed_copies(
    db: Database, session: Session, fingerprint: str
) -> tuple[str | None, dict[str, str]]:
    """The first session here signed with `fingerprint` whose record still verifies, and why
    each copy before it no longer does (id: reason), for "already here" and follow-up links."""
    changed: dict[str, str] = {}
    rows = session.connection().exec_driver_sql(_ALL_SIGNED_WITH, (fingerprint,)).all()
    for (found,) in rows:
        sid = str(found)
        logged = reading.signed_events(session, sid).get(sid)
        try:
            reason = integrity.tamper_reason(
                db, sid, fingerprint, logged, functools.partial(_recorded, db, sid)
            )
        except Unreadable as exc:
            reason = str(exc)
        if reason is None:
            return sid, changed
        changed[sid] = reason
    return None, changed


def _recorded(db: Database, session_id: str) -> RecordedSession:
    return reading.record(db, session_id)[0]


def signed_with(session: Session, fingerprint: str) -> str | None:
    """The session in this workspace signed off with `fingerprint`, if there is one."""
    found = session.connection().exec_driver_sql(_SIGNED_WITH, (fingerprint,)).first()
    return None if found is None else str(found[0])


def trend(snapshot: SessionSnapshot) -> tuple[AreaTrend, ...]:
    """A follow-up's trend, from its own record (empty for a session with no baseline)."""
    baseline = snapshot.record.baseline
    if baseline is None:
        return ()
    current = {area.id: area.current_level for area in snapshot.areas}
    return compare(snapshot.pack.area_ids(), baseline.plain(), current)


def compare_sessions(
    baseline: SessionSnapshot, later: SessionSnapshot, source: str = "compare"
) -> tuple[AreaTrend, ...]:
    """The trend between any two sessions on the same pack, area by area."""
    if baseline.record.framework.id != later.record.framework.id:
        raise InputError(
            source,
            [
                f"SESSION: {later.id} uses pack {later.record.framework.id} and {baseline.id} "
                f"uses {baseline.record.framework.id}; only sessions on the same pack compare "
                "area by area"
            ],
        )
    facts = {area: fact.plain() for area, fact in area_facts(baseline).items()}
    current = {area.id: area.current_level for area in later.areas}
    return compare(later.pack.area_ids(), facts, current)
