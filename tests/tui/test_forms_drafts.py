"""Text typed into a form is kept as a draft on disk as it is typed, and offered back when the
same form is opened again after the app was closed without saving (trial F13)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.action_form import ActionScreen
from npsworkshop.tui.screens.confirm import ConfirmScreen
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.tui.screens.justification import JustificationScreen
from npsworkshop.tui.screens.rating_note import NoteScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until
from .form_steps import SIZES, notices, shown


def drafts(workspace: Workspace, session_id: str) -> dict[str, Any]:
    path = workspace.sessions_dir / "drafts" / f"{session_id}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def kept(workspace: Workspace, session_id: str, form: str, field: str) -> str:
    return str(drafts(workspace, session_id).get(form, {}).get("fields", {}).get(field, ""))


async def workshop_open(pilot: Pilot[Any], app: WorkshopApp) -> WorkshopScreen:
    """The app reopens the session last open; else open it from the list."""

    def settled() -> bool:
        screen = app.screen
        if isinstance(screen, WorkshopScreen):
            return bool(screen.current)
        return isinstance(screen, HomeScreen) and screen.loaded

    await until(pilot, settled)
    if isinstance(app.screen, HomeScreen):
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
    assert isinstance(app.screen, WorkshopScreen)
    return app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_a_justification_typed_and_never_saved_is_offered_back(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    typed = "SJ said Adult Social Care has no councillor briefings [b]yet[/b]"
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        await workshop_open(pilot, app)
        await pilot.press("1", "j")
        await until(pilot, lambda: isinstance(app.screen, JustificationScreen))
        await type_text(pilot, typed)
        await until(
            pilot, lambda: kept(tui_workspace, session_id, "justification:plain", "justification")
        )
        assert kept(tui_workspace, session_id, "justification:plain", "justification") == typed
    # The terminal closed with the form open: nothing was saved, the draft is on disk.
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await workshop_open(pilot, app)
        assert screen.area().justification is None
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, JustificationScreen))
        form = app.screen
        await until(pilot, lambda: form.has_class("-draft-restored"))
        assert form.query_one("#justification", TextArea).text == typed
        said = shown(form.query_one("#form-draft", Static))
        assert said.startswith("Restored the text you were typing on ")
        assert form.query_one("#form-draft", Static).region.height > 0  # on screen, not hidden
        await type_text(pilot, " More.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and screen.area().justification)
        assert screen.area().justification == f"{typed} More."
        await until(pilot, lambda: not drafts(tui_workspace, session_id))
        await pilot.press("j")  # saved: the form opens on the saved text, no draft offered
        await until(pilot, lambda: isinstance(app.screen, JustificationScreen))
        await pilot.pause(0.3)
        assert not app.screen.has_class("-draft-restored")


async def test_discarding_the_form_forgets_its_draft(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await workshop_open(pilot, app)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, ActionScreen))
        await type_text(pilot, "Brief every cabinet member")
        await until(
            pilot, lambda: kept(tui_workspace, session_id, "action:new:plain", "action-title")
        )
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: not drafts(tui_workspace, session_id))
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, ActionScreen))
        await pilot.pause(0.3)
        assert app.screen.query_one("#action-title", Input).value == ""


async def test_a_new_actions_title_survives_the_app_closing(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        await workshop_open(pilot, app)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, ActionScreen))
        await type_text(pilot, "Brief every cabinet member")
        await pilot.press("tab")
        await type_text(pilot, "Monitoring Officer")
        await until(
            pilot, lambda: kept(tui_workspace, session_id, "action:new:plain", "action-owner")
        )
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        await workshop_open(pilot, app)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, ActionScreen))
        form = app.screen
        await until(pilot, lambda: form.has_class("-draft-restored"))
        assert form.query_one("#action-title", Input).value == "Brief every cabinet member"
        assert form.query_one("#action-owner", Input).value == "Monitoring Officer"


async def test_a_notes_draft_stays_hidden_in_projector_mode(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace)
    note = "Jo thinks the board never reads the pipeline"
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        await workshop_open(pilot, app)
        await pilot.press("n")  # Jo Smith's rating, no note yet
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await type_text(pilot, note)
        await until(pilot, lambda: kept(tui_workspace, session_id, "note:plain:p1:", "note"))
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await workshop_open(pilot, app)
        app.projector = True
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: "hidden while the screen is shared" in notices(app))
        await until(pilot, lambda: app.screen is screen)
        assert note not in app.export_screenshot()
        assert kept(tui_workspace, session_id, "note:plain:p1:", "note") == note  # still kept
        app.projector = False
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        form = app.screen
        await until(pilot, lambda: form.has_class("-draft-restored"))
        assert form.query_one("#note", TextArea).text == note
