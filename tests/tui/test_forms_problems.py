"""Form problems (trial F6): a refusal about one field is shown under it, a fixed field's old
problem goes as soon as it changes, and a drop-down opens inside its dialog."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static
from textual.widgets._select import SelectOverlay

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.action_form import ActionScreen
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until
from .form_steps import SIZES, new_session_form, shown
from .test_facilitator import in_workshop
from .test_forms_ambition import ambition_form, problem


@pytest.mark.parametrize("size", SIZES)
async def test_a_due_date_before_the_session_is_shown_under_due(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    seed_session(tui_workspace)  # held on 2026-11-20
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        await in_workshop(pilot, app)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, ActionScreen))
        form = app.screen
        await type_text(pilot, "Brief every cabinet member")
        await pilot.press("enter", "enter")
        await type_text(pilot, "2026-10-01")
        await pilot.press("ctrl+s")
        due = form.query_one("#field-due", FormField)
        await until(pilot, lambda: due.has_problem)
        assert "the action's due date (2026-10-01) is before the session's date" in problem(due)
        assert not form.has_class("-has-problems")  # nothing above the form
        assert shown(form.query_one("#form-problems", Static)) == ""
        assert app.focused is form.query_one("#action-due")
        await pilot.press("backspace")
        await pilot.pause()
        assert not due.has_problem  # the field changed: its old problem went


async def test_a_new_sessions_fixed_fields_lose_their_problems_at_once(app: WorkshopApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_session_form(pilot, app)
        await type_text(pilot, "Testshire County Council")
        screen.query_one("#title", Input).value = "Baseline"
        screen.query_one("#organisation-code", Input).value = "E0600002"
        screen.query_one("#held-on", Input).value = "31/13/2026"
        row = screen.query_one("ParticipantList Input")
        assert isinstance(row, Input)
        row.value = "Jo Smith"
        await pilot.press("ctrl+s")
        code = screen.query_one("#field-organisation_code", FormField)
        held_on = screen.query_one("#field-held_on", FormField)
        summary = screen.query_one("#form-problems", Static)
        await until(pilot, lambda: code.has_problem and held_on.has_problem)
        assert shown(summary).startswith("▲ 2 problems to fix")
        screen.query_one("#organisation-code", Input).value = "E06000020"
        await pilot.pause()
        assert not code.has_problem and held_on.has_problem
        assert shown(summary).startswith("▲ 1 problem to fix")
        screen.query_one("#held-on", Input).value = "30/11/2026"
        await pilot.pause()
        assert not held_on.has_problem and not screen.has_class("-has-problems")


@pytest.mark.parametrize("size", SIZES)
async def test_the_interim_steps_list_opens_inside_the_dialog(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    async with ambition_form(tui_workspace, size) as (pilot, _app, form):
        steps = form.query_one("#interim-level", Select)
        steps.focus()
        await pilot.press("enter")
        overlay = steps.query_one(SelectOverlay)
        await until(pilot, lambda: steps.expanded and overlay.region.height > 0)
        await pilot.pause(0.2)
        dialog = form.query_one(".dialog").region
        inside = dialog.shrink(form.query_one(".dialog").styles.gutter)
        assert inside.contains_region(overlay.region), (overlay.region, inside)
        assert not overlay.region.overlaps(steps.region)  # the field itself stays in view
        await pilot.press("down", "down", "down", "down", "enter")  # past "No interim step"
        await until(pilot, lambda: steps.value == "leader")
