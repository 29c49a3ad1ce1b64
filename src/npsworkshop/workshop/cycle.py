"""The improvement cycle's service calls, one object the facade hands out (`Workshop.cycle`):
progress on a plan, follow-ups, interim steps and trend. Each call is its own transaction."""

from __future__ import annotations

from datetime import date

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.assessment.trend import AreaTrend
from npsworkshop.framework.levels import LevelId
from npsworkshop.workshop import followup, imported_followup, interim, progress_log, reading
from npsworkshop.workshop.imported_followup import Unmarked
from npsworkshop.workshop.progress_log import Plan, Recorded, Update
from npsworkshop.workshop.transactions import Database


class Cycle:
    """Progress, follow-ups and trend over the workspace database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def action_plan(self, session_id: str) -> Plan:
        """The session's actions with refs and progress log (Tampered when the log was
        rewritten); `.report(as_of)` gives the committee numbers."""
        return progress_log.read_plan(self._db, session_id)

    def verified_plan(self, session_id: str) -> tuple[SessionSnapshot, Plan]:
        """The snapshot, refused when a signed record no longer matches its fingerprint, and its
        plan (refused when the log was rewritten): what a progress report prints."""
        return progress_log.verified_plan(self._db, session_id)

    def record_progress(self, session_id: str, update: Update, today: date) -> Recorded:
        """`actions update`: a draft's action changes; a signed plan's log gets an entry."""
        return progress_log.record_progress(self._db, session_id, update, today)

    def start_followup(
        self,
        baseline_id: str,
        *,
        held_on: date,
        title: str | None = None,
        by: str | None = None,
        today: date,
    ) -> str:
        """A draft reassessment of a signed session; returns its id."""
        return followup.start_followup(
            self._db, baseline_id, held_on=held_on, title=title, by=by, today=today
        )

    def followups_of(self, baseline_id: str) -> list[tuple[str, bool]]:
        """The follow-ups of a signed session here: (id, signed off) each, oldest first."""
        with self._db.read() as session:
            signed = reading.recorded_and_pack(self._db, session, baseline_id)[0].sign_off
            return [] if signed is None else followup.followups_of(session, signed.fingerprint)

    def signed_with(self, fingerprint: str) -> str | None:
        """The session here signed off with `fingerprint` (an import of it is "already here")."""
        with self._db.read() as session:
            return followup.signed_with(session, fingerprint)

    def signed_copies(self, fingerprint: str) -> tuple[str | None, dict[str, str]]:
        """The session here signed with `fingerprint` that still verifies (an import of it is
        "already here"), and why each copy signed with it before that one no longer does."""
        with self._db.read() as session:
            return followup.signed_copies(self._db, session, fingerprint)

    def unmarked_carried(self, session_id: str) -> Unmarked | None:
        """An imported follow-up's carried actions its baseline here does not record as carried
        to it (done there, or carried elsewhere), for `import` to say so."""
        return imported_followup.unmarked(self._db, session_id)

    def set_interim(
        self, session_id: str, area_id: str, level: LevelId | None, by: date | None
    ) -> None:
        """Set or (level None) clear the interim step of an area's ambition."""
        interim.set_interim(self._db, session_id, area_id, level, by)

    def trend(self, session_id: str) -> tuple[AreaTrend, ...]:
        """A follow-up's trend against its baseline (empty without one)."""
        from npsworkshop.assessment.snapshot import build_snapshot

        return followup.trend(build_snapshot(*reading.record(self._db, session_id)))
