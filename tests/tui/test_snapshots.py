"""What the main screens look like, pinned: fixed data, a fixed date, no blinking cursor.

Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update`, then look at every SVG in
__snapshots__ (or the report pytest writes) before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.tui.screens.new_session import NewSessionScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, until

Compare = Callable[..., bool]
WIDE = (120, 36)
NARROW = (100, 30)


def FROZEN() -> float:
    return 0.0


async def still(pilot: Pilot[Any]) -> None:
    """No blinking cursors, nothing left to settle."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
    await pilot.pause()


async def at_home(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)


async def in_workshop(pilot: Pilot[Any], *keys: str) -> WorkshopScreen:
    await at_home(pilot)
    await pilot.press("enter")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
    screen = app.screen
    assert isinstance(screen, WorkshopScreen)
    await pilot.press(*keys)
    return screen


def steps(*actions: Callable[[Pilot[Any]], Awaitable[object]]) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        for action in actions:
            await action(pilot)
        await still(pilot)

    return run


def test_home_when_the_workspace_is_empty(snap_compare: Compare, app: WorkshopApp) -> None:
    assert snap_compare(app, terminal_size=WIDE, run_before=steps(at_home))


def test_home_lists_the_sessions(snap_compare: Compare, tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    signed = seed_session(tui_workspace, rated=False, scope=("plain",))
    with Workshop.open(tui_workspace, backup=False) as workshop:
        workshop.rate(signed, "plain", "p1", "developing")
        workshop.justify(signed, "plain", "Evidence.")
        workshop.set_ambition(signed, "plain", "mature")
        workshop.sign_off(signed, "Pat Jones", "Director of Resources", signed_on=HELD_ON)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=FROZEN)
    assert snap_compare(app, terminal_size=WIDE, run_before=steps(at_home))


def test_new_session_points_at_missing_input(snap_compare: Compare, app: WorkshopApp) -> None:
    async def empty_form_submitted(pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await until(
            pilot, lambda: isinstance(pilot.app.screen, NewSessionScreen) and pilot.app.screen.packs
        )
        await pilot.press("ctrl+s")

    assert snap_compare(app, terminal_size=WIDE, run_before=steps(at_home, empty_form_submitted))


@pytest.mark.parametrize(
    ("size", "revealed"),
    [
        pytest.param(WIDE, False, id="hidden-120x36"),
        pytest.param(NARROW, True, id="revealed-100x30"),
    ],
)
def test_workshop_rating_an_area_with_dimensions(
    snap_compare: Compare, tui_workspace: Workspace, size: tuple[int, int], revealed: bool
) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=FROZEN)
    keys = ("]", "v") if revealed else ("]",)

    async def open_gridded(pilot: Pilot[Any]) -> None:
        screen = await in_workshop(pilot, *keys)
        await until(pilot, lambda: screen.current == "gridded")

    assert snap_compare(app, terminal_size=size, run_before=steps(open_gridded))


def test_workshop_in_projector_mode(snap_compare: Compare, tui_workspace: Workspace) -> None:
    from npsworkshop.report.anonymity import letters

    session_id = seed_session(tui_workspace)
    # The letters follow the workspace's key for anonymous outputs (and the session's id, new
    # each run): a key that gives Jo A, Ali B and Sam C, so the picture is the same every time.
    with Workshop.open(tui_workspace, backup=False) as workshop:
        snapshot = workshop.snapshot(session_id)
    key = next(
        k
        for k in (bytes([seed]) * 32 for seed in range(256))
        if list(letters(snapshot, k)) == ["p1", "p3", "p2"]
    )
    (tui_workspace.sessions_dir / "anonymity.key").write_bytes(key)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=FROZEN)

    async def projected(pilot: Pilot[Any]) -> None:
        await in_workshop(pilot)
        app.projector = True  # as the palette's command does, without its passing notice

    assert snap_compare(app, terminal_size=WIDE, run_before=steps(projected))


def test_ambition_form(snap_compare: Compare, tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=FROZEN)

    async def ambition(pilot: Pilot[Any]) -> None:
        screen = await in_workshop(pilot, "]", "v", "b")
        await until(pilot, lambda: pilot.app.screen is not screen)

    assert snap_compare(app, terminal_size=WIDE, run_before=steps(ambition))


def test_summary_shows_the_grid_and_what_is_missing(
    snap_compare: Compare, tui_workspace: Workspace
) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=FROZEN)

    async def summary(pilot: Pilot[Any]) -> None:
        await in_workshop(pilot, "s")
        await until(
            pilot, lambda: isinstance(pilot.app.screen, SummaryScreen) and pilot.app.screen.snapshot
        )

    assert snap_compare(app, terminal_size=WIDE, run_before=steps(summary))
