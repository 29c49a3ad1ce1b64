"""The ballot model: rounds per area, device bindings, votes, and what a reveal hands the service.

A round is one vote on one area; a re-vote starts the next round. A participant's phone is bound
to them once (only the sha256 of its token is kept) and no other device can vote as them until the
facilitator releases the binding. A vote is a level or an abstention per dimension; it can be
changed until the round is revealed, and a rating typed by the facilitator closes that
participant's ballot for the round. The reveal turns the open votes into `RatingToWrite`s for the
service's batch rating.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import sqlite3

# The only dimension id of an area without dimensions (as the service stores it).
NO_DIMENSION = ""


class BallotRefused(Exception):
    """A vote, binding or round change the ballot box will not accept; `reason` is for people."""

    def __init__(self, reason: str, *, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        # A stable word for programs and tests: signed-off, revealed, wrong-area, stale-round,
        # not-bound, not-listed, taken, closed, no-area, bad-choice, not-revealed.
        self.code = code


class NotRecorded(Exception):
    """The ballot box could not write (the disk is full, another program holds the write lock):
    nothing of the attempt was recorded; `reason` is for people ("the disk is full")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def storage_failure(error: BaseException) -> NotRecorded | None:
    """The error as NotRecorded when it is the database or the disk refusing, else None."""
    import errno
    import sqlite3

    from npsworkshop.errors import write_failure_cause

    if isinstance(error, sqlite3.Error):
        return NotRecorded(write_failure_cause(str(error)))
    if isinstance(error, OSError):
        full = error.errno == errno.ENOSPC
        return NotRecorded("the disk is full" if full else "the disk could not be written")
    return None


@dataclass(frozen=True)
class RoundState:
    """Where voting stands: the facilitator's current area and its latest round."""

    area_id: str | None
    round: int
    dimensions: tuple[str, ...]
    revealed: bool
    signed_off: bool

    @property
    def open(self) -> bool:
        """Votes for this round are accepted now."""
        return self.area_id is not None and not self.revealed and not self.signed_off


@dataclass(frozen=True)
class Vote:
    """What a phone sent: its device's hash, the area and round its page showed, and per
    dimension a level id or None (abstain)."""

    device_sha256: str
    area_id: str
    round: int
    choices: Mapping[str, str | None]


@dataclass(frozen=True)
class PhoneView:
    """What one phone's page needs, read in one transaction: who it votes as (None: no name
    yet), the round, its choices this round, and the names other phones hold."""

    participant: str | None
    state: RoundState
    votes: Mapping[str, str | None]
    taken: frozenset[str]


@dataclass(frozen=True)
class RatingToWrite:
    """One rating the reveal writes through the service: level None is an abstention."""

    participant: str
    area_id: str
    dimension: str  # NO_DIMENSION for an area without dimensions
    level: str | None


@dataclass(frozen=True)
class Refusal:
    """A refused attempt the facilitator should see (a name taken by another phone, a wrong PIN)."""

    at: str
    participant: str | None
    reason: str


@dataclass(frozen=True)
class Alert:
    """Something the facilitator must act on (phone votes not saved, many wrong PINs)."""

    at: str
    text: str


@dataclass(frozen=True)
class Tally:
    """Who has voted in the current round (complete ballots), and whose ballot a typed rating
    closed. Everything else about the roster is the app's: see `room.Room.status`."""

    voted: frozenset[str] = field(default_factory=frozenset)
    closed: frozenset[str] = field(default_factory=frozenset)


# What the reveal calls to write the ratings, inside the ballot box's transaction: the
# connection is that transaction's (see docs/phones.md, "Wiring").
WriteRatings = Callable[["sqlite3.Connection", list[RatingToWrite]], None]
# What the undo of a reveal calls to put the ratings back, inside the same kind of transaction.
RestoreRatings = Callable[["sqlite3.Connection"], None]


class BallotBox(Protocol):
    """The ballot operations the web app and the workshop app need, for one session. Every
    method is one transaction, committed (on disk) before it returns; call them off the event
    loop (they may wait for fsync)."""

    session_id: str
    # True when reads never wait for a writer (their own WAL reader): the web app then makes them
    # on the event loop instead of in a worker thread.
    quick_reads: bool

    def state(self) -> RoundState: ...

    def show_area(self, area_id: str, dimensions: Sequence[str]) -> RoundState:
        """The facilitator moved to this area: its latest round (the first one is opened)."""
        ...

    def revote(self, area_id: str, dimensions: Sequence[str]) -> RoundState:
        """Start a new round for the area; the previous round's votes are kept but not used."""
        ...

    def reveal(self, write: WriteRatings) -> list[RatingToWrite]:
        """Close the current round, handing its votes to `write` in the same transaction."""
        ...

    def undo_reveal(self, area_id: str, restore: RestoreRatings) -> RoundState:
        """Reopen the area's revealed round, calling `restore(db)` (the service putting back the
        ratings the reveal wrote) in the same transaction: both or neither."""
        ...

    def mark_signed_off(self) -> None:
        """The session was signed off: no vote is accepted from now on."""
        ...

    def bind(self, participant: str, device_sha256: str, *, record_refusal: bool = True) -> None:
        """Bind a device to a participant; refused (and recorded, unless `record_refusal` is
        False: a flood) if another device has them."""
        ...

    def release(self, participant: str) -> None:
        """Free the participant's binding; their votes in unrevealed rounds are dropped, and the
        phone that held it may not take that name again (another name is fine)."""
        ...

    def forget(self, participants: Sequence[str]) -> None:
        """The participants were removed from the session: drop their binding, votes (revealed
        or not), closed ballots and releases, so nothing of theirs counts for anyone again."""
        ...

    def bound_to(self, device_sha256: str) -> str | None: ...

    def phone_view(self, device_sha256: str) -> PhoneView:
        """Everything a phone's page shows, in one read."""
        ...

    def bindings(self) -> frozenset[str]: ...

    def vote(
        self,
        device_sha256: str,
        area_id: str,
        round_number: int,
        choices: Mapping[str, str | None],
        roster: Collection[str] | None = None,
    ) -> str:
        """Record the bound participant's choices (dimension -> level or None to abstain) for
        the current round; returns the participant's key. With `roster`, a participant not on
        it is refused ("not-listed")."""
        ...

    def vote_many(
        self, votes: Sequence[Vote], roster: Collection[str] | None = None
    ) -> list[str | BallotRefused]:
        """Votes that arrived together, in one transaction: per vote the participant's key, or
        why it was refused (a refusal does not stop the others)."""
        ...

    def votes_of(self, participant: str) -> dict[str, str | None]:
        """The participant's choices in the current round, by dimension."""
        ...

    def close_for(self, participant: str) -> None:
        """A rating typed for this participant closes their ballot in the current round."""
        ...

    def tally(self) -> Tally: ...

    def record_refusal(self, participant: str | None, reason: str) -> None: ...

    def refusals(self, limit: int = 20) -> list[Refusal]: ...
