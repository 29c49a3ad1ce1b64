"""Projector mode keeps names off the shared screen: Session details, which list every name and
department, ask before they open while it is on (a user trial matched the room's letters to
names through them, trial F17)."""

from __future__ import annotations

import pytest

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.confirm import ConfirmScreen
from npsworkshop.tui.screens.edit_session import EditSessionScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, until
from .test_facilitator import in_workshop


@pytest.mark.parametrize("size", [(120, 36), (100, 30)])
async def test_session_details_ask_first_in_projector_mode(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("p")
        await until(pilot, lambda: app.projector)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert isinstance(app.screen, ConfirmScreen)
        assert "every participant's name and department" in app.screen.question
        await pilot.press("n")  # keep them off the screen
        await until(pilot, lambda: app.screen is screen)
        assert not any(isinstance(s, EditSessionScreen) for s in app.screen_stack)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, EditSessionScreen))


async def test_session_details_open_at_once_without_projector_mode(
    tui_workspace: Workspace,
) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        assert isinstance(screen, WorkshopScreen) and not app.projector
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, EditSessionScreen))
