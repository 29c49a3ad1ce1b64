"""The forms and screens the workshop opens for an area: a rating's note, the justification,
ambition and actions, the session's details and participants, the summary and export. Each
form saves through the service itself; the workshop shows what was stored once it closes."""

from __future__ import annotations

from datetime import date
from functools import partial

from textual import on

from npsworkshop.tui import plan_progress
from npsworkshop.tui.context import projector_on, recorder_of, workshop_app
from npsworkshop.tui.screens.area_changes import AreaChanges
from npsworkshop.tui.widgets.actions_table import ActionsTable
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid


class AreaForms(AreaChanges):
    """What the workshop screen opens on top of itself."""

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
                if await self.record(workshop.remove_action, self.session_id, action.id):
                    self.undo.other_change(f"the action “{action.title}” was removed")

        question = (
            f"Remove the action “{action.title}”? This cannot be undone: ctrl+z takes back "
            "only ratings."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Remove"), answered)

    def action_edit_session(self) -> None:
        from npsworkshop.tui.screens.edit_session import open_session_details

        open_session_details(self.app, self.loaded, self._session_edited)

    async def _session_edited(self, saved: bool | None) -> None:
        """Read the session again even after Cancel: a save refused halfway (say, a full disk)
        may have stored some of the changes, and the grid must show who is there now."""
        self.query_one(RatingsGrid).shape = None  # the roster may have changed: draw it anew
        await self.show_stored()
        if saved:
            self.undo.other_change("the session's details were saved")
        # Again once the grid has its new size (a latecomer adds a row; trial F19 saw the old
        # rows drawn at the old label width until the area was changed).
        self.call_after_refresh(self.show_area)

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

        self.app.push_screen(ExportScreen(self.session_id, signed=self.loaded.signed_off))

    def action_start_followup(self) -> None:
        """A follow-up of this signed session, from inside it (docs/cycle.md: the palette)."""
        from npsworkshop.tui.screens.followup import FollowupScreen

        app = workshop_app(self)
        today = app.today or date.today()
        app.push_screen(FollowupScreen(self.loaded, today, app.progress_by), self._followup_started)

    async def _followup_started(self, session_id: str | None) -> None:
        """Leave this session for the new draft, as starting one from the sessions list does."""
        from npsworkshop.tui.screens.workshop import WorkshopScreen

        if session_id is None:
            return
        recorder = recorder_of(self)
        await recorder.call(recorder.workshop.release, self.session_id)
        await self.app.switch_screen(WorkshopScreen(session_id))
        self.app.notify("Follow-up started: last time's results are beside each area.", timeout=5)
