"""The workshop service: the one way every front end reads and changes sessions.

`Workshop` is a small facade over modules of one reason each: `transactions` (one immediate
transaction per change, the refusal of signed records, the event log), `claims` (who is editing),
`reading` (the record), `packs` (each session's frozen pack), `sessions` (session and participant
commands), `scope` (the areas a draft assesses), `ratings`, `outcomes` and `actions` (through
`outcome_commands`, the facade's part for an area's result and plan), `integrity`
(sign-off and tamper evidence), `listing` (the sessions list) and `importing`. Every change is on disk before the call returns.

Only what opening, reading and checking a session needs is imported with this module: each
command that changes a session imports its module inside the method, so a read-only command
(`export`) never loads the ORM's table classes, the input models or the write commands.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from npsworkshop.assessment.snapshot import RecordedSession, SessionSnapshot, build_snapshot
from npsworkshop.errors import NotFound, NotSaved, Refused, Tampered, write_failure_cause
from npsworkshop.framework.loader import LoadedPack, find_pack
from npsworkshop.framework.models import Pack
from npsworkshop.store import backups, lock
from npsworkshop.store.database import checkpoint, open_database
from npsworkshop.workshop import integrity, listing, reading
from npsworkshop.workshop.cycle import Cycle
from npsworkshop.workshop.listing import SessionSummary
from npsworkshop.workshop.outcome_commands import OutcomeCommands
from npsworkshop.workshop.transactions import Database
from npsworkshop.workspace import Workspace

if TYPE_CHECKING:
    from npsworkshop.framework.levels import LevelId
    from npsworkshop.workshop import ballots, inputs

__all__ = ["NotFound", "NotSaved", "Refused", "SessionSummary", "Tampered", "Workshop"]


class Workshop(OutcomeCommands):
    """The service over one workspace database. Thread-safe: writes are serialised."""

    def __init__(self, workspace: Workspace, engine: Engine) -> None:
        self.workspace = workspace
        self._db = Database(workspace, engine)
        self._database_hold: lock.DatabaseHandle | None = None
        self._closed = False
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
        self._db.close()
        try:
            checkpoint(self._db.engine)
        except (OperationalError, sqlite3.Error, OSError) as exc:
            # Every change is already committed: folding the journal back is tried again on
            # the next open, so a failure here is a notice, never a failed command.
            cause = write_failure_cause(str(getattr(exc, "orig", None) or exc))
            self.notices.append(
                f"every change is saved, but the database's journal could not be folded back "
                f"into it ({cause}); it will be on the next start"
            )
        finally:
            self._db.engine.dispose()
            self._db.claims.release_all()
            if self._database_hold is not None:
                self._database_hold.release()
                self._database_hold = None

    def __enter__(self) -> Workshop:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

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
        with self._db.read() as session:
            reading.session_row(session, session_id)
        return self._db.claims.claim(session_id, program)

    def release(self, session_id: str) -> None:
        self._db.claims.release(session_id)

    def held_by(self, session_id: str) -> lock.HeldBy | None:
        """Who else is editing the session, if anyone (this process does not count)."""
        return self._db.claims.held_by(session_id)

    # Sessions and participants -----------------------------------------------------------------

    def resolve(self, prefix: str) -> str:
        """The session id that is `prefix` or starts with it; NotFound when none or several."""
        return reading.resolve(self._db, prefix)

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, newest first, with its progress."""
        return listing.list_sessions(self._db)

    def vanished_signed_sessions(self) -> list[str]:
        """Ids of sessions the event log says were signed off that are no longer in the database."""
        return integrity.vanished_signed_sessions(self._db)

    def create_session(self, draft: inputs.NewSession) -> str:
        """A new draft session with its frozen pack and participants; returns its id."""
        from npsworkshop.workshop import sessions

        return sessions.create_session(self._db, draft)

    def update_details(self, session_id: str, **changes: Any) -> None:
        """Change organisation, type, GSS code (`organisation_code`, None clears it), title, date
        or facilitator of a draft session."""
        from npsworkshop.workshop import sessions

        sessions.update_details(self._db, session_id, **changes)

    def change_scope(self, session_id: str, scope: Sequence[str]) -> list[str]:
        """Assess these areas of a draft from now on (returned in the pack's order): an area left
        out loses everything recorded for it, one added starts empty. Refused for an area
        holding actions a follow-up carried forward."""
        from npsworkshop.workshop import scope as scopes

        return scopes.change_scope(self._db, session_id, scope)

    def add_participant(
        self, session_id: str, name: str, role: str = "", department: str = ""
    ) -> str:
        """A latecomer; returns their key."""
        from npsworkshop.workshop import sessions

        return sessions.add_participant(self._db, session_id, name, role, department)

    def update_participant(
        self, session_id: str, key: str, name: str, role: str = "", department: str = ""
    ) -> None:
        from npsworkshop.workshop import sessions

        sessions.update_participant(self._db, session_id, key, name, role, department)

    def remove_participant(self, session_id: str, key: str) -> None:
        """Remove a participant and their ratings."""
        from npsworkshop.workshop import sessions

        sessions.remove_participant(self._db, session_id, key)

    # Ratings -----------------------------------------------------------------------------------

    def rate(
        self,
        session_id: str,
        area_id: str,
        participant: str,
        level: LevelId | None,
        dimension: str | None = None,
    ) -> None:
        """Record a participant's level for an area (or one of its dimensions); None abstains."""
        from npsworkshop.workshop import ratings

        ratings.rate(self._db, session_id, area_id, participant, level, dimension)

    def abstain(
        self, session_id: str, area_id: str, participant: str, dimension: str | None = None
    ) -> None:
        from npsworkshop.workshop import ratings

        ratings.rate(self._db, session_id, area_id, participant, None, dimension)

    def clear_rating(
        self, session_id: str, area_id: str, participant: str, dimension: str | None = None
    ) -> None:
        """Forget a participant's rating (and note) for an area or dimension."""
        from npsworkshop.workshop import ratings

        ratings.clear_rating(self._db, session_id, area_id, participant, dimension)

    def set_note(
        self,
        session_id: str,
        area_id: str,
        participant: str,
        note: str | None,
        dimension: str | None = None,
    ) -> None:
        """A participant's note on their rating; the rating must exist (a level or an abstention)."""
        from npsworkshop.workshop import ratings

        ratings.set_note(self._db, session_id, area_id, participant, note, dimension)

    # Phone ballots (docs/phones.md) -----------------------------------------------------------

    def ballot_transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """The ballot box's transaction on the single writer: no stamp, no event per vote."""
        from npsworkshop.workshop import ballots

        return ballots.ballot_transaction(self._db)

    def rate_many(
        self,
        session_id: str,
        ratings: Iterable[ballots.RatingToWrite],
        *,
        db: sqlite3.Connection | None = None,
    ) -> None:
        """Every rating with `rate`'s checks and events, or none; with `db` inside that open
        ballot transaction (the reveal), else in its own."""
        from npsworkshop.workshop import ballots

        ballots.rate_many(self._db, session_id, ratings, sql=db)

    def restore_ratings(
        self,
        session_id: str,
        cells: Iterable[ballots.CellBefore],
        *,
        db: sqlite3.Connection | None = None,
    ) -> None:
        """Undo of a phone reveal: every cell back as it was before, or none; with `db` inside
        that open ballot transaction (the one that reopens the round)."""
        from npsworkshop.workshop import ballots

        ballots.restore_ratings(self._db, session_id, cells, sql=db)

    def set_last_area(self, session_id: str, area_id: str) -> None:
        """Remember the current area so reopening returns to it (allowed after sign-off too)."""
        from npsworkshop.store.tables import UiStateRow

        with self._db.write_untracked() as session:
            row = session.get(UiStateRow, session_id) or UiStateRow(session_id=session_id)
            row.last_area = area_id
            session.add(row)

    # Reading -----------------------------------------------------------------------------------

    @property
    def cycle(self) -> Cycle:
        """Progress after sign-off, follow-ups and trend (workshop/cycle.py)."""
        return Cycle(self._db)

    def record(self, session_id: str) -> tuple[RecordedSession, Pack]:
        """The recorded facts of a session and its frozen pack."""
        return reading.record(self._db, session_id)

    def snapshot(self, session_id: str) -> SessionSnapshot:
        """The session with every computed result (what screens and exports read)."""
        return build_snapshot(*reading.record(self._db, session_id))

    def verified_snapshot(self, session_id: str) -> SessionSnapshot:
        """The snapshot, refused (Tampered) when a signed-off record, its stored pack copy or
        anything an output prints no longer matches its fingerprint."""
        return integrity.verified_snapshot(self._db, session_id)

    # Sign-off and import -----------------------------------------------------------------------

    def sign_off(
        self,
        session_id: str,
        name: str,
        role: str,
        signed_on: date | None = None,
        *,
        today: date | None = None,
    ) -> str:
        """Sign a complete session off; returns its fingerprint. The session is read-only after.
        A `signed_on` after `today` (the clock's date unless given) or before the session is
        refused, naming the date."""
        fingerprint = integrity.sign_off(self._db, session_id, name, role, signed_on, today)
        self._backup(lambda: backups.backup_now(self.workspace.database, "sign-off"))
        return fingerprint

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
        from npsworkshop.workshop import importing

        loaded = loaded or find_pack(spec.session.pack_id, self.workspace.root)
        session_id = importing.import_session(self._db, spec, source, expected_fingerprint, loaded)
        if spec.sign_off is not None:
            self._backup(lambda: backups.backup_now(self.workspace.database, "sign-off"))
        return session_id
