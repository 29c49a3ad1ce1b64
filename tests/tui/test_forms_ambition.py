"""The ambition form: a digit chooses the level and moves on (trial F5); every date problem is
shown at once, each under its own field (trial F6)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.ambition import AmbitionScreen
from npsworkshop.tui.widgets.level_picker import LevelPicker
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until
from .form_steps import SIZES, notices
from .test_facilitator import in_workshop


def problem(field: Widget) -> str:
    return str(field.query_one(".field-problem", Static).render())


@asynccontextmanager
async def ambition_form(
    workspace: Workspace, size: tuple[int, int]
) -> AsyncIterator[tuple[Pilot[Any], WorkshopApp, AmbitionScreen]]:
    """The seeded session's ambition form for the gridded area, at `size`."""
    seed_session(workspace)
    app = WorkshopApp(workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        yield pilot, app, await open_ambition(pilot, app)


async def open_ambition(pilot: Pilot[Any], app: WorkshopApp) -> AmbitionScreen:
    """The gridded area: rated (its current level is mature), no ambition yet."""
    screen = await in_workshop(pilot, app)
    await pilot.press("]")
    await until(pilot, lambda: screen.area().id == "gridded")
    await pilot.press("b")
    await until(pilot, lambda: isinstance(app.screen, AmbitionScreen))
    assert isinstance(app.screen, AmbitionScreen)
    return app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_a_digit_chooses_the_level_and_the_date_typed_next_goes_to_the_date(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    async with ambition_form(tui_workspace, size) as (pilot, app, form):
        await pilot.press("5")
        await type_text(pilot, "31/03/2028")
        assert form.query_one(LevelPicker).value == "innovator"
        assert form.query_one("#ambition-by", Input).value == "31/03/2028"
        assert "below the current level" not in notices(app)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, AmbitionScreen))
        ambition = app.screen.area().ambition  # type: ignore[attr-defined]
        assert (ambition.level, ambition.by) == ("innovator", date(2028, 3, 31))


async def test_a_digit_below_the_current_level_stays_on_the_level(
    tui_workspace: Workspace,
) -> None:
    async with ambition_form(tui_workspace, (120, 36)) as (pilot, app, form):
        await pilot.press("2")
        await until(pilot, lambda: "below the current level" in notices(app))
        assert app.focused is form.query_one(LevelPicker)
        assert form.query_one(LevelPicker).value == "leader"  # the suggestion, unchanged


@pytest.mark.parametrize("size", SIZES)
async def test_every_date_problem_shows_at_once_under_its_field(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    async with ambition_form(tui_workspace, size) as (pilot, app, form):
        await pilot.press("5")
        await type_text(pilot, "31/02/2028")
        form.query_one("#interim-level", Select).value = "leader"
        form.query_one("#interim-by", Input).value = "2027-13-01"
        await pilot.press("ctrl+s")
        by, interim_by = form.query_one("#field-by"), form.query_one("#field-interim_by")
        await until(pilot, lambda: by.has_class("-invalid") and interim_by.has_class("-invalid"))
        assert "'31/02/2028' is not a date" in problem(by)
        assert "'2027-13-01' is not a date" in problem(interim_by)
        assert app.focused is form.query_one("#ambition-by")  # the first, in the form's order
        # Fixing a field takes its problem away at once; the other stays until it is fixed.
        await pilot.press("backspace", "backspace", "1")
        await pilot.pause()
        assert not by.has_class("-invalid") and interim_by.has_class("-invalid")
