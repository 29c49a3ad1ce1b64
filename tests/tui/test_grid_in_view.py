"""Whenever the ratings grid has the keys, all of it is on screen: every participant, with their
cells, at 120x36 and 100x30, in every area of the real packs, with a council's real long names.
Beyond 20 participants the grid scrolls, says which rows show, and keeps the cursor's row in view;
a digit never rates a row nobody can see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.area_pane import AreaPane
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, ParticipantInput
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, until

SIZES = [pytest.param((120, 36), id="120x36"), pytest.param((100, 30), id="100x30")]
LONG_NAMES = (
    ("Aisha Rahman", "Corporate Procurement"),
    ("Children and Families commissioning lead", "Children and Families"),
    ("Gwenllian Prys-Davies", "Finance and Resources"),
    ("Dr Oluwaseun Adebayo-Williams", "Legal and Democratic Services"),
    ("Siân Llywelyn", "Adult Social Care"),
    ("Tom O'Brien", "Highways and Transport"),
)


def session_with(workspace: Workspace, pack: str, people: list[tuple[str, str]]) -> str:
    with Workshop.open(workspace, backup=False) as workshop:
        return workshop.create_session(
            NewSession(
                organisation_name="Testshire County Council",
                organisation_type="county",
                title="Baseline 2026",
                held_on=HELD_ON,
                facilitator="A. Facilitator",
                pack_id=pack,
                participants=tuple(
                    ParticipantInput(name=name, role="Officer", department=department)
                    for name, department in people
                ),
            )
        )


async def opened(pilot: Pilot[Any], app: WorkshopApp) -> WorkshopScreen:
    await until(pilot, lambda: getattr(app.screen, "loaded", False))
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
    assert isinstance(app.screen, WorkshopScreen)
    await pilot.pause()
    return app.screen


def grid_wholly_in_view(screen: WorkshopScreen) -> None:
    """Every row and every cell of the grid is on the terminal now."""
    grid = screen.query_one(RatingsGrid)
    assert grid.has_focus
    visible = screen.find_widget(grid).visible_region
    assert visible == grid.region, (screen.current, visible, grid.region)
    assert grid.rows_in_view() == (1, grid.row_count), screen.current
    # No cell pushed out sideways: the rows fit the grid's width.
    assert grid.virtual_size.width <= grid.scrollable_content_region.width, screen.current


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("pack", ["nps-2018", "nps-2018-draft-toolkit"])
async def test_the_grid_is_in_view_in_every_area_with_long_names(
    tmp_path: Path, size: tuple[int, int], pack: str
) -> None:
    workspace = Workspace(tmp_path)
    session_with(workspace, pack, list(LONG_NAMES))
    app = WorkshopApp(workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await opened(pilot, app)
        for index, area in enumerate(screen.loaded.areas):
            if index:
                await pilot.press("]")
                await until(pilot, lambda area_id=area.id: screen.current == area_id)
                await pilot.pause()
            grid_wholly_in_view(screen)
        # After rating everyone the grid is still wholly in view (the cursor moved down it).
        await pilot.press(*"342513")
        await until(pilot, lambda: len(screen.area().ratings) >= 6)
        await pilot.pause()
        grid_wholly_in_view(screen)


async def test_twenty_participants_all_in_view_at_100x30(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    people = [(f"Participant number {n} with a long name", "Department") for n in range(1, 21)]
    session_with(workspace, "nps-2018", people)
    app = WorkshopApp(workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await opened(pilot, app)
        grid_wholly_in_view(screen)
        await pilot.press("]")
        await until(pilot, lambda: screen.current == screen.loaded.areas[1].id)
        await pilot.pause()
        grid_wholly_in_view(screen)


async def test_beyond_twenty_the_grid_scrolls_and_says_which_rows_show(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    people = [(f"Person {n}", "") for n in range(1, 26)]
    session_with(workspace, "nps-2018", people)
    app = WorkshopApp(workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await opened(pilot, app)
        grid = screen.query_one(RatingsGrid)
        status = lambda: str(screen.query_one("#grid-status").render())  # noqa: E731
        first, last = grid.rows_in_view()
        assert (first, last) == (1, 21)  # 21 rows under a one-line header; 20 under two lines
        assert "rows 1-21 of 25" in status()
        await pilot.press(*("3" * 24))
        await until(pilot, lambda: len(screen.area().ratings) == 24)
        await pilot.pause()
        assert grid.cursor_row == 24
        assert grid.cursor_on_screen()
        assert "rows 5-25 of 25" in status()
        await pilot.press("4")
        await until(pilot, lambda: len(screen.area().ratings) == 25)


async def test_a_digit_never_rates_a_row_out_of_view(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    session_with(workspace, "nps-2018", [(f"Person {n}", "") for n in range(1, 21)])
    app = WorkshopApp(workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await opened(pilot, app)
        pane = screen.query_one(AreaPane)
        pane.scroll_end(animate=False, immediate=True)  # the mouse wheel took it away
        await pilot.pause()
        assert not screen.query_one(RatingsGrid).cursor_on_screen()
        await pilot.press("3")
        await pilot.pause()
        assert screen.area().ratings == ()
        assert screen.query_one(RatingsGrid).cursor_on_screen()  # brought back into view
        await pilot.press("3")
        await until(pilot, lambda: len(screen.area().ratings) == 1)
