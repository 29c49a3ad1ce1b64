"""The workshop: one area at a time, rated by everyone, with the result, justification, ambition
and actions. This module shows and moves between areas; area_changes.py records the changes."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from npsworkshop.store.lock import HeldBy
from npsworkshop.tui import phones, plan_progress
from npsworkshop.tui.area_shown import AreaShown
from npsworkshop.tui.commands import PaletteCommand, ScreenCommands
from npsworkshop.tui.context import projector_on, recorder_of, workshop_app
from npsworkshop.tui.footer_keys import refresh_bindings_on_change
from npsworkshop.tui.phone_marks import PhoneMarks
from npsworkshop.tui.save_errors import NotSaved, said
from npsworkshop.tui.screens.area_forms import AreaForms
from npsworkshop.tui.screens.workshop_keys import WORKSHOP_KEYS
from npsworkshop.tui.widgets.area_pane import AreaPane
from npsworkshop.tui.widgets.elapsed import Elapsed
from npsworkshop.tui.widgets.key_footer import KeyFooter
from npsworkshop.tui.widgets.level_rows import LevelRows
from npsworkshop.tui.widgets.navigator import AreaNavigator
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.tui.widgets.session_bar import SessionBar
from npsworkshop.tui.wording import STATE_LEGEND, area_state, signed_off_line

EDITING = {"justify", "ambition", "add_action", "edit_session"}
CHANGE_KEYS = {"1", "2", "3", "4", "5", "a", "n", "delete", "j", "b", "plus", "d", "ctrl+z", "P"}
ESC_AGAIN = 3.0  # seconds in which a second esc leaves the session


class WorkshopScreen(AreaForms):
    """One session's workshop."""

    COMMANDS: ClassVar[set[Any]] = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = WORKSHOP_KEYS

    def __init__(self, session_id: str) -> None:
        super().__init__(session_id)
        self.dimension: str | None = None
        self.esc_pressed_at: float | None = None
        self.phone_marks = PhoneMarks()

    def on_screen_resume(self) -> None:
        self.phone_marks.follow(self)  # phone voting may have started in the panel just closed

    def compose(self) -> ComposeResult:
        yield SessionBar(Elapsed(workshop_app(self).clock, id="elapsed"))
        with Horizontal(id="workshop"):
            with Vertical(id="navigator-pane"):
                yield AreaNavigator(id="navigator")
                yield Static(STATE_LEGEND, id="legend", markup=False)
            yield AreaPane(id="area-pane")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.watch(workshop_app(self), "projector", self._projector_changed, init=False)
        recorder = recorder_of(self)
        claim = await recorder.call(recorder.workshop.claim, self.session_id)
        if isinstance(claim, HeldBy):
            self.held_elsewhere = claim.message()
        await self.reload()
        snapshot = self.loaded
        last = snapshot.record.last_area
        in_scope = [a.id for a in snapshot.areas]
        start = last if last in in_scope else in_scope[0]
        await self.go_to(start, remember=start != last)
        self.query_one(SessionBar).saved.state = "saved"  # all on screen was read from disk
        workshop_app(self).remember(last_session=self.session_id)
        self.call_after_refresh(self.show_area)  # again, now the pane's width is known

    # Moving between areas ----------------------------------------------------------------------

    async def go_to(self, area_id: str, *, remember: bool = True) -> None:
        self.current = area_id
        self.dimension = None
        phones.area_shown(self, area_id)
        self.query_one(Elapsed).enter(area_id)
        self.show_area()
        pane = self.query_one(AreaPane)
        pane.scroll_home(animate=False, immediate=True)
        self.query_one(RatingsGrid).focus()
        self.call_after_refresh(pane.bring_grid_into_view)
        if remember and self.held_elsewhere is None:
            recorder = recorder_of(self)
            try:
                await recorder.call(recorder.workshop.set_last_area, self.session_id, area_id)
            except NotSaved as error:  # only where to reopen: the workshop goes on
                self.notify(
                    said(error, "Only the area to reopen on was not kept; nothing else was lost."),
                    title="Not saved",
                    severity="warning",
                    timeout=6,
                )

    def jump_to(self, area_id: str) -> None:
        """Go to an area from outside a handler (the command palette)."""
        self.run_worker(self.go_to(area_id), exclusive=True, group="go-to")

    def _step(self, by: int) -> str | None:
        ids = [a.id for a in self.loaded.areas]
        index = ids.index(self.current) + by if self.current in ids else 0
        return ids[index] if 0 <= index < len(ids) else None

    async def action_next_area(self) -> None:
        target = self._step(+1)
        if target is None:
            self.notify("This is the last area. Press s for the summary.", timeout=3)
        else:
            await self.go_to(target)

    async def action_previous_area(self) -> None:
        target = self._step(-1)
        if target is None:
            self.notify("This is the first area.", timeout=3)
        else:
            await self.go_to(target)

    @on(AreaNavigator.AreaChosen)
    async def _area_chosen(self, message: AreaNavigator.AreaChosen) -> None:
        await self.go_to(message.area_id)

    # Showing -----------------------------------------------------------------------------------

    def shown(self) -> AreaShown:
        """The current area as the room may see it now."""
        area = self.area()
        return AreaShown(
            self.loaded,
            area,
            self.definition(),
            revealed=self.is_revealed(area),
            projector=projector_on(self),
            read_only=self.read_only,
            progress=self.progress,
            phone_voted=self.phone_marks.voted(self),
            letters=self.letters,
        )

    def show_area(self) -> None:
        """Draw the current area from the snapshot."""
        shown = self.shown()
        self.phone_marks.shown = shown.phone_voted
        # A signed session is read, not run: no clock ticking over it.
        self.query_one(Elapsed).display = not shown.snapshot.signed_off
        self.query_one(SessionBar).show(shown.snapshot)
        self.query_one(AreaNavigator).show(shown.snapshot, shown.area.id)
        self.query_one(AreaPane).show(shown, banner=self._banner(), dimension=self.dimension)
        refresh_bindings_on_change(
            self, (shown.read_only, shown.revealed, bool(shown.area.justification))
        )

    def _banner(self) -> str | None:
        """Why this session cannot be changed here, if it cannot."""
        sign_off = self.loaded.record.sign_off
        if sign_off is not None:
            return signed_off_line(sign_off)
        if self.held_elsewhere is not None:
            return f"Read-only here: {self.held_elsewhere}"
        return None

    @on(DataTable.CellHighlighted, "#grid")
    def _cell_highlighted(self) -> None:
        if self.snapshot is None or self.current is None:
            return
        pane = self.query_one(AreaPane)
        pane.show_grid_status()
        cell = self.query_one(RatingsGrid).current()
        dimension = cell[1] if cell else None
        if dimension != self.dimension:
            self.dimension = dimension
            pane.show_levels(self.shown(), dimension)

    @on(events.DescendantFocus, "#grid")
    def _grid_focused(self) -> None:
        """Whenever the grid has the keys, all of it is on screen."""
        self.call_after_refresh(self.query_one(AreaPane).bring_grid_into_view)

    @on(RatingsGrid.OutOfView)
    def _out_of_view(self) -> None:
        self.query_one(AreaPane).bring_grid_into_view()
        self.notify("The grid was out of view, so nothing was recorded. Press the key again.")

    def on_resize(self) -> None:
        if self.current is not None and self.snapshot is not None:
            self.show_area()
            # Again once the panes have their new widths: drawn now, the grid's names are cut
            # for the old width and the rating column is clipped ("3 Ma"; trial F23).
            self.call_after_refresh(self.show_area)

    def _projector_changed(self, projector: bool) -> None:
        if projector and self.current is not None:
            self.say("")  # the last rating's feedback names someone: it goes with the names
        if self.current is not None and self.snapshot is not None:
            self.show_area()

    def on_key(self, event: events.Key) -> None:
        """A key that would change something does nothing here: say why instead of nothing."""
        if event.key in CHANGE_KEYS and self.snapshot is not None and self.read_only:
            why = (
                "This session is signed off: nothing in it can change."
                if self.loaded.signed_off
                else f"Read-only here: {self.held_elsewhere}"
            )
            self.notify(why, title="Nothing changed", timeout=4)

    # Keys --------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.snapshot is None or self.current is None:
            return None if action != "close" else True
        if action == "reveal":
            return None if self.read_only or self.is_revealed(self.area()) else True
        if action == "hide":
            return self.current in self.revealed and not self.read_only
        if action == "retry":
            return self.retry is not None
        if action in {"undo", "phone_voting", *EDITING}:  # nothing here can change it
            return not self.read_only
        return True

    def action_reveal(self) -> None:
        """Show the ratings; pressing v again does nothing (h hides them)."""
        assert self.current is not None
        phones.reveal(self)
        self.revealed.add(self.current)
        self.app.clear_notifications()
        self.show_area()

    def action_hide(self) -> None:
        area = self.area()
        if area.justification:
            self.notify("Ratings stay shown once the justification is written.", timeout=4)
            return
        self.revealed.discard(area.id)
        self.show_area()

    def action_levels_in_full(self) -> None:
        self.query_one(LevelRows).toggle_full()

    def action_time_box(self) -> None:
        box = self.query_one(Elapsed).next_box()
        self.query_one(SessionBar).fit()  # the clock's words grew or shrank
        self.notify(f"Time box: {box} minutes per area." if box else "No time box.", timeout=3)

    async def action_close(self) -> None:
        """Back to the sessions, on a second esc: one stray esc must not leave the workshop."""
        now = workshop_app(self).clock()
        if self.esc_pressed_at is None or now - self.esc_pressed_at > ESC_AGAIN:
            self.esc_pressed_at = now
            self.notify("Press esc again to go back to the sessions.", timeout=ESC_AGAIN)
            return
        recorder = recorder_of(self)
        await recorder.call(recorder.workshop.release, self.session_id)
        workshop_app(self).remember(last_session=None)
        self.dismiss(None)

    def action_phone_voting(self) -> None:
        phones.open_panel(self)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        if self.snapshot is None:
            return
        yield from phones.palette_commands(self)
        yield from plan_progress.palette_commands(self)
        for area in self.loaded.areas:
            yield PaletteCommand(
                f"Go to area: {area.title}", area_state(area.state), partial(self.jump_to, area.id)
            )
        yield PaletteCommand(
            "Summary and sign-off", "The maturity grid and what is missing", self.action_summary
        )
        yield PaletteCommand(
            "Sign off this session",
            "Opens the summary with sign-off",
            partial(self.action_summary, sign_off=True),
        )
        yield PaletteCommand("Export this session", "PDF, JSON or CSV", self.action_export)
        if self.loaded.signed_off:
            yield PaletteCommand(
                "Start follow-up",
                "A new draft reassessing this signed-off session",
                self.action_start_followup,
            )
        if not self.read_only:
            yield PaletteCommand(
                "Edit session details and participants (d)",
                "Title, date, council, facilitator; add, rename or remove people",
                self.action_edit_session,
            )
        yield PaletteCommand(
            "Level descriptors in full or compact (l)", "", self.action_levels_in_full
        )
        yield PaletteCommand("Time box per area (t)", "None, 10, 15, 20, 30", self.action_time_box)
        if self.check_action("reveal", ()) and not self.is_revealed(self.area()):
            yield PaletteCommand(
                "Reveal ratings (v)", "Show this area's ratings", self.action_reveal
            )
