"""The new-session form's typed text survives the app closing before ctrl+s (trial F13)."""

from __future__ import annotations

from textual.widgets import Input, Static

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, type_text, until
from .form_steps import new_session_form, shown
from .test_forms_drafts import kept


async def test_the_new_session_form_is_offered_back_after_the_app_closed(
    tui_workspace: Workspace,
) -> None:
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_session_form(pilot, app)
        await type_text(pilot, "Ynys Môn [b]Council[/b]")
        screen.query_one("#title", Input).value = "Baseline"
        rows = screen.rows()
        rows[0].input_for("name").value = "Gwen Price"
        await screen.action_add_participant()
        screen.rows()[1].input_for("name").value = "SJ"
        await until(
            pilot, lambda: kept(tui_workspace, "new-session", "new-session", "participant-1-name")
        )
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_session_form(pilot, app)
        await until(pilot, lambda: screen.has_class("-draft-restored"))
        assert screen.query_one("#organisation", Input).value == "Ynys Môn [b]Council[/b]"
        assert screen.query_one("#title", Input).value == "Baseline"
        assert [row.values()["name"] for row in screen.rows()] == ["Gwen Price", "SJ"]
        said = shown(screen.query_one("#form-draft", Static))
        assert said.startswith("Restored the text you were typing on ")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen))
        await until(pilot, lambda: not kept(tui_workspace, "new-session", "new-session", "title"))
