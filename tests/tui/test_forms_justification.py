"""The justification form: saved with an agreed level, the text is for that level (trial F2)."""

from __future__ import annotations

import pytest
from textual.widgets import Select, Static, TextArea

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.justification import JustificationScreen
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until
from .form_steps import SIZES, shown
from .test_facilitator import in_workshop


@pytest.mark.parametrize("size", SIZES)
async def test_an_agreed_level_saved_with_the_justification_raises_no_warning(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    seed_session(tui_workspace)  # plain: the rule's result is developing, justified at it
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, JustificationScreen))
        form = app.screen
        await type_text(pilot, " Every contract is reviewed.")
        await pilot.press("tab")
        assert isinstance(app.focused, Select)
        await pilot.press("enter", "down", "down", "down", "enter")  # the prompt, 1, 2, 3
        await until(pilot, lambda: form.query_one("#agreed-level", Select).value == "mature")
        await pilot.press("tab")
        await type_text(pilot, "Finance showed the contract register.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and screen.area().agreed_level)
        await pilot.pause()
        area = screen.area()
        assert area.current_level == "mature" and not area.justification_stale
        heading = shown(screen.query_one("#area-heading", Static))
        assert "earlier result" not in heading


async def test_an_agreed_level_refused_saves_none_of_the_form(tui_workspace: Workspace) -> None:
    """The agreed level would leave the ambition (leader) below it: nothing is saved, the
    problem is shown under the agreed level, and the text stays in the form."""
    seed_session(tui_workspace)  # plain: developing, aiming for leader
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        before = screen.area().justification
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, JustificationScreen))
        form = app.screen
        await type_text(pilot, " PARTIALSAVE")
        form.query_one("#agreed-level", Select).value = "innovator"
        form.query_one("#moderation-reason", TextArea).text = "Agreed up."
        await pilot.press("ctrl+s")
        agreed = form.query_one("#field-agreed_level")
        await until(pilot, lambda: agreed.has_class("-invalid"))
        assert "is below the council's current level" in shown(agreed.query_one(".field-problem"))
        assert app.screen is form and form.query_one("#justification", TextArea).text.endswith(
            "PARTIALSAVE"
        )
        await pilot.press("escape", "y")
        await until(pilot, lambda: app.screen is screen)
        await screen.reload()
        assert screen.area().justification == before and screen.area().agreed_level is None
