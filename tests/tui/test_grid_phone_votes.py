"""The ratings grid and the result while phones vote: who has voted by phone is shown beside
who has a typed rating (never how anyone voted), so "1 of 3 given" no longer sits beside the
phone line's "2 of 3 voted" as if the phone votes were not there; projector mode hides who, as
the phone panel hides who has not voted."""

from __future__ import annotations

from textual.widgets import Static

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.phone_status import PhoneStatusLine
from npsworkshop.tui.widgets.ratings_grid import PHONE_VOTE, RatingsGrid
from npsworkshop.workspace import Workspace

from .conftest import seed_session, until
from .test_phone_voting import Phone, start_voting


def cells(screen: WorkshopScreen) -> list[str]:
    grid = screen.query_one(RatingsGrid)
    return [str(cell) for cell in grid.get_column("rating")]


def by_person(screen: WorkshopScreen) -> dict[str, str]:
    """Each row's cell by participant key (projector mode lists the rows in letter order)."""
    grid = screen.query_one(RatingsGrid)
    return {str(key.value): cell for key, cell in zip(grid.rows, cells(screen), strict=True)}


def result(screen: WorkshopScreen) -> str:
    return str(screen.query_one("#result", Static).render())


async def test_the_grid_shows_who_voted_by_phone_and_never_how(
    tui_workspace: Workspace, app: WorkshopApp
) -> None:
    seed_session(tui_workspace, rated=False)
    async with app.run_test(size=(100, 30)) as pilot:
        workshop, url = await start_voting(pilot, app)
        await pilot.press("escape")  # the panel closes; the grid follows the room
        jo = Phone(url)
        await jo.join("p1")
        await jo.vote("leader")
        await until(pilot, lambda: cells(workshop)[0] == PHONE_VOTE)
        await pilot.press("down", "3")  # Sam's rating typed by the facilitator
        line = workshop.query_one(PhoneStatusLine)
        await until(pilot, lambda: "2 of 3 voted" in str(line.render()))
        await until(pilot, lambda: cells(workshop) == [PHONE_VOTE, "● given", "·"])
        assert "Hidden: 1 of 3 given, 1 more by phone, 1 to go." in result(workshop)
        assert "Leader" not in result(workshop) + "".join(cells(workshop))

        await pilot.press("p")  # projector: who voted goes, as the panel's "waiting" does
        await until(pilot, lambda: by_person(workshop) == {"p1": "·", "p2": "● given", "p3": "·"})
        assert "1 more by phone" in result(workshop)
        await pilot.press("p")
        await until(pilot, lambda: cells(workshop)[0] == PHONE_VOTE)

        await pilot.press("v")  # the reveal writes Jo's vote: a rating like any other
        await until(pilot, lambda: cells(workshop)[0] == "4 Leader")
        assert PHONE_VOTE not in cells(workshop)
        await jo.client.aclose()
