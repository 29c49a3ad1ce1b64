"""The sessions list: one summary line per session, with its status and progress, and every
signed-off one checked for tampering (the app lists sessions on opening, as `sessions` does)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from npsworkshop.assessment import rules
from npsworkshop.errors import Tampered, Unreadable
from npsworkshop.framework.levels import LEVELS, as_level, level_at
from npsworkshop.workshop import integrity, interim, progress_log, reading
from npsworkshop.workshop.transactions import Database

# Each area's weakest level (as an ordinal) in every session: the rule's result, for completeness.
_ORDINAL = " ".join(f"WHEN '{level}' THEN {n}" for n, level in enumerate(LEVELS, start=1))
_WEAKEST = (
    f"SELECT session_id, area_id, MIN(CASE level {_ORDINAL} END) FROM rating "
    "WHERE level IS NOT NULL GROUP BY session_id, area_id"
)
# Sessions with a rating npsworkshop never writes: an unknown level, or no such participant.
_LEVELS = "(" + ", ".join(f"'{level}'" for level in LEVELS) + ")"
_STATUSES = "(" + ", ".join(f"'{status}'" for status in rules.ACTION_STATUSES) + ")"
_BAD_RATINGS = (
    "SELECT r.session_id FROM rating AS r "
    "LEFT JOIN participant AS p ON p.id = r.participant_id "
    f"WHERE p.id IS NULL OR p.session_id != r.session_id OR r.level NOT IN {_LEVELS} "
    "UNION SELECT session_id FROM action "
    f"WHERE status NOT IN {_STATUSES} OR (due IS NOT NULL AND date(due) IS NULL) "
    "UNION SELECT session_id FROM area_outcome "
    "WHERE ambition_by IS NOT NULL AND date(ambition_by) IS NULL"
)

# Sessions with a progress log, or whose event log says they had one (a log cut short).
_WITH_PROGRESS = "SELECT session_id FROM progress_entry UNION SELECT session_id FROM event WHERE kind = 'progress'"


def _progress_log_problem(db: Database, session_id: str) -> str | None:
    """Why a signed session's progress log is not the log npsworkshop wrote, or None."""
    try:
        progress_log.read_plan(db, session_id)
    except Tampered as exc:
        return exc.reason
    return None


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
    # The sign-off came with an imported file (shown "(imported)").
    imported: bool = False
    # Why the session's rows cannot be read (status "damaged"), naming the field and the newest
    # good backup, or None.
    damaged: str | None = None
    organisation_code: str | None = None  # the council's GSS code, when recorded

    @property
    def council(self) -> str:
        """The organisation as a list shows it: its name, and its GSS code when it has one
        (two councils of one name, or one renamed, tell apart by it)."""
        code = f" ({self.organisation_code})" if self.organisation_code else ""
        return f"{self.organisation}{code}"

    @property
    def progress(self) -> str:
        return f"{self.areas_complete}/{self.areas_in_scope} areas complete"


def list_sessions(db: Database) -> list[SessionSummary]:
    """Every session, newest first, with its progress. A session whose rows cannot be read is
    listed as damaged (naming the field), and every other session still lists."""
    from npsworkshop.store.tables import OutcomeRow, SessionRow, SignOffRow

    with db.read() as session:
        rows = session.exec(
            select(SessionRow).order_by(
                col(SessionRow.held_on).desc(), col(SessionRow.updated_at).desc()
            )
        ).all()
        signed = session.exec(
            select(SignOffRow.session_id, SignOffRow.fingerprint, SignOffRow.imported_file)
        ).all()
        fingerprints = {sid: fingerprint for sid, fingerprint, _ in signed}
        imported = {sid for sid, _, source in signed if source is not None}
        logged = reading.signed_events(session)
        outcomes = session.exec(select(OutcomeRow)).all()
        weakest = {
            (sid, area): level_at(lowest)
            for sid, area, lowest in session.connection().exec_driver_sql(_WEAKEST)
            if lowest is not None
        }
        suspects = {sid for (sid,) in session.connection().exec_driver_sql(_BAD_RATINGS)}
        with_progress = {sid for (sid,) in session.connection().exec_driver_sql(_WITH_PROGRESS)}
    scopes: dict[str, set[str]] = {}
    held: dict[str, date] = {}
    for row in rows:
        try:
            scopes[row.id] = set(json.loads(row.scope))
            held[row.id] = date.fromisoformat(row.held_on)
            datetime.fromisoformat(row.created_at)
            datetime.fromisoformat(row.updated_at)
        except (ValueError, TypeError):
            suspects.add(row.id)
    done: dict[str, int] = {}
    for o in outcomes:  # an area without an outcome row lacks a justification: never complete
        if o.area_id not in scopes.get(o.session_id, ()):
            continue
        try:
            missing = rules.missing_for_completeness(
                weakest.get((o.session_id, o.area_id)),
                o.justification,
                as_level(o.ambition_level),
                as_level(o.agreed_level),
                **interim.rule_inputs(o, held.get(o.session_id)),
            )
        except ValueError:
            suspects.add(o.session_id)
            continue
        if not missing:
            done[o.session_id] = done.get(o.session_id, 0) + 1
    damaged: dict[str, str] = {}
    tampered: dict[str, str] = {}
    for row in rows:
        try:
            if row.id in fingerprints or row.id in logged:
                reason = integrity.tamper_reason(
                    db,
                    row.id,
                    fingerprints.get(row.id),
                    logged.get(row.id),
                    functools.partial(lambda sid: reading.record(db, sid)[0], row.id),
                )
                if reason is None and row.id in with_progress and row.id in fingerprints:
                    reason = _progress_log_problem(db, row.id)
                if reason is not None:
                    tampered[row.id] = reason
            elif row.id in suspects:
                reading.record(db, row.id)
        except Unreadable as exc:
            damaged[row.id] = str(exc)
    summaries: list[SessionSummary] = []
    for row in rows:
        status = (
            "damaged"
            if row.id in damaged
            else "tampered"
            if row.id in tampered
            else "signed-off"
            if row.id in fingerprints
            else "draft"
        )
        summaries.append(
            SessionSummary(
                id=row.id,
                organisation=row.organisation_name,
                title=row.title,
                held_on=row.held_on,
                status=status,
                areas_in_scope=len(scopes.get(row.id, ())),
                areas_complete=done.get(row.id, 0),
                updated_at=row.updated_at,
                tampered=tampered.get(row.id),
                imported=row.id in imported,
                damaged=damaged.get(row.id),
                organisation_code=row.organisation_code,
            )
        )
    return summaries
