"""The areas in scope in the Session details screen (d): ticked as the session has them, space
ticks and unticks, saving asks first when an area with recorded work is left out (saying what
goes), Esc asks when a tick changed, and the workshop's navigator, grid and summary follow at
once, at the projector's 100x30 too."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from npsworkshop.tui import phones
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.confirm import DISCARD, ConfirmScreen
from npsworkshop.tui.screens.edit_session import EditSessionScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.navigator import AreaNavigator
from npsworkshop.tui.widgets.scope_list import ScopeList
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, until
from .test_cycle import signed_session
from .test_facilitator import in_workshop, toasts
from .test_hostile_text import screen_text
from .test_phone_voting import Phone, start_voting

SIZES = [(120, 36), (100, 30)]


async def details(pilot: Pilot[Any], app: WorkshopApp) -> tuple[EditSessionScreen, ScopeList]:
    """d, then the keys in the areas list, its first area highlighted."""
    await pilot.press("d")
    await until(pilot, lambda: isinstance(app.screen, EditSessionScreen))
    form = app.screen
    assert isinstance(form, EditSessionScreen)
    scope = form.query_one(ScopeList)
    scope.focus()
    await pilot.pause()
    return form, scope


def question(app: WorkshopApp) -> str:
    return str(app.screen.query_one(".dialog-title", Static).render())


def navigator_areas(screen: WorkshopScreen) -> list[str]:
    navigator = screen.query_one(AreaNavigator)
    return [str(o.id) for o in navigator.options if o.id is not None]


def stored_scope(workspace: Workspace, session_id: str) -> tuple[str, ...]:
    with Workshop.open(workspace, backup=False) as workshop:
        return workshop.snapshot(session_id).record.scope


def in_view(app: WorkshopApp, widget: Any) -> bool:
    """All of the widget is on the screen (not cut off at the bottom or the right)."""
    region, size = widget.region, app.screen.size
    return region.height > 0 and region.bottom <= size.height and region.right <= size.width


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_leaving_out_a_rated_area_asks_first_saying_what_goes(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    session_id = seed_session(tui_workspace)  # plain: ratings, note, justification, ...
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await in_workshop(pilot, app)
        assert screen.current == "plain"
        form, scope = await details(pilot, app)
        assert sorted(scope.selected) == ["gridded", "plain", "talent"]  # as the session has them
        scope.scroll_visible(animate=False)
        await pilot.pause()
        assert in_view(app, scope)
        await pilot.press("space")  # the highlighted first area: plain
        await pilot.press("down", "down", "space", "space")  # talent off and on again
        assert sorted(scope.selected) == ["gridded", "talent"]
        label = form.query_one("#field-scope .field-label", Static)
        assert "2 of 3 areas" in str(label.render())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert question(app) == (
            "Remove “A plain area” from this session? Its 3 ratings (1 with a note), "
            "justification, ambition and 1 action are deleted. This cannot be undone."
        )
        await pilot.press("n")  # not now: the form stays as it was, nothing saved
        await until(pilot, lambda: app.screen is form)
        assert sorted(scope.selected) == ["gridded", "talent"]
        assert stored_scope(tui_workspace, session_id) == ("plain", "gridded", "talent")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        # The area on screen left: the workshop moved on to the next one still in scope.
        assert screen.current == "gridded"
        assert navigator_areas(screen) == ["gridded", "talent"]
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await until(pilot, lambda: "Talent" in screen_text(app))
        shown = screen_text(app)
        assert "An area with dimensions" in shown and "A plain area" not in shown
    assert stored_scope(tui_workspace, session_id) == ("gridded", "talent")


async def test_two_areas_left_out_are_named_in_one_question(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        await in_workshop(pilot, app)
        await details(pilot, app)
        await pilot.press("space", "down", "space")  # plain and gridded off
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert question(app) == (
            "Remove 2 areas from this session? “A plain area” (3 ratings (1 with a note), "
            "justification, ambition and 1 action) and “An area with dimensions” (6 ratings) "
            "are deleted with everything recorded for them. This cannot be undone."
        )


async def test_an_added_area_appears_at_once_without_a_question(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace, rated=False, scope=("plain",))
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await in_workshop(pilot, app)
        _form, scope = await details(pilot, app)
        assert scope.selected == ["plain"]
        shown = screen_text(app)  # ticks read without colour: an unticked box is empty
        assert "▐X▌ A plain area" in shown and "▐ ▌ Talent" in shown
        await pilot.press("down", "down", "space")  # talent
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert navigator_areas(screen) == ["plain", "talent"]
        assert screen.current == "plain"  # still where the room was
    assert stored_scope(tui_workspace, session_id) == ("plain", "talent")


async def test_no_area_ticked_is_a_problem_beside_the_list(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        await in_workshop(pilot, app)
        form, _scope = await details(pilot, app)
        await pilot.press("a")  # all ticked: a unticks every area
        await pilot.press("ctrl+s")
        field = form.query_one("#field-scope")
        await until(pilot, lambda: field.has_class("-invalid"))
        assert "tick at least one area" in str(field.query_one(".field-problem").render())
        assert app.screen is form
    assert stored_scope(tui_workspace, session_id) == ("plain", "gridded", "talent")


async def test_esc_asks_when_a_tick_changed_and_not_when_only_the_cursor_moved(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await in_workshop(pilot, app)
        await details(pilot, app)
        await pilot.press("down", "down", "escape")  # looked, changed nothing: closes at once
        await until(pilot, lambda: app.screen is screen)
        form, _scope = await details(pilot, app)
        await pilot.press("space", "escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert question(app) == DISCARD
        await pilot.press("n")
        await until(pilot, lambda: app.screen is form)
        await pilot.press("space", "escape")  # ticked back as it was: nothing to lose
        await until(pilot, lambda: app.screen is screen)
    assert stored_scope(tui_workspace, session_id) == ("plain", "gridded", "talent")


async def test_phones_voting_on_an_area_left_out_follow_the_screen_to_the_next(
    tui_workspace: Workspace, app: WorkshopApp
) -> None:
    seed_session(tui_workspace, rated=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, url = await start_voting(pilot, app)
        assert screen.current == "plain"
        jo = Phone(url)
        try:
            await jo.join("p1")
            assert "Recorded" in await jo.vote("mature")  # a vote on plain, not revealed
            await pilot.press("escape")  # the panel closes; voting stays on
            await until(pilot, lambda: app.screen is screen)
            await details(pilot, app)
            await pilot.press("space", "ctrl+s")  # plain has no ratings: no question
            await until(pilot, lambda: app.screen is screen and screen.current == "gridded")
            running = phones.voting(app)
            assert running is not None
            box = running.room.box
            await until(pilot, lambda: box.state().area_id == "gridded")
            assert box.votes_of("p1") == {}
            page = (await jo.client.get("/")).text
            assert "An area with dimensions" in page and "A plain area" not in page
        finally:
            await jo.client.aclose()


async def test_undo_never_brings_back_a_rating_of_an_area_left_out(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("3", "up", "4")  # Jo mature, then leader: undo would put mature back
        await until(pilot, lambda: [r.level for r in screen.area().ratings] == ["leader"])
        await details(pilot, app)
        await pilot.press("space", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Its 1 rating is deleted." in question(app)
        await pilot.press("y")
        await until(pilot, lambda: app.screen is screen and screen.current == "gridded")
        await details(pilot, app)
        await pilot.press("space", "ctrl+s")  # plain back, empty
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+z")
        # the details were the last change: ctrl+z says so and writes nothing back
        await until(
            pilot, lambda: "Nothing undone: the last change was not a rating" in toasts(app)
        )
    with Workshop.open(tui_workspace, backup=False) as workshop:
        assert workshop.snapshot(session_id).area("plain").ratings == ()


async def test_a_followups_area_with_carried_actions_stays_and_says_why(
    tui_workspace: Workspace,
) -> None:
    baseline = signed_session(tui_workspace)  # every area with an outstanding action
    with Workshop.open(tui_workspace, backup=False) as workshop:
        followup = workshop.cycle.start_followup(
            baseline, held_on=date(2027, 11, 20), today=date(2027, 11, 20)
        )
    app = WorkshopApp(tui_workspace, today=date(2027, 11, 20))
    async with app.run_test(size=(100, 30)) as pilot:
        await in_workshop(pilot, app)  # the newest session: the follow-up
        form, _scope = await details(pilot, app)
        await pilot.press("space", "ctrl+s")  # plain holds a carried action: no question, a no
        field = form.query_one("#field-scope")
        await until(pilot, lambda: field.has_class("-invalid"))
        said = str(field.query_one(".field-problem").render())
        assert "'A plain area' (plain) cannot be left out" in said and "(A1)" in said
        assert app.screen is form
    assert stored_scope(tui_workspace, followup) == ("plain", "gridded", "talent")
