"""The app with the real content: NPS 2018 by default, and the draft toolkit's four-dimension grid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Select, Static

from npsworkshop.framework.loader import available_packs
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.new_session import NewSessionScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, type_text, until


async def new_session(pilot: Pilot[Any], app: WorkshopApp, pack: str | None) -> WorkshopScreen:
    await until(pilot, lambda: getattr(app.screen, "loaded", False))
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, NewSessionScreen) and app.screen.packs)
    screen = app.screen
    assert isinstance(screen, NewSessionScreen)
    chosen = screen.query_one("#pack", Select).value
    assert chosen == "nps-2018"  # the default
    if pack is not None:
        screen.query_one("#pack", Select).value = pack
    await type_text(pilot, "Testshire County Council")
    screen.query_one("#title").focus()
    await type_text(pilot, "Baseline")
    row = screen.rows()[0]
    row.input_for("name").focus()
    await type_text(pilot, "Jo Smith")
    row.input_for("department").focus()
    await type_text(pilot, "Adults")
    await pilot.press("enter")
    await type_text(pilot, "Sam Patel")
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
    assert isinstance(app.screen, WorkshopScreen)
    return app.screen


async def test_every_area_of_nps_2018_can_be_visited_and_rated(tmp_path: Path) -> None:
    assert {"nps-2018", "nps-2018-draft-toolkit"} <= set(available_packs())
    app = WorkshopApp(Workspace(tmp_path), today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_session(pilot, app, None)
        snapshot = screen.loaded
        assert len(snapshot.areas) == 14
        visited = [screen.current]
        for _ in snapshot.areas[1:]:
            await pilot.press("]")
            await until(pilot, lambda: screen.current != visited[-1])
            visited.append(screen.current)
        assert visited == [area.id for area in snapshot.areas]
        await pilot.press("2", "4", "v")
        await until(pilot, lambda: screen.area().result is not None)
        assert "2 Developing" in str(screen.query_one("#result", Static).content)
        assert screen.area().kind == "enabler"


async def test_the_draft_toolkit_is_rated_dimension_by_dimension(tmp_path: Path) -> None:
    app = WorkshopApp(Workspace(tmp_path), today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_session(pilot, app, "nps-2018-draft-toolkit")
        definition = screen.definition()
        assert len(definition.dimensions) == 4
        grid = screen.query_one(RatingsGrid)
        assert [str(c.label) for c in grid.columns.values()] == [
            d.title for d in definition.dimensions
        ]
        # Down the first column, then the next: two people, four dimensions, eight keypresses.
        await pilot.press("3", "4", "4", "4", "5", "2", "3", "a")
        await until(pilot, lambda: len(screen.area().ratings) == 8)
        levels = {(r.participant, r.dimension): r.level for r in screen.area().ratings}
        dimensions = [d.id for d in definition.dimensions]
        assert levels == {
            ("p1", dimensions[0]): "mature",
            ("p2", dimensions[0]): "leader",
            ("p1", dimensions[1]): "leader",
            ("p2", dimensions[1]): "leader",
            ("p1", dimensions[2]): "innovator",
            ("p2", dimensions[2]): "developing",
            ("p1", dimensions[3]): "mature",
            ("p2", dimensions[3]): None,
        }
        await pilot.press("v")
        result = str(screen.query_one("#result", Static).content)
        assert "2 Developing" in result
        assert f"in {definition.dimensions[2].title}" in result
        # The descriptors follow the dimension under the cursor.
        grid.move_cursor(row=0, column=1)
        await pilot.pause()
        heading = str(screen.query_one("#levels-heading", Static).content)
        assert heading.startswith(f"LEVELS: {definition.dimensions[1].title}")
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
