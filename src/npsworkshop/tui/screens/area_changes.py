"""The workshop screen's changes: ratings (with undo and a retry after a refused write), notes,
the justification, ambition and actions forms, and the screens opened from the workshop.

Every change goes through the service and is shown once it is on disk; a write the database or
disk refuses keeps the screen as it was and can be tried again with r.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ParamSpec

from textual import on
from textual.screen import Screen

from npsworkshop.errors import Failure, UserError
from npsworkshop.tui import phones, plan_progress
from npsworkshop.tui.area_shown import is_revealed
from npsworkshop.tui.context import projector_on, recorder_of
from npsworkshop.tui.save_errors import NotSaved
from npsworkshop.tui.undo import RatingBefore, RatingUndo
from npsworkshop.tui.widgets.actions_table import ActionsTable
from npsworkshop.tui.widgets.area_pane import AreaPane
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.tui.widgets.session_bar import SessionBar
from npsworkshop.tui.wording import level_label, participant_label

if TYPE_CHECKING:
    from npsworkshop.assessment.progress import ActionAsOf
    from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot
    from npsworkshop.framework.models import Area

P = ParamSpec("P")


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
        self.snapshot = await recorder.call(recorder.workshop.snapshot, self.session_id)
        self.progress = await plan_progress.read(self) if self.snapshot.signed_off else None
        phones.reloaded(self)
        if self.current is not None:
            self.show_area()

    def show_area(self) -> None:
        raise NotImplementedError

    def say(self, feedback: str) -> None:
        """One line of feedback under the grid's caption (what the last key did)."""
        self.query_one(AreaPane).show_grid_status(feedback)

    # Changing ----------------------------------------------------------------------------------

    async def record(self, change: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
        """Make one change through the service, then show the stored state."""
        saved = self.query_one(SessionBar).saved
        saved.state = "saving"
        try:
            await recorder_of(self).call(change, *args, **kwargs)
        except NotSaved as error:
            saved.state = "failed"
            self.retry = partial(self.record, change, *args, **kwargs)
            self.refresh_bindings()
            self.notify(
                f"{error} Nothing else was lost. Press r to try again.",
                title="Not saved",
                severity="error",
                timeout=15,
            )
            return False
        except (UserError, Failure) as error:
            saved.state = "failed"
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return False
        if self.retry is not None:
            self.retry = None
            self.refresh_bindings()
        await self.reload()
        saved.state = "saved"
        return True

    async def action_retry(self) -> None:
        """Try the change the database refused again (the disk may have room now)."""
        retry, self.retry = self.retry, None
        if retry is not None:
            await retry()

    def who(self, key: str) -> str:
        people = list(self.loaded.record.participants)
        index = next(i for i, p in enumerate(people) if p.key == key)
        return participant_label(people[index], index, projector=projector_on(self))

    @on(RatingsGrid.Rated)
    async def _rated(self, message: RatingsGrid.Rated) -> None:
        if message.area is None or self.snapshot is None:
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
        grid = self.query_one(RatingsGrid)
        row, column = message.cell
        self.undo.remember(
            RatingBefore(
                message.area,
                message.participant,
                message.dimension,
                old is not None,
                old.level if old else None,
                row,
                column,
            )
        )
        workshop = recorder_of(self).workshop
        if message.clear:
            change: Callable[..., object] = workshop.clear_rating
            args: tuple[object, ...] = (message.area, message.participant, message.dimension)
        else:
            change = workshop.rate
            args = (message.area, message.participant, message.level, message.dimension)
        if await self.record(change, self.session_id, *args):
            phones.typed(self, message.participant)
            self.say(self._feedback(message))
        else:
            self.undo.forget_last()
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
        if await phones.undo_reveal(self):
            return
        before = self.undo.take()
        if before is None:
            self.notify("Nothing to undo: no rating has changed since the session was opened.")
            return
        workshop = recorder_of(self).workshop
        if before.given:
            done = await self.record(
                workshop.rate,
                self.session_id,
                before.area,
                before.participant,
                before.level,
                before.dimension,
            )
        else:
            done = await self.record(
                workshop.clear_rating,
                self.session_id,
                before.area,
                before.participant,
                before.dimension,
            )
        if not done:
            self.undo.remember(before)
            return
        if before.area != self.current:
            await self.go_to(before.area)
        self.query_one(RatingsGrid).move_cursor(row=before.row, column=before.column, animate=False)
        self.say(f"Undone: {self.who(before.participant)} is back as before")

    async def go_to(self, area_id: str, *, remember: bool = True) -> None:
        raise NotImplementedError

    @on(RatingsGrid.NoteWanted)
    def _note_wanted(self, message: RatingsGrid.NoteWanted) -> None:
        from npsworkshop.tui.screens.rating_note import NoteScreen

        area = self.area()
        rating = next(
            (
                r
                for r in area.ratings
                if r.participant == message.participant and r.dimension == message.dimension
            ),
            None,
        )
        if rating is None:
            self.notify("Rate or abstain for this participant first, then add the note.", timeout=4)
            return
        if rating.note and projector_on(self):
            self.notify(
                "This rating has a note, hidden while the screen is shared. Turn projector mode "
                "off (p) to read or change it.",
                timeout=6,
            )
            return
        self.app.push_screen(
            NoteScreen(
                self.session_id,
                area.id,
                message.participant,
                message.dimension,
                who=self.who(message.participant),
                note=rating.note,
            ),
            self._form_closed,
        )

    async def _form_closed(self, changed: object, show: str = "#grid") -> None:
        """After a form: show what was stored, and bring the changed part into view."""
        if changed:
            await self.reload()
            self.query_one(SessionBar).saved.state = "saved"
            target = self.query_one(show)
            if target.display:
                target.focus(scroll_visible=False)
                self.call_after_refresh(target.scroll_visible, animate=False)

    # The forms ---------------------------------------------------------------------------------

    def _revealed_first(self, what: str) -> None:
        """The justification and ambition start from the result, so opening either reveals the
        ratings (and says so); the keys typed next go to the form, never to the grid."""
        area = self.area()
        if not self.is_revealed(area):
            self.revealed.add(area.id)
            self.show_area()
            self.notify(f"Ratings revealed: the {what} starts from the result.", timeout=4)

    def action_justify(self) -> None:
        from npsworkshop.tui.screens.justification import JustificationScreen

        self._revealed_first("justification")
        self.app.push_screen(
            JustificationScreen(self.session_id, self.area(), self.loaded.pack),
            partial(self._form_closed, show="#justification"),
        )

    def action_ambition(self) -> None:
        from npsworkshop.tui.screens.ambition import AmbitionScreen

        self._revealed_first("ambition")
        self.app.push_screen(
            AmbitionScreen(self.session_id, self.area(), self.definition(), self.loaded.pack),
            partial(self._form_closed, show="#ambition"),
        )

    def action_add_action(self) -> None:
        from npsworkshop.tui.screens.action_form import ActionScreen

        area = self.area()
        self.app.push_screen(
            ActionScreen(self.session_id, area.id, area.title),
            partial(self._form_closed, show="#actions"),
        )

    @on(ActionsTable.EditWanted)
    def _edit_action(self, message: ActionsTable.EditWanted) -> None:
        from npsworkshop.tui.screens.action_form import ActionScreen

        area = self.area()
        action = next(a for a in area.actions if a.id == message.action_id)
        self.app.push_screen(
            ActionScreen(self.session_id, area.id, area.title, action),
            partial(self._form_closed, show="#actions"),
        )

    @on(ActionsTable.ProgressWanted)
    def _progress_wanted(self, message: ActionsTable.ProgressWanted) -> None:
        plan_progress.open_form(self, message.action_id)

    @on(ActionsTable.RemoveWanted)
    def _remove_action(self, message: ActionsTable.RemoveWanted) -> None:
        from npsworkshop.tui.screens.confirm import ConfirmScreen

        action = next(a for a in self.area().actions if a.id == message.action_id)

        async def answered(yes: bool | None) -> None:
            if yes:
                workshop = recorder_of(self).workshop
                await self.record(workshop.remove_action, self.session_id, action.id)

        self.app.push_screen(
            ConfirmScreen(f"Remove the action “{action.title}”?", yes="Remove"), answered
        )

    def action_edit_session(self) -> None:
        from npsworkshop.tui.screens.edit_session import EditSessionScreen

        self.app.push_screen(EditSessionScreen(self.loaded), self._form_closed)

    # Other screens -----------------------------------------------------------------------------

    def action_summary(self, sign_off: bool = False) -> None:
        from npsworkshop.tui.screens.summary import SummaryScreen

        self.app.push_screen(
            SummaryScreen(self.session_id, revealed=frozenset(self.revealed), sign_off=sign_off),
            self._summary_closed,
        )

    async def _summary_closed(self, area_id: str | None) -> None:
        await self.reload()
        if area_id is not None:
            await self.go_to(area_id)

    def action_export(self) -> None:
        from npsworkshop.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.session_id))
