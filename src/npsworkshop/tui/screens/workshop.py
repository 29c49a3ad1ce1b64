"""The workshop: one area at a time, rated by everyone, with the result, justification, ambition
and actions. Every change goes through the service and is shown once it is on disk."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, ParamSpec

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from npsworkshop.errors import Failure, UserError
from npsworkshop.store.lock import HeldBy
from npsworkshop.tui.area_shown import AreaShown
from npsworkshop.tui.commands import PaletteCommand, ScreenCommands
from npsworkshop.tui.context import projector_on, recorder_of, workshop_app
from npsworkshop.tui.footer_keys import refresh_bindings_on_change
from npsworkshop.tui.widgets.actions_table import ActionsTable
from npsworkshop.tui.widgets.area_pane import AreaPane
from npsworkshop.tui.widgets.key_footer import KeyFooter
from npsworkshop.tui.widgets.navigator import AreaNavigator
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.tui.widgets.session_bar import SessionBar
from npsworkshop.tui.wording import (
    STATE_LEGEND,
    area_state,
    participant_label,
    signed_off_line,
)

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot
    from npsworkshop.framework.models import Area

P = ParamSpec("P")
AREA = Binding.Group("Area")
EDITING = {"justify", "ambition", "add_action"}


class WorkshopScreen(Screen[None]):
    """One session's workshop."""

    COMMANDS: ClassVar[set[Any]] = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "previous_area",
            "Previous area",
            id="workshop.previous_area",
            key_display="[",
            group=AREA,
        ),
        Binding(
            "right_square_bracket",
            "next_area",
            "Next area",
            id="workshop.next_area",
            key_display="]",
            group=AREA,
        ),
        Binding(
            "v",
            "reveal",
            "Reveal",
            id="workshop.reveal",
            tooltip="Show everyone's ratings and the result",
        ),
        Binding(
            "v",
            "hide",
            "Hide",
            id="workshop.hide",
            tooltip="Hide the ratings again (they stay recorded)",
        ),
        Binding(
            "j",
            "justify",
            "Justify",
            id="workshop.justify",
            tooltip="Write the justification; optionally agree a different level",
        ),
        Binding(
            "b",
            "ambition",
            "Ambition",
            id="workshop.ambition",
            tooltip="Set the level the council aims for, and by when",
        ),
        Binding(
            "plus",
            "add_action",
            "Action",
            id="workshop.add_action",
            key_display="+",
            tooltip="Add an action for this area",
        ),
        Binding(
            "s",
            "summary",
            "Summary",
            id="workshop.summary",
            tooltip="The maturity grid, what is missing, and sign-off",
        ),
        Binding("escape", "close", "Back", id="workshop.close", tooltip="Back to the sessions"),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.snapshot: SessionSnapshot | None = None
        self.current: str | None = None
        self.revealed: set[str] = set()
        self.dimension: str | None = None
        self.held_elsewhere: str | None = None
        """Why this session is read-only here: another window or computer is editing it."""

    def compose(self) -> ComposeResult:
        yield SessionBar()
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

    async def reload(self) -> None:
        recorder = recorder_of(self)
        self.snapshot = await recorder.call(recorder.workshop.snapshot, self.session_id)
        if self.current is not None:
            self.show_area()

    # Changing ----------------------------------------------------------------------------------

    async def record(self, change: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
        """Make one change through the service, then show the stored state."""
        saved = self.query_one(SessionBar).saved
        saved.state = "saving"
        try:
            await recorder_of(self).call(change, *args, **kwargs)
        except (UserError, Failure) as error:
            saved.state = "failed"
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return False
        await self.reload()
        saved.state = "saved"
        return True

    @on(RatingsGrid.Rated)
    async def _rated(self, message: RatingsGrid.Rated) -> None:
        if message.area is None:
            return
        workshop = recorder_of(self).workshop
        await self.record(
            workshop.rate,
            self.session_id,
            message.area,
            message.participant,
            message.level,
            message.dimension,
        )

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
                "off (ctrl+p) to read or change it.",
                timeout=6,
            )
            return
        people = list(self.loaded.record.participants)
        index = next(i for i, p in enumerate(people) if p.key == message.participant)
        who = participant_label(people[index], index, projector=projector_on(self))
        self.app.push_screen(
            NoteScreen(
                self.session_id,
                area.id,
                message.participant,
                message.dimension,
                who=who,
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

    # Moving between areas ----------------------------------------------------------------------

    async def go_to(self, area_id: str, *, remember: bool = True) -> None:
        self.current = area_id
        self.dimension = None
        self.show_area()
        self.query_one(AreaPane).scroll_home(animate=False)
        self.query_one(RatingsGrid).focus()
        if remember and self.held_elsewhere is None:
            recorder = recorder_of(self)
            await recorder.call(recorder.workshop.set_last_area, self.session_id, area_id)

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

    def is_revealed(self, area: AreaView) -> bool:
        return self.loaded.signed_off or area.id in self.revealed or bool(area.justification)

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
        )

    def show_area(self) -> None:
        """Draw the current area from the snapshot."""
        shown = self.shown()
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
        cell = self.query_one(RatingsGrid).current()
        dimension = cell[1] if cell else None
        if dimension != self.dimension:
            self.dimension = dimension
            self.query_one(AreaPane).show_levels(self.shown(), dimension)

    def _projector_changed(self, _projector: bool) -> None:
        if self.current is not None and self.snapshot is not None:
            self.show_area()

    # Actions -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.snapshot is None or self.current is None:
            return None if action != "close" else True
        if action == "reveal":
            return not self.is_revealed(self.area())
        if action == "hide":
            area = self.area()
            return area.id in self.revealed and not self.read_only and not area.justification
        if action in EDITING:
            return not self.read_only
        return True

    def action_reveal(self) -> None:
        assert self.current is not None
        self.revealed.add(self.current)
        self.app.clear_notifications()
        self.show_area()

    def action_hide(self) -> None:
        self.revealed.discard(self.current or "")
        self.show_area()

    def _revealed_first(self) -> bool:
        """Justification and ambition start from the result, so the room must have seen it."""
        if self.is_revealed(self.area()):
            return True
        self.notify("Reveal the ratings first: press v.", title="Ratings are hidden", timeout=4)
        return False

    def action_justify(self) -> None:
        from npsworkshop.tui.screens.justification import JustificationScreen

        if not self._revealed_first():
            return
        self.app.push_screen(
            JustificationScreen(self.session_id, self.area()),
            partial(self._form_closed, show="#justification"),
        )

    def action_ambition(self) -> None:
        from npsworkshop.tui.screens.ambition import AmbitionScreen

        if not self._revealed_first():
            return
        self.app.push_screen(
            AmbitionScreen(self.session_id, self.area(), self.definition()),
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

    def action_summary(self) -> None:
        from npsworkshop.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.session_id), self._summary_closed)

    async def _summary_closed(self, area_id: str | None) -> None:
        await self.reload()
        if area_id is not None:
            await self.go_to(area_id)

    async def action_close(self) -> None:
        recorder = recorder_of(self)
        await recorder.call(recorder.workshop.release, self.session_id)
        self.dismiss(None)

    def action_export(self) -> None:
        from npsworkshop.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.session_id))

    def palette_commands(self) -> Iterable[PaletteCommand]:
        if self.snapshot is None:
            return
        for area in self.loaded.areas:
            yield PaletteCommand(
                f"Go to area: {area.title}",
                area_state(area.state),
                partial(self.jump_to, area.id),
            )
        yield PaletteCommand(
            "Summary and sign-off", "The maturity grid and what is missing", self.action_summary
        )
        yield PaletteCommand(
            "Sign off this session", "Opens the summary with sign-off", self._sign_off
        )
        yield PaletteCommand("Export this session", "PDF, JSON or CSV", self.action_export)
        if self.check_action("reveal", ()):
            yield PaletteCommand("Reveal ratings", "Show this area's ratings", self.action_reveal)

    def _sign_off(self) -> None:
        from npsworkshop.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.session_id, sign_off=True), self._summary_closed)
