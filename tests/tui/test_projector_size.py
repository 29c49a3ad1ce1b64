"""At the projector's 100x30 nothing that matters is cut or scrolled away: the sessions list's
date, status and progress, the summary's heading and sign-off, and a form's long values (shown
from their start)."""

from __future__ import annotations

import html
import re
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.edit_session import EditSessionScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, until
from .test_cycle import home, signed_session

NARROW = (100, 30)
LONG_TITLE = "Procurement maturity baseline with a title far longer than the title field is wide"


def draft_with_long_title(workspace: Workspace) -> None:
    session_id = seed_session(workspace, rated=False)
    with Workshop.open(workspace, backup=False) as workshop:
        workshop.update_details(session_id, title=LONG_TITLE)


def screen_text(app: WorkshopApp) -> str:
    """What the terminal shows now, as the text of its screenshot."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))).replace(
        "\xa0", " "
    )


async def test_the_sessions_list_keeps_date_status_and_progress_whole(
    tui_workspace: Workspace,
) -> None:
    signed_session(tui_workspace)
    draft_with_long_title(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)
    async with app.run_test(size=NARROW) as pilot:
        await home(pilot, app)
        shown = screen_text(app)
        assert "3/3 areas complete" in shown and "0/3 areas complete" in shown
        assert "Signed off" in shown and "Draft" in shown and "2026-11-20" in shown
        assert "Procurement maturity …" in shown and LONG_TITLE not in shown


async def open_summary(pilot: Pilot[Any], app: WorkshopApp) -> SummaryScreen:
    await home(pilot, app)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
    await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)
    return app.screen


async def test_the_summary_shows_its_heading_and_the_sign_off(tui_workspace: Workspace) -> None:
    signed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)
    async with app.run_test(size=NARROW) as pilot:
        await open_summary(pilot, app)
        shown = screen_text(app)
        assert "SUMMARY: THE MATURITY GRID" in shown
        assert "✓ Signed off by Pat Jones (Director of Resources) on 2026-11-20" in shown
        assert "Fingerprint:" in shown


async def test_a_form_opens_showing_the_start_of_long_values(tui_workspace: Workspace) -> None:
    draft_with_long_title(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)
    async with app.run_test(size=NARROW) as pilot:
        await home(pilot, app)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, EditSessionScreen))
        await pilot.pause()
        title = app.screen.query_one("#title", Input)
        assert title.scroll_x == 0 and "Procurement maturity baseline" in screen_text(app)
        assert title.cursor_position == len(LONG_TITLE)  # typing still adds at the end
        title.focus()
        await pilot.pause()
        await pilot.press("tab")  # left again: back to its start
        await pilot.pause()
        assert title.scroll_x == 0


async def test_the_session_bar_keeps_status_and_progress_whole(tui_workspace: Workspace) -> None:
    draft_with_long_title(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)
    async with app.run_test(size=NARROW) as pilot:
        await home(pilot, app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        await pilot.pause()
        shown = screen_text(app)
        assert "Draft · 0/3" in shown  # was cut: "… · Draft ·" then nothing
        # The words take the room before the clocks (trial F4): only the area's time is shown.
        assert "Testshire County Council · Procurement maturity baseline" in shown
        assert LONG_TITLE not in shown and "area 0:00" in shown and "session" not in shown
