"""Progress on a session's action plan (CONTRACT §5, §9): the append-only, chained log of a
signed-off session, and a draft's actions changed in place.

The signed facts and their fingerprint never change: a signed session's progress is a row of
`progress_entry` per update, whose hash covers the entry before it and the fingerprint. The
database refuses an entry that does not follow the head, and any update or delete; reading the
log recomputes every hash, so an entry rewritten behind the triggers is reported as tampering.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlmodel import Session

from npsworkshop.assessment.progress import (
    PlanAction,
    ProgressEntry,
    ProgressReport,
    action_as_of,
    action_refs,
    entry_hash,
    first_broken,
    progress_report,
)
from npsworkshop.assessment.rules import ACTION_STATUSES, ActionStatus
from npsworkshop.assessment.snapshot import RecordedSession, SessionSnapshot
from npsworkshop.errors import InputError, Refused, Tampered
from npsworkshop.framework.models import Pack
from npsworkshop.workshop import integrity, reading
from npsworkshop.workshop.transactions import Database, now

_ACTIONS = (
    "SELECT id, area_id, title, owner, due, status, position, carried_from FROM action "
    "WHERE session_id = ? ORDER BY position, id"
)
_ENTRIES = (
    "SELECT action_id, ref, on_date, status, old_status, by_name, note, due, carried_to, "
    "previous, hash FROM progress_entry WHERE session_id = ? ORDER BY id"
)
_INSERT = (
    "INSERT INTO progress_entry (session_id, action_id, ref, on_date, status, old_status, "
    "by_name, note, due, carried_to, recorded_at, previous, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_EVENT = "INSERT INTO event (session_id, at, kind, area_id, detail) VALUES (?, ?, ?, ?, ?)"
# Each entry's hash as the append-only event log recorded it: a log cut short still chains, but
# the event log names the entries it lost.
_LOGGED = (
    "SELECT json_extract(detail, '$.action'), json_extract(detail, '$.hash') FROM event "
    "WHERE session_id = ? AND kind = 'progress' ORDER BY id"
)
SOURCE = "actions update"


@dataclass(frozen=True)
class Plan:
    """A session's actions with their refs and progress log, as one transaction saw them."""

    record: RecordedSession
    pack: Pack
    actions: tuple[PlanAction, ...]
    ids: dict[str, int]  # ref -> action row id
    head: str | None

    @property
    def fingerprint(self) -> str | None:
        return self.record.sign_off.fingerprint if self.record.sign_off else None

    def action(self, ref: str) -> PlanAction:
        wanted = ref.strip().upper()
        for action in self.actions:
            if action.ref == wanted:
                return action
        raise InputError(
            SOURCE,
            [
                f"ACTION: no action {ref!r} in session {self.record.id} "
                f"(`npsworkshop actions {self.record.id}` lists them)"
            ],
        )

    def carried_to(self, ref: str) -> str | None:
        """The follow-up session an action was carried forward to, if it was."""
        for entry in reversed(self.action(ref).entries):
            if entry.carried_to:
                return entry.carried_to
        return None

    def report(self, as_of: date) -> ProgressReport:
        return progress_report(
            self.record.id,
            self.pack,
            self.record.scope,
            self.actions,
            as_of,
            chain_head=self.head,
            fingerprint=self.fingerprint,
        )


def read_plan(db: Database, session_id: str) -> Plan:
    with db.read() as session:
        return plan_in(db, session, session_id)


def verified_plan(db: Database, session_id: str) -> tuple[SessionSnapshot, Plan]:
    """The snapshot, refused when a signed record no longer matches its fingerprint, and its
    plan, refused when the log was rewritten: what anything relying on progress reads."""
    snapshot = integrity.verified_snapshot(db, session_id)
    with db.read() as session:
        known = (snapshot.record, snapshot.pack)
        return snapshot, plan_in(db, session, session_id, known)


def plan_in(
    db: Database,
    session: Session,
    session_id: str,
    known: tuple[RecordedSession, Pack] | None = None,
) -> Plan:
    """The plan as `session`'s transaction sees it; Tampered when the log no longer chains.
    `known`: the session's record and pack when the caller has just read them."""
    record, pack = known or reading.recorded_and_pack(db, session, session_id)
    connection = session.connection()
    rows = connection.exec_driver_sql(_ACTIONS, (session_id,)).all()
    order = [a for a in pack.area_ids() if a in record.scope]
    refs = action_refs(order, [(r.id, r.area_id, r.position) for r in rows])
    logged = connection.exec_driver_sql(_ENTRIES, (session_id,)).all()
    entries = [(_entry(row), row[9], row[10]) for row in logged]
    fingerprint = record.sign_off.fingerprint if record.sign_off else None
    head: str | None = None
    if entries:
        broken = None if fingerprint is None else first_broken(fingerprint, entries)
        if fingerprint is None or broken is not None:
            at = 0 if broken is None else broken
            raise Tampered.of(
                session_id,
                record.title,
                f"progress entry {at + 1} of {len(entries)} ({entries[at][0].ref}, "
                f"{entries[at][0].on.isoformat()}) is not the entry that was recorded; the "
                "progress log was changed outside npsworkshop",
            )
        head = entries[-1][2]
    if fingerprint is not None:
        _check_nothing_lost(connection, session_id, record.title, {e[2] for e in entries})
    by_action: dict[int, list[ProgressEntry]] = {}
    for row, (entry, _, _) in zip(logged, entries, strict=True):
        by_action.setdefault(row[0], []).append(entry)
    plan = sorted(
        (
            PlanAction(
                ref=refs[r.id],
                area=r.area_id,
                title=r.title,
                owner=r.owner,
                due=date.fromisoformat(r.due) if r.due else None,
                status=r.status,
                entries=tuple(by_action.get(r.id, ())),
                carried_from=r.carried_from,
            )
            for r in rows
        ),
        key=lambda a: int(a.ref[1:]),
    )
    return Plan(record, pack, tuple(plan), {ref: i for i, ref in refs.items()}, head)


def _check_nothing_lost(connection: Any, session_id: str, title: str, stored: set[str]) -> None:
    """Tampered when the event log records a progress entry the log no longer holds (the log was
    cut short, or an entry deleted, behind the database's refusals)."""
    logged = connection.exec_driver_sql(_LOGGED, (session_id,)).all()
    lost = [(ref, digest) for ref, digest in logged if digest not in stored]
    if lost:
        ref, digest = lost[0]
        how = "cut short" if len(stored) < len(logged) else "rewritten"
        raise Tampered.of(
            session_id,
            title,
            f"the event log records {len(lost)} progress "
            f"{'entry' if len(lost) == 1 else 'entries'} no longer in the progress log (the "
            f"first: {ref}, {str(digest)[:12]}); the log was {how} outside npsworkshop",
        )


def _entry(row: Any) -> ProgressEntry:
    """An entry from an `_ENTRIES` row (by position: a plan's whole log is read each time)."""
    _action, ref, on, status, old, by, note, due, carried_to = row[:9]
    return ProgressEntry(
        ref,
        date.fromisoformat(on),
        status,
        old,
        by,
        note,
        date.fromisoformat(due) if due else None,
        carried_to,
    )


@dataclass(frozen=True)
class Update:
    """What `actions update` was asked to record."""

    ref: str
    status: str
    note: str | None = None
    on: date | None = None
    by: str | None = None
    due: date | None = None


@dataclass(frozen=True)
class Recorded:
    """What happened: a draft's action changed, or an entry appended to a signed log."""

    ref: str
    old_status: ActionStatus
    status: ActionStatus
    logged: bool
    head: str | None


def _checked(update: Update, record: RecordedSession, today: date) -> Update:
    from npsworkshop.workshop import inputs

    problems: list[str] = []
    if update.status not in ACTION_STATUSES:
        problems.append(
            f"--status: {update.status!r} is not a status; one of {', '.join(ACTION_STATUSES)}"
        )
    note = checked_text(inputs.LongText, update.note, "--note", problems)
    by = checked_text(inputs.Line, update.by, "--by", problems)
    on = update.on or today
    if record.sign_off is not None:
        if not by:
            problems.append("--by: who is recording the progress is required on a signed plan")
        if on > today:
            problems.append(f"--on: {on.isoformat()} is in the future; progress has a past date")
        if on < record.held_on:
            problems.append(
                f"--on: {on.isoformat()} is before the workshop ({record.held_on.isoformat()})"
            )
        elif on < record.sign_off.signed_on:
            problems.append(
                f"--on: {on.isoformat()} is before the plan was signed off "
                f"({record.sign_off.signed_on.isoformat()}); progress on a plan comes after it"
            )
    if update.due is not None and update.due < record.held_on:
        problems.append(
            f"--due: {update.due.isoformat()} is before the workshop ({record.held_on.isoformat()})"
        )
    if problems:
        raise InputError(SOURCE, problems)
    return Update(update.ref, update.status, note or None, on, by or None, update.due)


def checked_text(kind: Any, value: str | None, field: str, problems: list[str]) -> str | None:
    """`value` as the input type `kind` takes it, or None with the problem added (naming
    `field`); None stays None."""
    if value is None:
        return None
    try:
        return str(TypeAdapter(kind).validate_python(value))
    except ValidationError as exc:
        problems.append(f"{field}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}")
        return None


def record_progress(db: Database, session_id: str, update: Update, today: date) -> Recorded:
    """A draft: change the action. A signed plan: append a chained entry to its log."""
    plan = verified_plan(db, session_id)[1]
    checked = _checked(update, plan.record, today)
    action = plan.action(checked.ref)
    status: ActionStatus = checked.status  # type: ignore[assignment]
    if plan.record.sign_off is None:
        from npsworkshop.workshop import actions

        actions.update_action(
            db,
            session_id,
            plan.ids[action.ref],
            action.title,
            action.owner,
            checked.due or action.due,
            status,
        )
        return Recorded(action.ref, action.status, status, logged=False, head=None)
    # No claim on the session: a signed record never changes, and its log's entries are
    # serialised by the one writer and re-read below, so the app showing it (read-only) or a
    # follow-up being started from it blocks nothing, as `followup` blocks nothing (R17).
    with db.lock, db.write_untracked() as session:
        plan = plan_in(db, session, session_id)  # again, inside the one writer's transaction
        action = plan.action(checked.ref)
        carried = plan.carried_to(action.ref)
        if carried is not None:
            raise Refused(
                f"action {action.ref} of session {session_id} was carried forward to follow-up "
                f"session {carried}; record its progress there"
            )
        assert checked.on is not None and checked.by is not None
        old = action_as_of(action, checked.on).status
        entry = ProgressEntry(
            action.ref, checked.on, status, old, checked.by, checked.note, checked.due
        )
        head = append(session, plan, [entry])
    return Recorded(action.ref, old, status, logged=True, head=head)


def append(session: Session, plan: Plan, entries: Sequence[ProgressEntry]) -> str | None:
    """Append entries to a signed plan's log in the caller's transaction; returns the new head.
    Each also goes in the session's event log (append-only too), so a truncated progress log
    shows against the events."""
    fingerprint = plan.fingerprint
    if fingerprint is None:
        raise Refused(f"session {plan.record.id} is a draft: its actions change directly")
    connection = session.connection()
    head = plan.head
    stamp = now()
    for entry in entries:
        previous, head = head, entry_hash(head, fingerprint, entry)
        connection.exec_driver_sql(
            _INSERT,
            (
                plan.record.id,
                plan.ids[entry.ref],
                entry.ref,
                entry.on.isoformat(),
                entry.status,
                entry.old_status,
                entry.by,
                entry.note,
                entry.due.isoformat() if entry.due else None,
                entry.carried_to,
                stamp,
                previous,
                head,
            ),
        )
        detail = json.dumps(
            {"action": entry.ref, "old": entry.old_status, "new": entry.status, "hash": head}
        )
        connection.exec_driver_sql(_EVENT, (plan.record.id, stamp, "progress", None, detail))
    return head
