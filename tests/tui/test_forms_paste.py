"""A multi-line paste into an action's one-line fields keeps every line (trial F24)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.action_form import ActionScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, until
from .form_steps import notices
from .test_facilitator import in_workshop

PASTED = "Line one of pasted evidence\n- bullet two [b]not bold[/b]\n\n\tTabbed line three\n"


@asynccontextmanager
async def new_action(
    workspace: Workspace, size: tuple[int, int]
) -> AsyncIterator[tuple[Pilot[Any], WorkshopApp, WorkshopScreen]]:
    """The seeded session's workshop with the new-action form open over it."""
    seed_session(workspace)
    app = WorkshopApp(workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, ActionScreen))
        yield pilot, app, screen


async def test_a_pasted_action_keeps_all_its_lines_joined(tui_workspace: Workspace) -> None:
    async with new_action(tui_workspace, (100, 30)) as (pilot, app, screen):
        title = app.screen.query_one("#action-title", Input)
        title.post_message(events.Paste(PASTED))
        joined = "Line one of pasted evidence - bullet two [b]not bold[/b] Tabbed line three"
        await until(pilot, lambda: title.value == joined)
        assert "pasted lines were joined into one" in notices(app)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        assert [a.title for a in screen.area().actions][-1] == joined


async def test_a_one_line_paste_is_kept_as_it_is(tui_workspace: Workspace) -> None:
    async with new_action(tui_workspace, (120, 36)) as (pilot, app, _screen):
        owner = app.screen.query_one("#action-owner", Input)
        owner.post_message(events.Paste("Head of\tProcurement\n"))
        await until(pilot, lambda: owner.value == "Head of Procurement")
        assert "joined" not in notices(app)
