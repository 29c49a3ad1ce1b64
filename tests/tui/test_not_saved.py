"""A write the disk refuses, on every path of the app (issue 10 M4/M5): the service's own
NotSaved is taken like the database's errors were, the screen, the cursor and what was typed
stay, and the same change can be tried again (r, or ctrl+s in a form). Never a crash."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select, Static

from npsworkshop.errors import NotSaved
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.new_session import NewSessionScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.participant_row import ParticipantRow
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, until
from .test_facilitator import grid_status, in_workshop, toasts


class FullDisk:
    """Stands in for a service call: refuses `times` times, as the service does on a full disk."""

    def __init__(self, real: Any, times: int = 1) -> None:
        self.real, self.times = real, times

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.times:
            self.times -= 1
            raise NotSaved("the disk is full")
        return self.real(*args, **kwargs)


async def test_an_undo_the_disk_refuses_is_tried_again_by_r(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("3", "4")  # Jo mature, Sam leader
        await until(pilot, lambda: len(screen.area().ratings) == 2)
        assert app.recorder is not None
        workshop = app.recorder.workshop
        workshop.clear_rating = FullDisk(workshop.clear_rating)  # type: ignore[method-assign]
        await pilot.press("ctrl+z")
        await until(pilot, lambda: "Press r to try again" in toasts(app))
        assert len(screen.area().ratings) == 2 and app.screen is screen
        await pilot.press("r")  # the same undo: Sam's rating goes, Jo's stays
        await until(pilot, lambda: len(screen.area().ratings) == 1)
        assert screen.area().ratings[0].participant == "p1"
        assert "Undone: Sam Patel" in grid_status(screen)
        assert screen.query_one(RatingsGrid).cursor_row == 1
        await pilot.press("ctrl+z")  # and undo goes on to Jo's
        await until(pilot, lambda: not screen.area().ratings)


async def test_moving_area_on_a_full_disk_is_a_notice_not_a_crash(
    tui_workspace: Workspace,
) -> None:
    seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        first = screen.current
        assert app.recorder is not None
        workshop = app.recorder.workshop
        workshop.set_last_area = FullDisk(workshop.set_last_area)  # type: ignore[method-assign]
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: "area to reopen on was not kept" in toasts(app))
        assert app.is_running and app.screen is screen and screen.current != first


async def test_creating_a_session_on_a_full_disk_keeps_the_form(app: WorkshopApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "loaded", False))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen) and app.screen.packs)
        screen = app.screen
        assert isinstance(screen, NewSessionScreen)
        screen.query_one("#organisation", Input).value = "Testshire County Council"
        kinds: Select[str] = screen.query_one("#organisation-type", Select)
        kinds.value = "county"
        screen.query_one("#title", Input).value = "Baseline"
        screen.query_one(ParticipantRow).input_for("name").value = "SP"
        assert app.recorder is not None
        workshop = app.recorder.workshop
        workshop.create_session = FullDisk(workshop.create_session)  # type: ignore[method-assign]
        await pilot.press("ctrl+s")
        summary = screen.query_one("#form-problems", Static)
        await until(pilot, lambda: "the disk is full" in str(summary.content))
        assert "ctrl+s tries again" in str(summary.content)
        assert app.is_running and app.screen is screen
        assert screen.query_one("#title", Input).value == "Baseline"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        assert [s.title for s in workshop.list_sessions()] == ["Baseline"]
