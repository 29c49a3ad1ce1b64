"""One session's room: the ballot box, the names on the phones and the area on screen.

The workshop app drives it (show an area, reveal, re-vote, release a binding, a typed rating);
the web app asks it what a phone may see and records votes through it. Its methods write to disk:
call them off the event loop (a worker thread). Listeners hear of every change, from whichever
thread made it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from npsworkshop.room.ballot import (
    Alert,
    BallotBox,
    BallotRefused,
    RatingToWrite,
    Refusal,
    RestoreRatings,
    RoundState,
    Vote,
    WriteRatings,
    storage_failure,
)
from npsworkshop.room.content import Participant, RoomArea
from npsworkshop.room.guards import RateLimit

if TYPE_CHECKING:
    import sqlite3


@dataclass(frozen=True)
class RoomStatus:
    """What the app shows while phones vote. Names are the app's to hide in projector mode."""

    area_id: str | None
    round: int
    revealed: bool
    signed_off: bool
    participants: tuple[Participant, ...]
    voted: tuple[str, ...]  # participant keys with a complete ballot this round, roster order
    typed: tuple[str, ...]  # keys whose ballot a typed rating closed
    waiting: tuple[str, ...]  # keys of everyone else
    bound: tuple[str, ...]  # keys bound to a phone
    refusals: tuple[Refusal, ...]  # newest first
    alerts: tuple[Alert, ...] = ()  # newest first: votes not saved, many wrong PINs
    unrecorded: int = 0  # refused attempts beyond what is written down (a flood)

    @property
    def summary(self) -> str:
        """ "7 of 9 voted" (abstaining counts as voted; a typed rating counts too)."""
        return f"{len(self.voted) + len(self.typed)} of {len(self.participants)} voted"

    def names(self, keys: Sequence[str]) -> list[str]:
        by_key = {p.key: p.name for p in self.participants}
        return [by_key[key] for key in keys if key in by_key]


Listener = Callable[[], None]
T = TypeVar("T")
MAX_ALERTS = 5
# Refused attempts written to the ballot box per run: each is a durable commit, and made-up
# cookies are free. Beyond a burst, one every ten seconds; beyond the cap, only counted.
MAX_RECORDED_REFUSALS = 200


class Room:
    """The room of one session. Thread-safe: the box serialises its writes."""

    def __init__(
        self,
        box: BallotBox,
        participants: Sequence[Participant],
        area_of: Callable[[str], RoomArea],
    ) -> None:
        self.box = box
        self._area_of = area_of
        self._participants = tuple(participants)
        self._lock = threading.Lock()
        self._phones_version = 0
        # Phones follow area, round, reveal, names and bindings; the app follows votes too.
        self._phone_listeners: list[Listener] = []
        self._status_listeners: list[Listener] = []
        self._alerts: tuple[Alert, ...] = ()
        self._refusal_budget = RateLimit(burst=30, per_second=0.1)
        self._recorded = 0
        self._unrecorded = 0

    # Listening ---------------------------------------------------------------------------------

    def on_phones_change(self, listener: Listener) -> Callable[[], None]:
        """`listener()` when what the phones show changes; returns the function that stops it."""
        self._phone_listeners.append(listener)
        return lambda: self._phone_listeners.remove(listener)

    def on_status_change(self, listener: Listener) -> Callable[[], None]:
        """`listener()` after every change (a vote, a binding, a refusal, a round change), from
        the thread that made it; returns the function that stops it."""
        self._status_listeners.append(listener)
        return lambda: self._status_listeners.remove(listener)

    @property
    def phones_version(self) -> int:
        """Bumped whenever what the phones show changes; the page reloads its part on a bump."""
        return self._phones_version

    def _changed(self, *, phones: bool) -> None:
        if phones:
            with self._lock:
                self._phones_version += 1
            for listener in list(self._phone_listeners):
                listener()
        for listener in list(self._status_listeners):
            listener()

    async def statuses(self, settle: float = 0.1) -> AsyncIterator[RoomStatus]:
        """The room's status now, then after every change, for as long as the caller iterates
        (e.g. a Textual worker: `async for status in room.statuses(): panel.show(status)`).
        Changes within `settle` seconds of each other come as one status: forty phones voting
        at once are a few updates, not forty. Reads run in a worker thread."""
        loop = asyncio.get_running_loop()
        changed = asyncio.Event()

        def wake() -> None:
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(changed.set)

        stop = self.on_status_change(wake)
        try:
            while True:
                changed.clear()
                yield await asyncio.to_thread(self.status)
                await changed.wait()
                await asyncio.sleep(settle)
        finally:
            stop()

    # What the app does -------------------------------------------------------------------------

    @property
    def participants(self) -> tuple[Participant, ...]:
        return self._participants

    def set_participants(self, participants: Sequence[Participant]) -> None:
        """The session's participants changed: one added mid-workshop appears on the phones; one
        removed loses their phone's binding and every vote at once (the roster changes first,
        so from now on their phone is refused even if the ballot box cannot be written). A
        renamed person (a typo fixed) keeps their phone and vote: the service never hands a key
        on (`add_participant` takes one never used in the session), so a key is one person."""
        gone = sorted(self._keys() - {p.key for p in participants})
        self._participants = tuple(participants)
        try:
            if gone:
                self.box.forget(gone)
        finally:
            self._changed(phones=True)

    def _keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self._participants)

    def show_area(self, area_id: str) -> RoundState:
        state = self.box.show_area(area_id, self._area_of(area_id).dimensions)
        self._changed(phones=True)
        return state

    def revote(self) -> RoundState:
        """A new round on the current area: phones vote again from nothing."""
        current = self.box.state().area_id
        if current is None:
            return self.box.state()
        state = self.box.revote(current, self._area_of(current).dimensions)
        self._changed(phones=True)
        return state

    def reveal(self, write: WriteRatings) -> list[RatingToWrite]:
        """Close the round and hand the votes of people on the roster to `write` (the service's
        batch rating), in one transaction. Returns what was written."""
        keys = self._keys()

        def write_known(db: sqlite3.Connection, ratings: list[RatingToWrite]) -> None:
            write(db, [r for r in ratings if r.participant in keys])

        written = [r for r in self.box.reveal(write_known) if r.participant in keys]
        self._changed(phones=True)
        return written

    def undo_reveal(self, area_id: str, restore: RestoreRatings) -> RoundState:
        """Reopen the area's revealed round with `restore` (the service putting back what the
        reveal wrote) in the same transaction."""
        state = self.box.undo_reveal(area_id, restore)
        self._changed(phones=True)
        return state

    def typed(self, participant: str) -> None:
        """The facilitator typed a rating for this participant: their phone ballot closes."""
        self.box.close_for(participant)
        self._changed(phones=False)

    def release(self, participant: str) -> None:
        self.box.release(participant)
        self._changed(phones=True)

    def mark_signed_off(self) -> None:
        self.box.mark_signed_off()
        self._changed(phones=True)

    def alert(self, text: str) -> None:
        """Tell the facilitator's panel (and the workshop screen's phone line)."""
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            self._alerts = (Alert(at, text), *self._alerts)[:MAX_ALERTS]
        self._changed(phones=False)

    def _saving(self, what: str, write: Callable[[], T]) -> T:
        """`write()`; when the database or disk refuses, the panel is alerted and NotRecorded
        raised (the phone is told too; nothing of the attempt was written)."""
        try:
            return write()
        except Exception as error:
            failed = storage_failure(error)
            if failed is None:
                raise
            self.alert(f"Not saved: {what} ({failed.reason}). The phones were told to tell you.")
            raise failed from error

    def status(self) -> RoomStatus:
        state = self.box.state()
        tally = self.box.tally()
        order = [p.key for p in self._participants]
        voted = tuple(k for k in order if k in tally.voted and k not in tally.closed)
        typed = tuple(k for k in order if k in tally.closed)
        bound = self.box.bindings()
        return RoomStatus(
            area_id=state.area_id,
            round=state.round,
            revealed=state.revealed,
            signed_off=state.signed_off,
            participants=self._participants,
            voted=voted,
            typed=typed,
            waiting=tuple(k for k in order if k not in voted and k not in typed),
            bound=tuple(k for k in order if k in bound),
            refusals=tuple(self.box.refusals()),
            alerts=self._alerts,
            unrecorded=self._unrecorded,
        )

    # What the phones do ------------------------------------------------------------------------

    def area(self, state: RoundState) -> RoomArea | None:
        return None if state.area_id is None else self._area_of(state.area_id)

    def area_by_id(self, area_id: str) -> RoomArea:
        return self._area_of(area_id)

    def participant(self, key: str) -> Participant | None:
        return next((p for p in self._participants if p.key == key), None)

    def bind(self, participant: str, device_sha256: str) -> None:
        """Bind the device to a participant on the roster; a binding it still has to someone no
        longer on it (removed while the app was away) goes first."""

        def bind() -> None:
            stale = self.box.bound_to(device_sha256)
            if stale is not None and stale not in self._keys():
                self.box.forget([stale])
            try:
                self.box.bind(participant, device_sha256, record_refusal=False)
            except BallotRefused:
                if self._may_record():
                    self.box.record_refusal(participant, "another phone tried to vote as them")
                raise

        try:
            self._saving("a phone picking its name", bind)
        finally:
            self._changed(phones=True)

    def vote(
        self,
        device_sha256: str,
        area_id: str,
        round_number: int,
        choices: Mapping[str, str | None],
    ) -> str:
        keys = self._keys()
        participant = self._saving(
            "a phone vote",
            lambda: self.box.vote(device_sha256, area_id, round_number, choices, keys),
        )
        self._changed(phones=False)
        return participant

    def vote_many(self, votes: Sequence[Vote]) -> list[str | BallotRefused]:
        """Votes that arrived together, one commit for all (see `batching.VoteBatcher`)."""
        keys = self._keys()
        count = f"{len(votes)} phone vote{'s' if len(votes) != 1 else ''}"
        results = self._saving(count, lambda: self.box.vote_many(votes, keys))
        self._changed(phones=False)
        return results

    def refused(self, participant: str | None, reason: str) -> None:
        """A refused attempt for the panel: written down while there are few, else counted."""
        if self._may_record():
            self._saving("a refused attempt", lambda: self.box.record_refusal(participant, reason))
        self._changed(phones=False)

    def _may_record(self) -> bool:
        """Whether the next refused attempt may cost a durable write (see MAX_RECORDED_REFUSALS);
        if not, it is only counted."""
        with self._lock:
            if self._recorded < MAX_RECORDED_REFUSALS and self._refusal_budget.allow("room"):
                self._recorded += 1
                return True
            self._unrecorded += 1
            return False
