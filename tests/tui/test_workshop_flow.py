"""A whole workshop driven by real keys: new session, two areas rated, revealed, justified, an
ambition and an action, then sign-off. What the screens show is checked, and so is what is stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Static

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.tui.screens.new_session import NewSessionScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, type_text, until


def shown(app: WorkshopApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def start(pilot: Pilot[Any], app: WorkshopApp) -> HomeScreen:
    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
    assert isinstance(app.screen, HomeScreen)
    return app.screen


async def fill_new_session(pilot: Pilot[Any], app: WorkshopApp) -> None:
    """The form, by keys only: details, untick the enabler, three participants."""
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, NewSessionScreen) and app.screen.packs)
    await type_text(pilot, "Testshire County Council")
    await pilot.press("tab", "tab", "tab")  # past the type of organisation and the GSS code
    await type_text(pilot, "Baseline 2026")
    await pilot.press("tab", "tab")  # the date is today (fixed in tests)
    await type_text(pilot, "A. Facilitator")
    await pilot.press("tab", "tab")  # past the framework: the only pack
    await pilot.press("down", "down", "space")  # untick Talent, the enabler
    await pilot.press("tab")
    for name, role, department in (
        ("Jo Smith", "Category manager", "Adults"),
        ("Sam Patel", "Head of Finance", "Finance"),
        ("AJ", "", "Children's Services"),
    ):
        await type_text(pilot, name)
        await pilot.press("tab")
        await type_text(pilot, role)
        await pilot.press("tab")
        await type_text(pilot, department)
        await pilot.press("enter")  # a new row for the next person


async def test_a_whole_workshop_from_new_session_to_sign_off(
    app: WorkshopApp, tui_workspace: Workspace
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        home = await start(pilot, app)
        assert "No sessions in this workspace yet" in str(
            home.query_one("#home-empty", Static).content
        )
        await fill_new_session(pilot, app)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        session_id = screen.session_id
        assert screen.current == "plain"

        # Area 1: three keypresses for three people, one of them abstaining; hidden until revealed.
        await pilot.press("3", "2", "a")
        await until(pilot, lambda: len(screen.area().ratings) == 3)
        grid = screen.query_one(RatingsGrid)
        assert str(grid.get_cell_at(Coordinate(0, 0))) == "● given"
        assert "Hidden: 3 of 3 given" in shown(app, "#result")
        assert "Developing" not in shown(app, "#result")
        await pilot.press("v")
        assert str(grid.get_cell_at(Coordinate(1, 0))) == "2 Developing"
        assert str(grid.get_cell_at(Coordinate(2, 0))) == "– abstained"
        result = shown(app, "#result")
        assert "2 Developing" in result
        assert "given by Sam Patel · Finance" in result

        await pilot.press("j")
        await type_text(pilot, "Finance only sees procurement at year end.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.area().justification is not None)

        await pilot.press("b")
        await pilot.press("4")  # Leader: the digit chooses it and moves on to the date
        await type_text(pilot, "2028-03-31")
        await pilot.press("enter")
        await type_text(pilot, "Procurement in every business case.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.area().ambition is not None)

        await pilot.press("+")
        await type_text(pilot, "Quarterly pipeline review with Finance")
        await pilot.press("enter")
        await type_text(pilot, "Head of Procurement")
        await pilot.press("enter")
        await type_text(pilot, "2027-03-31")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(screen.area().actions) == 1)
        assert screen.area().state == "complete"

        # Area 2 has two dimensions: six keypresses, down the first column then the second.
        await pilot.press("]")
        await until(pilot, lambda: screen.current == "gridded")
        await pilot.press("4", "4", "4", "5", "3", "a")
        await until(pilot, lambda: len(screen.area().ratings) == 6)
        await pilot.press("v")
        assert "3 Mature" in shown(app, "#result")
        assert "in Processes" in shown(app, "#result")
        await pilot.press("j")
        await type_text(pilot, "Processes are written down but not followed.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.area().justification is not None)
        await pilot.press("b", "ctrl+s")  # the suggested ambition: one above Mature
        await until(pilot, lambda: screen.area().ambition is not None)

        # Summary and sign-off.
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        assert "READY TO SIGN OFF" in shown(app, "#missing-heading")
        await pilot.press("o")
        await type_text(pilot, "Pat Jones")
        await pilot.press("enter")
        await type_text(pilot, "Director of Resources")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Fingerprint" in shown(app, "#sign-off-status"))
        fingerprint = shown(app, "#sign-off-status").split("Fingerprint: ")[1].strip()

        # Back in the workshop the session is read-only: a rating key changes nothing.
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("1")
        assert "Signed off by Pat Jones" in shown(app, "#signed-banner")

    with Workshop.open(tui_workspace) as workshop:
        snap = workshop.snapshot(session_id)
    record = snap.record
    assert (record.organisation_name, record.title, record.facilitator) == (
        "Testshire County Council",
        "Baseline 2026",
        "A. Facilitator",
    )
    assert record.held_on == HELD_ON
    assert record.scope == ("plain", "gridded")
    assert [(p.name, p.role, p.department) for p in record.participants] == [
        ("Jo Smith", "Category manager", "Adults"),
        ("Sam Patel", "Head of Finance", "Finance"),
        ("AJ", "", "Children's Services"),
    ]
    plain, gridded = snap.area("plain"), snap.area("gridded")
    assert [(r.participant, r.level) for r in plain.ratings] == [
        ("p1", "mature"),
        ("p2", "developing"),
        ("p3", None),
    ]
    assert plain.result is not None and plain.result.weakest_by == ("p2",)
    assert plain.justification == "Finance only sees procurement at year end."
    assert plain.ambition is not None
    assert (plain.ambition.level, plain.ambition.by) == ("leader", date(2028, 3, 31))
    assert plain.ambition.rationale == "Procurement in every business case."
    [action] = plain.actions
    assert (action.title, action.owner, action.due, action.status) == (
        "Quarterly pipeline review with Finance",
        "Head of Procurement",
        date(2027, 3, 31),
        "open",
    )
    assert sorted((r.participant, r.dimension, r.level) for r in gridded.ratings) == [
        ("p1", "influence", "leader"),
        ("p1", "processes", "innovator"),
        ("p2", "influence", "leader"),
        ("p2", "processes", "mature"),
        ("p3", "influence", "leader"),
        ("p3", "processes", None),
    ]
    assert gridded.current_level == "mature"
    assert gridded.ambition is not None and gridded.ambition.level == "leader"
    assert snap.signed_off and record.sign_off is not None
    assert (record.sign_off.name, record.sign_off.role) == ("Pat Jones", "Director of Resources")
    assert record.sign_off.fingerprint == fingerprint
    assert record.last_area == "gridded"
