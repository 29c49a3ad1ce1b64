"""The workshop screen's changes: ratings (with undo and a retry after a refused write), notes,
the justification, ambition and actions forms, and the screens opened from the workshop.

Every change goes through the service and is shown once it is on disk; a write the database or
disk refuses keeps the screen as it was and can be tried again with r.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, ParamSpec

from textual import on
from textual.screen import Screen

from npsworkshop.errors import Failure, UserError
from npsworkshop.tui import phones, plan_progress
from npsworkshop.tui.area_shown import is_revealed
from npsworkshop.tui.context import projector_on, recorder_of, workshop_app
from npsworkshop.tui.save_errors import NotSaved, said
from npsworkshop.tui.undo import RatingBefore, RatingUndo
from npsworkshop.tui.widgets.area_pane import AreaPane
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.tui.widgets.session_bar import SessionBar
from npsworkshop.tui.wording import level_label, participant_label, participant_letters, plural

if TYPE_CHECKING:
    from npsworkshop.assessment.progress import ActionAsOf
    from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot
    from npsworkshop.framework.models import Area

P = ParamSpec("P")
CHANGED_BY_FORM = {  # what a form saved, by the part of the area it shows afterwards
    "#grid": "a rating's note was saved",
    "#justification": "the justification was saved",
    "#ambition": "the ambition was saved",
    "#actions": "an action was saved",
}
Outcome = Literal["saved", "not saved", "refused"]


class AreaChanges(Screen[None]):
    """What the workshop screen records; the screen itself (workshop.py) shows and navigates."""

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.snapshot: SessionSnapshot | None = None
        self.current: str | None = None
        self.revealed: set[str] = set()
        self.held_elsewhere: str | None = None
        """Why this session is read-only here: another window or computer is editing it."""
        self.undo = RatingUndo()
        self.retry: Callable[[], Any] | None = None
        """The change the database last refused, ready to be tried again."""
        self.progress: dict[int, ActionAsOf] | None = None
        """A signed plan's actions as of today, by action id (None on a draft)."""
        self.letters: dict[str, str] = {}
        """Each participant's letter while projected (the anonymous outputs' letters)."""

    # Reading -----------------------------------------------------------------------------------

    @property
    def loaded(self) -> SessionSnapshot:
        if self.snapshot is None:
            raise LookupError("the session is not loaded yet")
        return self.snapshot

    @property
    def read_only(self) -> bool:
        return self.held_elsewhere is not None or (
            self.snapshot is not None and self.snapshot.signed_off
        )

    def area(self) -> AreaView:
        assert self.current is not None
        return self.loaded.area(self.current)

    def definition(self) -> Area:
        assert self.current is not None
        return self.loaded.pack.area(self.current)

    def is_revealed(self, area: AreaView) -> bool:
        return is_revealed(self.loaded, area, self.revealed)

    async def reload(self) -> None:
        recorder = recorder_of(self)
        before = self.snapshot
        self.snapshot = await recorder.call(recorder.workshop.snapshot, self.session_id)
        letters_before, self.letters = self.letters, self._letters(self.snapshot)
        if before is not None:
            self._roster_changed(before, self.snapshot, letters_before)
            self._scope_changed(before, self.snapshot)
        self.progress = await plan_progress.read(self) if self.snapshot.signed_off else None
        phones.reloaded(self)
        if self.current is not None and not self.in_scope(self.current):
            await self._left_scope(before)
        elif self.current is not None:
            self.show_area()

    def in_scope(self, area_id: str) -> bool:
        return any(area.id == area_id for area in self.loaded.areas)

    async def _left_scope(self, before: SessionSnapshot | None) -> None:
        """The area on screen left the scope (Session details): go on to the next area still
        in scope (else the one before); the phones follow, as on any move."""
        assert self.current is not None
        order = [a.id for a in before.areas] if before is not None else []
        at = order.index(self.current) if self.current in order else 0
        later = [a for a in order[at:] if self.in_scope(a)]
        earlier = [a for a in reversed(order[:at]) if self.in_scope(a)]
        await self.go_to((later or earlier or [self.loaded.areas[0].id])[0])

    def _scope_changed(self, before: SessionSnapshot, now: SessionSnapshot) -> None:
        """Areas left the scope (Session details) with what was recorded for them: an area
        added back starts empty and hidden, so nothing kept from before may write to it."""
        gone = {a.id for a in before.areas} - {a.id for a in now.areas}
        if not gone:
            return
        self.revealed -= gone
        self.undo.drop_areas(gone)
        running = phones.voting(self)
        if running is not None and running.last_reveal and running.last_reveal[0].area in gone:
            running.last_reveal = None
        if self.retry is not None:  # it may be a rating in an area that left: not worth the risk
            self.retry = None
            self.refresh_bindings()

    def _letters(self, snapshot: SessionSnapshot) -> dict[str, str]:
        return participant_letters(snapshot, workshop_app(self).letters_key)

    def _roster_changed(
        self, before: SessionSnapshot, now: SessionSnapshot, letters: dict[str, str]
    ) -> None:
        """Someone was removed: nothing kept from before may write for them (or for a newcomer
        given their key), and the grid's caption no longer names them."""
        keys = {p.key for p in now.record.participants}
        people = list(before.record.participants)
        gone = {p.key for p in people} - keys
        if not gone:
            return
        forgotten = []
        dropped = self.undo.drop(gone)
        if dropped:
            forgotten.append(f"ctrl+z forgets {plural(dropped, 'rating change')} for them")
        if self.retry is not None:
            self.retry = None
            self.refresh_bindings()
            forgotten.append("r no longer retries the change that was not saved")
        running = phones.voting(self)
        if running is not None and running.last_reveal is not None:
            running.last_reveal = None
            forgotten.append("ctrl+z no longer takes back the last phone reveal")
        self.query_one(AreaPane).feedback = ""
        if forgotten:
            names = ", ".join(
                participant_label(p, letters.get(p.key, "?"), projector=projector_on(self))
                for p in people
                if p.key in gone
            )
            self.notify(f"{names} removed: {'; '.join(forgotten)}.", timeout=8)

    def show_area(self) -> None:
        raise NotImplementedError

    def say(self, feedback: str) -> None:
        """One line of feedback under the grid's caption (what the last key did)."""
        self.query_one(AreaPane).show_grid_status(feedback)

    # Changing ----------------------------------------------------------------------------------

    async def record(self, change: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
        """Make one change through the service, then show the stored state."""
        return await self.attempt(partial(change, *args, **kwargs)) == "saved"

    async def attempt(
        self, change: Callable[[], object], *, again: Callable[[], Awaitable[object]] | None = None
    ) -> Outcome:
        """Make `change` through the service and show the stored state. A write the database or
        disk refuses (the service's NotSaved, whichever layer saw it) keeps the screen as it
        was, and r runs `again` (by default the same change)."""
        saved = self.query_one(SessionBar).saved
        saved.state = "saving"
        try:
            await recorder_of(self).call(change)
        except NotSaved as error:
            saved.state = "failed"
            self.retry = again or partial(self.attempt, change)
            self.refresh_bindings()
            self.notify(
                said(error, "Nothing else was lost. Press r to try again."),
                title="Not saved",
                severity="error",
                timeout=15,
            )
            return "not saved"
        except (UserError, Failure) as error:
            saved.state = "failed"
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return "refused"
        if self.retry is not None:
            self.retry = None
            self.refresh_bindings()
        await self.reload()
        saved.state = "saved"
        return "saved"

    async def action_retry(self) -> None:
        """Try the change the database refused again (the disk may have room now)."""
        retry, self.retry = self.retry, None
        self.refresh_bindings()
        if retry is not None:
            await retry()

    def in_roster(self, key: str) -> bool:
        return any(p.key == key for p in self.loaded.record.participants)

    def who(self, key: str) -> str:
        person = self.loaded.participant(key)
        return participant_label(person, self.letters.get(key, "?"), projector=projector_on(self))

    @on(RatingsGrid.Rated)
    async def _rated(self, message: RatingsGrid.Rated) -> None:
        if message.area is not None and self.snapshot is not None:
            await self._store_rating(message)

    async def _store_rating(self, message: RatingsGrid.Rated) -> None:
        """One rating keypress, remembered for ctrl+z once it is on disk; r tries it again."""
        assert message.area is not None
        if not self.in_roster(message.participant):  # removed since the key was pressed
            return
        old = next(
            (
                r
                for r in self.loaded.area(message.area).ratings
                if r.participant == message.participant and r.dimension == message.dimension
            ),
            None,
        )
        if message.clear and old is None:
            self.say(f"{self.who(message.participant)}: nothing to clear")
            return
        row, column = message.cell
        before = RatingBefore(
            message.area,
            message.participant,
            message.dimension,
            old is not None,
            old.level if old else None,
            row,
            column,
        )
        workshop = recorder_of(self).workshop
        if message.clear:
            change = partial(
                workshop.clear_rating,
                self.session_id,
                message.area,
                message.participant,
                message.dimension,
            )
        else:
            change = partial(
                workshop.rate,
                self.session_id,
                message.area,
                message.participant,
                message.level,
                message.dimension,
            )
        if await self.attempt(change, again=partial(self._store_rating, message)) == "saved":
            self.undo.remember(before)
            phones.typed(self, message.participant)
            self.say(self._feedback(message))
        else:
            grid = self.query_one(RatingsGrid)
            grid.move_cursor(row=row, column=column, animate=False)  # back to the unsaved cell

    def _feedback(self, message: RatingsGrid.Rated) -> str:
        """'Aisha: recorded' (the level only once the room may see it)."""
        who = self.who(message.participant)
        if message.clear:
            return f"{who}: cleared"
        if message.level is None:
            return f"{who}: abstains"
        if not self.is_revealed(self.loaded.area(message.area or "")):
            return f"{who}: recorded"
        return f"{who}: {level_label(message.level, self.loaded.pack)}"

    async def action_undo(self) -> None:
        """Put the last changed rating back as it was (or the whole last phone reveal)."""
        if not await phones.undo_reveal(self):
            await self._undo_rating()

    async def _undo_rating(self) -> None:
        before = self.undo.take()
        while before is not None and not self.in_roster(before.participant):
            before = self.undo.take()  # someone no longer there: never written, never stuck
        if before is None:
            last = self.undo.last_other_change
            self.notify(
                f"Nothing undone: the last change was not a rating ({last}); ctrl+z takes back "
                "only ratings."
                if last is not None
                else "Nothing to undo: ctrl+z takes back ratings changed since the session "
                "was opened.",
                timeout=6,
            )
            return
        workshop = recorder_of(self).workshop
        if before.given:
            change = partial(
                workshop.rate,
                self.session_id,
                before.area,
                before.participant,
                before.level,
                before.dimension,
            )
        else:
            change = partial(
                workshop.clear_rating,
                self.session_id,
                before.area,
                before.participant,
                before.dimension,
            )
        outcome = await self.attempt(change, again=self._undo_rating)
        if outcome == "not saved":
            self.undo.remember(before)  # r (or ctrl+z) tries this same undo again
        if outcome != "saved":
            return
        if before.area != self.current:
            await self.go_to(before.area)
        self.query_one(RatingsGrid).move_cursor(row=before.row, column=before.column, animate=False)
        self.say(f"Undone: {self.who(before.participant)} is back as before")

    async def go_to(self, area_id: str, *, remember: bool = True) -> None:
        raise NotImplementedError

    async def _form_closed(self, changed: object, show: str = "#grid") -> None:
        """After a form: show what was stored, and bring the changed part into view."""
        if changed:
            self.undo.other_change(CHANGED_BY_FORM.get(show, "something else was saved"))
            await self.show_stored(show)

    async def show_stored(self, show: str = "#grid") -> None:
        """Read the session again and bring `show` (a part of the area) into view."""
        await self.reload()
        self.query_one(SessionBar).saved.state = "saved"
        target = self.query_one(show)
        if target.display:
            target.focus(scroll_visible=False)
            self.call_after_refresh(target.scroll_visible, animate=False)
