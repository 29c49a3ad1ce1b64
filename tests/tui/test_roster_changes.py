"""Participants removed or added mid-workshop (red team R3, the app's part): ctrl+z and r never
write a rating for someone who is not there (nor for a newcomer given a removed person's key),
undo never gets stuck on a removed person, and the grid follows the new roster at once."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.confirm import ConfirmScreen
from npsworkshop.tui.screens.edit_session import EditSessionScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until
from .test_facilitator import grid_status, in_workshop, toasts


async def remove_in_edit_screen(
    pilot: Pilot[Any], app: WorkshopApp, row: int, *, rated: bool = True
) -> None:
    """d, the person's row, ctrl+r, y (when they rated), ctrl+s: as the facilitator does it."""
    screen = app.screen
    await pilot.press("d")
    await until(pilot, lambda: isinstance(app.screen, EditSessionScreen))
    form = app.screen
    assert isinstance(form, EditSessionScreen)
    form.rows()[row].input_for("name").focus()
    await pilot.press("ctrl+r")
    if rated:
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
    await until(pilot, lambda: app.screen is form and len(form.rows()) == row)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: app.screen is screen)
    await pilot.pause()


async def add_in_edit_screen(pilot: Pilot[Any], app: WorkshopApp, name: str) -> None:
    screen = app.screen
    await pilot.press("d")
    await until(pilot, lambda: isinstance(app.screen, EditSessionScreen))
    await pilot.press("ctrl+n")
    await type_text(pilot, name)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: app.screen is screen)
    await pilot.pause()


def labels(screen: WorkshopScreen) -> list[str]:
    return [str(row.label) for row in screen.query_one(RatingsGrid).rows.values()]


def stored(tui_workspace: Workspace, session_id: str) -> dict[str, tuple[str, str | None]]:
    """Who has a rating for the plain area, by name."""
    with Workshop.open(tui_workspace, backup=False) as workshop:
        record = workshop.snapshot(session_id).record
    names = {p.key: p.name for p in record.participants}
    return {
        names.get(r.participant, r.participant): (r.participant, r.level)
        for r in record.ratings
        if r.area == "plain"
    }


async def test_undo_never_writes_a_removed_persons_rating_as_a_newcomers(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("down", "down", "4", "2")  # Ali (the last key): leader, then developing
        await until(pilot, lambda: [r.level for r in screen.area().ratings] == ["developing"])
        assert "Ali Jones" in grid_status(screen)
        await remove_in_edit_screen(pilot, app, row=2)
        assert labels(screen) == ["Jo Smith · Adults", "Sam Patel · Finance"]
        assert "Ali" not in grid_status(screen)  # the caption no longer names her
        assert "Ali Jones · Children's Services removed: ctrl+z forgets 2 rating changes" in toasts(
            app
        )
        await add_in_edit_screen(pilot, app, "Dave Later")
        assert labels(screen) == ["Jo Smith · Adults", "Sam Patel · Finance", "Dave Later"]
        assert "rows" not in grid_status(screen)  # all three are in view: no "rows 1-2 of 3"
        await pilot.press("ctrl+z")  # the details were the last change: ctrl+z takes back none
        await until(pilot, lambda: "the session's details were saved" in toasts(app))
        await pilot.pause()
    assert stored(tui_workspace, session_id) == {}  # Dave has no rating, Ali's were removed


async def test_undo_after_removing_a_person_takes_back_no_rating_from_before(
    tui_workspace: Workspace,
) -> None:
    """ctrl+z takes back only ratings, and only while a rating was the last change (trial
    F18): after the details are saved, it says so instead of reaching back past them."""
    session_id = seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("3", "down", "5")  # Jo mature, then Ali innovator
        await until(pilot, lambda: len(screen.area().ratings) == 2)
        await remove_in_edit_screen(pilot, app, row=2)
        await pilot.press("ctrl+z")
        await until(pilot, lambda: "Nothing undone" in toasts(app))
        assert "the session's details were saved" in toasts(app)
        assert [r.level for r in screen.area().ratings] == ["mature"]  # Jo's stays
        assert "Not saved" not in toasts(app)
    assert stored(tui_workspace, session_id) == {"Jo Smith": ("p1", "mature")}


async def test_a_retry_pending_for_a_removed_person_is_dropped(tui_workspace: Workspace) -> None:
    from npsworkshop.errors import NotSaved

    session_id = seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        assert app.recorder is not None
        workshop = app.recorder.workshop
        real_rate = workshop.rate

        def full_disk(*args: Any, **kwargs: Any) -> None:
            raise NotSaved("the disk is full")

        workshop.rate = full_disk  # type: ignore[method-assign]
        await pilot.press("down", "down", "4")
        await until(pilot, lambda: screen.retry is not None)
        workshop.rate = real_rate  # type: ignore[method-assign]
        await remove_in_edit_screen(pilot, app, row=2, rated=False)
        assert screen.retry is None and "r no longer retries" in toasts(app)
        await add_in_edit_screen(pilot, app, "Dave Later")
        await pilot.press("r")  # nothing to retry: never Ali's rating as Dave's
        await pilot.pause()
    assert stored(tui_workspace, session_id) == {}
