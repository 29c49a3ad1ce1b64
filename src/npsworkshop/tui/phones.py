"""Phone voting from the workshop app (issue 15, docs/phones.md): the room and its server for the
open session, and what the workshop screen tells it (area shown, reveal, typed rating, undo,
participants, sign-off).

Nothing of Starlette, uvicorn or segno loads before voting starts: the room's modules are
imported in `start`. Room calls may wait for fsync, so they run in order on one thread of their
own, never on the event loop. The screen calls the module functions below; each does nothing
while voting is off.
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

from npsworkshop.tui.commands import PaletteCommand
from npsworkshop.tui.context import recorder_of

if TYPE_CHECKING:
    from npsworkshop.framework.levels import LevelId
    from npsworkshop.room.ballot import RatingToWrite
    from npsworkshop.room.room import Room
    from npsworkshop.room.server import JoinInfo, RoomServer
    from npsworkshop.tui.screens.area_changes import AreaChanges
    from npsworkshop.workshop import Workshop


def room_errors() -> tuple[type[Exception], ...]:
    """What a room call may raise that is not a bug: a ballot refusal, the service's refusals, a
    database or disk failure (imported here: errors.py loads pydantic, not wanted at first paint)."""
    from npsworkshop.errors import Failure, UserError
    from npsworkshop.room.ballot import BallotRefused

    return (BallotRefused, UserError, Failure, sqlite3.Error, OSError)


P = ParamSpec("P")
T = TypeVar("T")

_RUNNING: weakref.WeakKeyDictionary[App[Any], PhoneVoting] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class _Before:
    """A cell a phone reveal wrote, as it was before (for undo)."""

    area: str
    participant: str
    dimension: str | None
    given: bool
    level: LevelId | None


class PhoneVoting:
    """One session's room and server while phone voting is on."""

    def __init__(self, workshop: Workshop, session_id: str, room: Room, server: RoomServer):
        self.workshop = workshop
        self.session_id = session_id
        self.room = room
        self.server = server
        self.join: JoinInfo | None = None
        self._close_reader: Callable[[], None] = lambda: None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="npsworkshop-room")
        self.last_reveal: list[_Before] | None = None
        """What the last phone reveal overwrote, while ctrl+z may still undo it."""

    @classmethod
    def for_session(cls, workshop: Workshop, session_id: str) -> PhoneVoting:
        """Build the room on the workspace database (imports the room's modules)."""
        from npsworkshop.room.ballot_schema import file_reader
        from npsworkshop.room.ballot_sql import SqlBallotBox
        from npsworkshop.room.content import ballots_of, participants_of
        from npsworkshop.room.room import Room
        from npsworkshop.room.server import RoomServer

        snapshot = workshop.snapshot(session_id)
        read, close_reader = file_reader(workshop.workspace.database)
        box = SqlBallotBox(workshop.ballot_transaction, session_id, read=read)
        room = Room(box, participants_of(snapshot), ballots_of(snapshot.pack))
        voting = cls(
            workshop, session_id, room, RoomServer(room, log_file=workshop.workspace.log_file)
        )
        voting._close_reader = close_reader
        return voting

    async def call(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """One room call, in order, off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, partial(function, *args, **kwargs))

    async def stop(self) -> None:
        await self.server.stop()
        await asyncio.to_thread(self._thread.shutdown, wait=True)
        self._close_reader()

    def write(self, db: Any, ratings: list[RatingToWrite]) -> None:
        """The reveal's ratings through the service's batch rating, in the ballot transaction."""
        self.workshop.rate_many(self.session_id, ratings, db=db)


def tell(screen: Screen[Any], function: Callable[..., object], *args: object) -> None:
    """A room call in a worker; a refusal or a database or disk failure is a message on the
    screen, never a crash (say, a signed-off session, or a full disk)."""
    running = voting(screen)
    if running is None:
        return

    async def telling() -> None:
        try:
            await running.call(function, *args)
        except room_errors() as error:
            screen.notify(
                str(error), title="Phone voting", severity="warning", timeout=8, markup=False
            )

    screen.run_worker(telling(), group="phones")


def voting(node: DOMNode) -> PhoneVoting | None:
    """The app's phone voting, if it is on."""
    return _RUNNING.get(node.app)


async def start(screen: AreaChanges, address: str, pin: str | None) -> JoinInfo:
    """Start phone voting for the screen's session on `address`; RoomServerError if it cannot."""
    recorder = recorder_of(screen)
    running = await asyncio.to_thread(PhoneVoting.for_session, recorder.workshop, screen.session_id)
    try:
        if screen.current is not None:
            await running.call(running.room.show_area, screen.current)
        running.join = await running.server.start(address, 0, pin=pin)
    except BaseException:
        await running.stop()
        raise
    _RUNNING[screen.app] = running
    if screen.loaded.signed_off:
        await running.call(running.room.mark_signed_off)
    return running.join


async def stop(node: DOMNode) -> None:
    """Stop phone voting (the app quits, the session closes, or the facilitator stops it)."""
    running = _RUNNING.pop(node.app, None)
    if running is not None:
        await running.stop()


# What the workshop screen tells the room ------------------------------------------------------


def area_shown(screen: AreaChanges, area_id: str) -> None:
    """The facilitator moved to an area: the phones follow (its latest round)."""
    running = voting(screen)
    if running is not None:
        running.last_reveal = None
        tell(screen, running.room.show_area, area_id)


def typed(screen: AreaChanges, participant: str) -> None:
    """A rating typed for a participant closes their phone ballot for the round."""
    running = voting(screen)
    if running is not None:
        running.last_reveal = None
        tell(screen, running.room.typed, participant)


def reveal(screen: AreaChanges) -> None:
    """The facilitator revealed: the round's phone votes become ratings (one transaction)."""
    running = voting(screen)
    if running is not None and screen.current is not None:
        screen.run_worker(_reveal(screen, running, screen.current), group="phones")


async def _reveal(screen: AreaChanges, running: PhoneVoting, area_id: str) -> None:
    cells = {(r.participant, r.dimension or None): r for r in screen.loaded.area(area_id).ratings}
    try:
        state = await running.call(running.room.box.state)
        if state.area_id != area_id or not state.open:
            return
        written = await running.call(running.room.reveal, running.write)
    except room_errors() as error:
        screen.notify(
            str(error), title="Phone votes not revealed", severity="error", timeout=10, markup=False
        )
        return
    before = []
    for rating in written:
        old = cells.get((rating.participant, rating.dimension or None))
        before.append(
            _Before(
                area_id,
                rating.participant,
                rating.dimension or None,
                old is not None,
                old.level if old else None,
            )
        )
    running.last_reveal = before or None
    await screen.reload()
    screen.notify(
        f"{len(written)} phone vote{'s' if len(written) != 1 else ''} written as ratings. "
        "ctrl+z undoes the whole reveal.",
        timeout=5,
    )


async def undo_reveal(screen: AreaChanges) -> bool:
    """ctrl+z right after a phone reveal: every rating it wrote back as it was and the round
    reopened, in one service call and one transaction (both or neither)."""
    running = voting(screen)
    if running is None or running.last_reveal is None:
        return False
    before, running.last_reveal = running.last_reveal, None
    area_id = before[0].area

    from npsworkshop.room.ballot import BallotRefused

    refused: list[BallotRefused] = []

    def revert() -> None:
        def restore(db: sqlite3.Connection) -> None:
            running.workshop.restore_ratings(running.session_id, before, db=db)

        try:
            running.room.undo_reveal(area_id, restore)
        except BallotRefused as refusal:  # say, the session was signed off meanwhile
            from npsworkshop.errors import Refused

            refused.append(refusal)
            raise Refused(f"The reveal cannot be undone: {refusal.reason}.") from None

    if await screen.record(revert):
        screen.revealed.discard(area_id)
        screen.show_area()
        screen.notify("Undone: the phone votes are hidden again and voting is open.", timeout=5)
    elif not refused:  # a failed write (one transaction: nothing changed): r or ctrl+z again
        running.last_reveal = before
        screen.retry = partial(undo_reveal, screen)  # the whole undo, the screen's part too
        screen.refresh_bindings()
    return True


def reloaded(screen: AreaChanges) -> None:
    """The session was read again: tell the room about changed participants or a sign-off."""
    running = voting(screen)
    if running is None or screen.snapshot is None:
        return
    from npsworkshop.room.content import participants_of

    people = participants_of(screen.snapshot)
    if people != running.room.participants:
        tell(screen, running.room.set_participants, people)
    if screen.snapshot.signed_off:
        tell(screen, running.room.mark_signed_off)


def open_panel(screen: AreaChanges) -> None:
    from npsworkshop.tui.screens.phone_voting import PhoneVotingScreen

    screen.app.push_screen(PhoneVotingScreen(screen))


def palette_commands(screen: AreaChanges) -> Iterable[PaletteCommand]:
    if voting(screen) is None:
        yield PaletteCommand(
            "Start phone voting (P)",
            "Participants rate from their phones over the room's network",
            partial(open_panel, screen),
        )
    else:
        yield PaletteCommand(
            "Phone voting: address, QR code, who has voted (P)", "", partial(open_panel, screen)
        )
        yield PaletteCommand(
            "Stop phone voting", "Phones can no longer vote", partial(_stop_now, screen)
        )


def _stop_now(screen: AreaChanges) -> None:
    from npsworkshop.tui.screens.phone_voting import stop_voting

    screen.run_worker(stop_voting(screen), group="phones")
