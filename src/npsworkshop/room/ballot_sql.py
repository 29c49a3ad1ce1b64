"""The durable ballot box: the `BallotBox` operations as plain SQL over a caller's transaction.

Each method runs in one `Transaction` (BEGIN IMMEDIATE ... COMMIT), so a vote is on disk before
the phone is told "recorded", and everything survives a restart. The transaction is the caller's:
today a ballot file of its own (ballot_schema.file_transaction), once wired the workspace
database's single writer (docs/phones.md). Where the database also holds the session's
`sign_off` table, a signed-off session is refused from there too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime

from npsworkshop.framework.levels import is_level
from npsworkshop.room import ballot_queries as sql
from npsworkshop.room.ballot import (
    NO_DIMENSION,
    BallotRefused,
    PhoneView,
    RatingToWrite,
    Refusal,
    RestoreRatings,
    RoundState,
    Tally,
    Vote,
    WriteRatings,
)
from npsworkshop.room.ballot_schema import Transaction


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dimensions(text: str) -> tuple[str, ...]:
    return tuple(text.split(",")) if text else (NO_DIMENSION,)


class SqlBallotBox:
    """One session's ballots in SQL. Thread-safe as far as the transaction is (it serialises)."""

    def __init__(
        self, transaction: Transaction, session_id: str, *, read: Transaction | None = None
    ) -> None:
        """`transaction` writes (the single writer's); `read`, if given, is a read-only
        transaction that need not wait for the writer (WAL), used for pages and the tally."""
        self.session_id = session_id
        self._transaction = transaction
        self._read = read or transaction
        # Reads on their own reader never wait for a commit's fsync: cheap enough to make on the
        # event loop (a thread hop costs more than the read).
        self.quick_reads = read is not None
        with transaction() as db:
            self._has_sign_off = (
                db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sign_off'"
                ).fetchone()
                is not None
            )

    # Rounds ------------------------------------------------------------------------------------

    def _state(self, db: sqlite3.Connection) -> RoundState:
        room = db.execute(sql.ROOM, (self.session_id,)).fetchone()
        area_id, signed = (room[0], bool(room[1])) if room else (None, False)
        if not signed and self._has_sign_off:
            signed = db.execute(sql.SESSION_SIGNED, (self.session_id,)).fetchone() is not None
        if area_id is None:
            return RoundState(None, 0, (), False, signed)
        latest = db.execute(sql.LATEST_ROUND, (self.session_id, area_id)).fetchone()
        if latest is None:  # cannot happen through this class; a hand-edited table
            return RoundState(None, 0, (), False, signed)
        number, dimensions, revealed_at = latest
        return RoundState(area_id, number, _dimensions(dimensions), revealed_at is not None, signed)

    def state(self) -> RoundState:
        with self._read() as db:
            return self._state(db)

    def _open_round(
        self, db: sqlite3.Connection, area_id: str, dimensions: Sequence[str], *, new: bool
    ) -> RoundState:
        if self._state(db).signed_off:
            raise BallotRefused("the session is signed off", code="signed-off")
        latest = db.execute(sql.LATEST_ROUND, (self.session_id, area_id)).fetchone()
        if latest is None or new:
            number = 1 if latest is None else latest[0] + 1
            stored = ",".join(d for d in dimensions if d != NO_DIMENSION)
            db.execute(sql.NEW_ROUND, (self.session_id, area_id, number, stored, _now()))
        db.execute(sql.SET_AREA, (self.session_id, area_id))
        return self._state(db)

    def show_area(self, area_id: str, dimensions: Sequence[str]) -> RoundState:
        with self._transaction() as db:
            return self._open_round(db, area_id, dimensions, new=False)

    def revote(self, area_id: str, dimensions: Sequence[str]) -> RoundState:
        with self._transaction() as db:
            return self._open_round(db, area_id, dimensions, new=True)

    def reveal(self, write: WriteRatings) -> list[RatingToWrite]:
        with self._transaction() as db:
            state = self._state(db)
            self._require_open(state)
            assert state.area_id is not None
            closed = self._closed(db, state)
            ratings = [
                RatingToWrite(participant, state.area_id, dimension, level)
                for participant, dimension, level in db.execute(
                    sql.ROUND_VOTES, (self.session_id, state.area_id, state.round)
                )
                if participant not in closed
            ]
            listed = self._roster(db)
            if listed is not None:
                for gone in sorted({r.participant for r in ratings} - listed):
                    why = "their vote was left out: they are no longer on the session's list"
                    db.execute(sql.REFUSE, (self.session_id, _now(), gone, why))
                ratings = [r for r in ratings if r.participant in listed]
            write(db, ratings)
            db.execute(sql.REVEAL, (_now(), self.session_id, state.area_id, state.round))
            return ratings

    def undo_reveal(self, area_id: str, restore: RestoreRatings) -> RoundState:
        with self._transaction() as db:
            state = self._state(db)
            if state.signed_off:
                raise BallotRefused("the session is signed off", code="signed-off")
            if state.area_id != area_id or not state.revealed:
                raise BallotRefused(
                    "the phone votes on this area are not revealed", code="not-revealed"
                )
            restore(db)
            db.execute(sql.UNREVEAL, (self.session_id, area_id, state.round))
            return self._state(db)

    def mark_signed_off(self) -> None:
        with self._transaction() as db:
            db.execute(sql.SIGN_OFF, (self.session_id,))

    # Bindings ----------------------------------------------------------------------------------

    def bind(self, participant: str, device_sha256: str, *, record_refusal: bool = True) -> None:
        with self._transaction() as db:
            listed = self._roster(db)
            if listed is not None and participant not in listed:
                raise BallotRefused(
                    "that name is no longer on the session's list", code="not-listed"
                )
            holder = db.execute(sql.DEVICE_OF, (self.session_id, participant)).fetchone()
            if holder is not None and holder[0] == device_sha256:
                return
            mine = db.execute(sql.BOUND_TO, (self.session_id, device_sha256)).fetchone()
            refusal: BallotRefused | None = None
            released = db.execute(sql.WAS_RELEASED, (self.session_id, participant, device_sha256))
            if holder is not None:
                refusal = BallotRefused(
                    "this name is already in use on another phone; ask the facilitator",
                    code="taken",
                )
            elif released.fetchone() is not None:
                refusal = BallotRefused(
                    "the facilitator released this name from this phone; ask the facilitator",
                    code="taken",
                )
            elif mine is not None:
                refusal = BallotRefused(
                    "this phone is already used by another participant", code="taken"
                )
            if refusal is not None:
                if record_refusal:
                    why = "another phone tried to vote as them"
                    db.execute(sql.REFUSE, (self.session_id, _now(), participant, why))
            else:
                db.execute(sql.BIND, (self.session_id, participant, device_sha256, _now()))
        if refusal is not None:
            raise refusal  # raised after the commit, so the refusal stays recorded

    def release(self, participant: str) -> None:
        with self._transaction() as db:
            holder = db.execute(sql.DEVICE_OF, (self.session_id, participant)).fetchone()
            if holder is not None:  # that phone may not take the name back (it was the wrong one)
                db.execute(sql.RELEASED, (self.session_id, participant, holder[0], _now()))
            db.execute(sql.UNBIND, (self.session_id, participant))
            db.execute(sql.DROP_OPEN_VOTES, (self.session_id, participant))

    def forget(self, participants: Sequence[str]) -> None:
        """These participants left the session: their binding, votes, closed ballots and
        releases go, in one transaction (the service may have done it already: then nothing)."""
        with self._transaction() as db:
            for participant in participants:
                for statement in sql.FORGET:
                    db.execute(statement, (self.session_id, participant))

    def bound_to(self, device_sha256: str) -> str | None:
        with self._read() as db:
            found = db.execute(sql.BOUND_TO, (self.session_id, device_sha256)).fetchone()
        return None if found is None else str(found[0])

    def phone_view(self, device_sha256: str) -> PhoneView:
        with self._read() as db:
            state = self._state(db)
            found = db.execute(sql.BOUND_TO, (self.session_id, device_sha256)).fetchone()
            participant = None if found is None else str(found[0])
            votes: dict[str, str | None] = {}
            if participant is not None and state.area_id is not None:
                key = (self.session_id, state.area_id, state.round, participant)
                votes = {dimension: level for dimension, level in db.execute(sql.VOTES_OF, key)}
            taken = frozenset(row[0] for row in db.execute(sql.BINDINGS, (self.session_id,)))
        return PhoneView(participant, state, votes, taken)

    def bindings(self) -> frozenset[str]:
        with self._read() as db:
            return frozenset(row[0] for row in db.execute(sql.BINDINGS, (self.session_id,)))

    # Votes -------------------------------------------------------------------------------------

    @staticmethod
    def _require_open(state: RoundState) -> None:
        if state.signed_off:
            raise BallotRefused("the session is signed off; voting is closed", code="signed-off")
        if state.area_id is None:
            raise BallotRefused("no area is open for voting yet", code="no-area")
        if state.revealed:
            raise BallotRefused("the votes for this area have been revealed", code="revealed")

    def _closed(self, db: sqlite3.Connection, state: RoundState) -> frozenset[str]:
        rows = db.execute(sql.CLOSED, (self.session_id, state.area_id, state.round))
        return frozenset(row[0] for row in rows)

    def vote(
        self,
        device_sha256: str,
        area_id: str,
        round_number: int,
        choices: Mapping[str, str | None],
        roster: Collection[str] | None = None,
    ) -> str:
        with self._transaction() as db:
            vote = Vote(device_sha256, area_id, round_number, choices)
            return self._vote(db, self._state(db), vote, roster)

    def vote_many(
        self, votes: Sequence[Vote], roster: Collection[str] | None = None
    ) -> list[str | BallotRefused]:
        """Votes that arrived together, in one transaction (one fsync for all): per vote, the
        participant it was recorded for, or why it was refused (the others are still recorded)."""
        results: list[str | BallotRefused] = []
        with self._transaction() as db:
            state = self._state(db)
            for vote in votes:
                try:
                    results.append(self._vote(db, state, vote, roster))
                except BallotRefused as refused:
                    results.append(refused)
        return results

    def _roster(self, db: sqlite3.Connection) -> frozenset[str] | None:
        """The participants' keys in the database, or None for a ballot file of its own."""
        if db.execute(sql.HAS_ROSTER).fetchone() is None:
            return None
        return frozenset(str(key) for (key,) in db.execute(sql.ROSTER, (self.session_id,)))

    def _vote(
        self,
        db: sqlite3.Connection,
        state: RoundState,
        vote: Vote,
        roster: Collection[str] | None,
    ) -> str:
        """Check one vote against the round (and the roster, when given) and write it (nothing
        is written if it is refused)."""
        self._require_open(state)
        if vote.area_id != state.area_id:
            raise BallotRefused("the facilitator has moved to another area", code="wrong-area")
        if vote.round != state.round:
            raise BallotRefused(
                "the facilitator started a new vote on this area", code="stale-round"
            )
        found = db.execute(sql.BOUND_TO, (self.session_id, vote.device_sha256)).fetchone()
        if found is None:
            raise BallotRefused("pick your name first", code="not-bound")
        participant = str(found[0])
        listed = self._roster(db)
        if any(r is not None and participant not in r for r in (roster, listed)):
            raise BallotRefused("your name is no longer on the session's list", code="not-listed")
        key = (self.session_id, vote.area_id, state.round, participant)
        if db.execute(sql.IS_CLOSED, key).fetchone() is not None:
            raise BallotRefused(
                "the facilitator has entered your rating for this area", code="closed"
            )
        choices = vote.choices
        bad = [d for d in choices if d not in state.dimensions] + [
            str(level) for level in choices.values() if level is not None and not is_level(level)
        ]
        if bad or not choices:
            raise BallotRefused("that choice is not on the ballot", code="bad-choice")
        now = _now()
        db.executemany(
            sql.VOTE, [(*key, dimension, level, now) for dimension, level in choices.items()]
        )
        return participant

    def votes_of(self, participant: str) -> dict[str, str | None]:
        with self._read() as db:
            state = self._state(db)
            if state.area_id is None:
                return {}
            rows = db.execute(
                sql.VOTES_OF, (self.session_id, state.area_id, state.round, participant)
            )
            return {dimension: level for dimension, level in rows}

    def close_for(self, participant: str) -> None:
        with self._transaction() as db:
            state = self._state(db)
            if state.area_id is not None and not state.revealed:
                db.execute(
                    sql.CLOSE, (self.session_id, state.area_id, state.round, participant, _now())
                )

    def tally(self) -> Tally:
        with self._read() as db:
            state = self._state(db)
            if state.area_id is None:
                return Tally()
            chosen: dict[str, set[str]] = {}
            for participant, dimension, _level in db.execute(
                sql.ROUND_VOTES, (self.session_id, state.area_id, state.round)
            ):
                chosen.setdefault(participant, set()).add(dimension)
            wanted = set(state.dimensions)
            voted = frozenset(p for p, dims in chosen.items() if wanted <= dims)
            return Tally(voted=voted, closed=self._closed(db, state))

    # Refused attempts --------------------------------------------------------------------------

    def record_refusal(self, participant: str | None, reason: str) -> None:
        with self._transaction() as db:
            db.execute(sql.REFUSE, (self.session_id, _now(), participant, reason))

    def refusals(self, limit: int = 20) -> list[Refusal]:
        with self._read() as db:
            rows = db.execute(sql.REFUSALS, (self.session_id, limit)).fetchall()
        return [Refusal(at, participant, reason) for at, participant, reason in rows]
