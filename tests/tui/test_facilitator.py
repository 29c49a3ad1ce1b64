"""The facilitator's mistakes in a real room (issue 14): typed text that must not become
commands or be thrown away, hidden results that stay hidden, undo, editing a session after it
was created, time, projector mode, and a disk that refuses a write."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea
from textual.widgets._toast import Toast

from conftest import MINI_PACK
from npsworkshop.errors import NotSaved
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.confirm import ConfirmScreen
from npsworkshop.tui.screens.edit_session import EditSessionScreen
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.tui.screens.justification import JustificationScreen
from npsworkshop.tui.screens.new_session import NewSessionScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.actions_table import ActionsTable
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def in_workshop(pilot: Pilot[Any], app: WorkshopApp) -> WorkshopScreen:
    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
    assert isinstance(app.screen, WorkshopScreen)
    return app.screen


def grid_status(screen: WorkshopScreen) -> str:
    return str(screen.query_one("#grid-status", Static).render())


def toasts(app: WorkshopApp) -> str:
    return "\n".join(toast.render().plain for toast in app.screen.query(Toast))


async def test_esc_asks_before_throwing_typed_text_away(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        # New session: esc with a typed organisation asks; n keeps the form and the text.
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen) and app.screen.packs)
        form = app.screen
        await type_text(pilot, "Testshire")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is form)
        assert form.query_one("#organisation", Input).value == "Testshire"
        await pilot.press("escape", "y")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        # A justification with typed text: the same question.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        await pilot.press("1", "j")
        await until(pilot, lambda: isinstance(app.screen, JustificationScreen))
        await type_text(pilot, "Evidence")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, JustificationScreen))
        assert app.screen.query_one("#justification", TextArea).text == "Evidence"
        # Nothing typed: esc closes at once.
        app.screen.query_one("#justification", TextArea).text = ""
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen))


async def test_forms_open_with_the_cursor_after_the_existing_text(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        await in_workshop(pilot, app)
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, JustificationScreen))
        await type_text(pilot, " More.")
        text = app.screen.query_one("#justification", TextArea).text
        assert text == "Finance only sees procurement at year end. More."


async def test_typed_text_never_becomes_rating_commands(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("3")
        await until(pilot, lambda: len(screen.area().ratings) == 1)
        assert "Jo Smith · Adults: recorded" in grid_status(screen)  # no level while hidden
        await pilot.press("v", "v")  # a second v does not hide them again
        await pilot.pause()
        assert screen.is_revealed(screen.area())
        await pilot.press("h")
        await pilot.pause()
        assert not screen.is_revealed(screen.area())
        # j on a hidden area reveals it and opens the form: the typed words go to the form.
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, JustificationScreen))
        await type_text(pilot, "as said")
        assert app.screen.query_one("#justification", TextArea).text == "as said"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        ratings = screen.area().ratings
        assert [r.level for r in ratings] == ["mature"]
        assert screen.area().justification == "as said"


async def test_ctrl_z_undoes_the_last_rating_and_delete_clears_a_cell(
    tui_workspace: Workspace,
) -> None:
    seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("3", "2")
        await until(pilot, lambda: len(screen.area().ratings) == 2)
        await pilot.press("up", "4")  # Sam changes his mind ...
        await until(pilot, lambda: screen.area().ratings[1].level == "leader")
        await pilot.press("ctrl+z")  # ... and back
        await until(pilot, lambda: screen.area().ratings[1].level == "developing")
        assert "Undone" in grid_status(screen)
        await pilot.press("ctrl+z")  # Sam's first rating: back to none
        await until(pilot, lambda: len(screen.area().ratings) == 1)
        grid = screen.query_one(RatingsGrid)
        assert grid.cursor_row == 1
        await pilot.press("up", "delete")
        await until(pilot, lambda: not screen.area().ratings)
        assert "Jo Smith · Adults: cleared" in grid_status(screen)


async def test_hidden_means_hidden_in_the_summary_and_the_palette(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        workshop.rate(session_id, "plain", "p1", "leader")
        workshop.rate(session_id, "plain", "p2", "developing")
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        result = str(screen.query_one("#result", Static).render())
        assert "Developing" not in result
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        grid = app.screen.query_one("#maturity-grid")
        row = [str(cell) for cell in grid.get_row("plain")]  # type: ignore[attr-defined]
        assert not any("now" in cell or "aim" in cell for cell in row)
        assert "hidden" in " ".join(row)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("v", "s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        grid = app.screen.query_one("#maturity-grid")
        row = [str(cell) for cell in grid.get_row("plain")]  # type: ignore[attr-defined]
        assert "● now" in row


async def test_editing_details_adding_a_latecomer_and_removing_someone_who_rated(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, EditSessionScreen))
        form = app.screen
        assert isinstance(form, EditSessionScreen)
        form.query_one("#title", Input).value = "Baseline 2026 (revised)"
        await pilot.press("ctrl+n")
        await type_text(pilot, "Late Comer")
        # Remove Sam, who rated: the question says what goes.
        form.rows()[1].input_for("name").focus()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one(".dialog-title", Static).render())
        assert "Sam Patel" in question and "3 ratings in 2 areas" in question
        await pilot.press("y")
        await until(pilot, lambda: app.screen is form and len(form.rows()) == 3)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await pilot.pause()
    with Workshop.open(tui_workspace, backup=False) as workshop:
        record = workshop.snapshot(session_id).record
    assert record.title == "Baseline 2026 (revised)"
    assert [p.name for p in record.participants] == ["Jo Smith", "Ali Jones", "Late Comer"]
    assert all(r.participant != "p2" for r in record.ratings)


async def test_a_session_can_be_edited_from_the_home_screen(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, EditSessionScreen))
        form = app.screen
        form.query_one("#held-on", Input).value = "21/11/2026"
        form.query_one("#organisation-code", Input).value = "W0600001"
        await pilot.press("ctrl+s")  # a GSS code that is not one: named, nothing saved
        field = form.query_one("#field-organisation_code")
        await until(pilot, lambda: field.has_class("-invalid"))
        assert "'W0600001' is not a GSS code" in str(field.query_one(".field-problem").render())
        form.query_one("#organisation-code", Input).value = "W06000015"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
    with Workshop.open(tui_workspace, backup=False) as workshop:
        record = workshop.snapshot(session_id).record
        assert record.held_on == date(2026, 11, 21)
        assert record.organisation_code == "W06000015"
        assert record.organisation_type == "county council"  # an older wording is kept


async def test_elapsed_time_per_area_and_session_with_a_time_box(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace, rated=False)
    clock = Clock()
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        elapsed = lambda: str(screen.query_one("#elapsed", Static).render())  # noqa: E731
        clock.now += 125
        screen.query_one("#elapsed").tick()  # type: ignore[attr-defined]
        assert "area 2:05" in elapsed() and "session 2:05" in elapsed()
        await pilot.press("t")  # a 10 minute box
        clock.now += 600
        await pilot.press("]")
        await until(pilot, lambda: screen.current == "gridded")
        assert "area 0:00 of 10:00" in elapsed() and "session 12:05" in elapsed()
        await pilot.press("[")
        await until(pilot, lambda: screen.current == "plain")
        assert "area 12:05 of 10:00 OVER" in elapsed()


async def test_the_actions_table_shows_status_and_due_date_at_100_columns(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        workshop.add_action(
            session_id,
            "plain",
            "Publish a forward plan of every procurement over £100k with its commissioning lead",
            "Head of Procurement and Commercial Services",
            date(2027, 6, 30),
        )
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await in_workshop(pilot, app)
        table = screen.query_one(ActionsTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        due = [str(cell) for cell in table.get_column("due")]
        status = [str(cell) for cell in table.get_column("status")]
        assert due == ["2027-03-31", "2027-06-30"] and status == ["Open", "Open"]
        # The title, what the room reads, has the room: the owner takes no more than it needs
        # of a third, and a long title goes on to a second line before it is cut.
        widths = {str(c.key.value): c.width for c in table.columns.values()}
        assert widths["title"] >= 2 * widths["owner"]
        title = str(table.get_cell("2", "title"))
        assert title.startswith("Publish a forward plan of") and "\nevery procurement" in title
        assert "Procurement" in str(table.get_cell("2", "owner"))


async def test_projector_mode_by_key_hides_departments_and_the_palette_has_no_theme(
    tui_workspace: Workspace,
) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("3")  # the feedback names who was rated...
        await until(pilot, lambda: "✓" in grid_status(screen))
        await pilot.press("p")
        await until(pilot, lambda: app.projector)
        await pilot.pause()
        assert "✓" not in grid_status(screen)  # ...and goes with the names
        grid = screen.query_one(RatingsGrid)
        labels = [str(row.label) for row in grid.rows.values()]
        assert labels == ["Participant A", "Participant B", "Participant C"]
        assert "Adults" not in str(screen.query_one("#result", Static).render())
        commands = [c.title for c in app.get_system_commands(screen)]
        assert "Theme" not in commands and any("Projector" in c for c in commands)


async def test_keys_that_change_nothing_say_why(tui_workspace: Workspace) -> None:
    from conftest import complete

    session_id = seed_session(tui_workspace, rated=False)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        complete(workshop, session_id)
        workshop.sign_off(session_id, "Pat Jones", "Director", signed_on=HELD_ON)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await in_workshop(pilot, app)
        await pilot.press("3")
        await until(pilot, lambda: "signed off: nothing in it can change" in toasts(app))


async def test_an_ambition_below_the_current_level_says_why(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("b")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("1")
        await until(pilot, lambda: "cannot be below the current level" in toasts(app))


async def test_a_later_rating_that_leaves_the_ambition_below_is_flagged(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace)  # plain: developing, ambition leader
    with Workshop.open(tui_workspace, backup=False) as workshop:
        workshop.set_ambition(session_id, "plain", "mature", None, None)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("5", "5")  # Jo and Sam now say innovator: above the ambition
        await until(pilot, lambda: screen.area().current_level == "innovator")
        await pilot.pause()
        heading = str(screen.query_one("#area-heading", Static).render())
        assert "still needs an ambition at or above the current level" in heading
        assert "below the current level" in str(screen.query_one("#ambition", Static).render())
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        options = app.screen.query_one("#missing")
        prompts = [str(o.prompt) for o in options.options]  # type: ignore[attr-defined]
        assert any("A plain area" in p and "at or above the current level" in p for p in prompts)


def test_the_app_names_levels_as_the_pack_does(tmp_path: Path) -> None:
    from npsworkshop.framework.loader import load_pack
    from npsworkshop.tui.wording import level_label

    pack_file = tmp_path / "pack.toml"
    pack_file.write_text(
        MINI_PACK.replace('title = "Mature"', 'title = "Established"'), encoding="utf-8"
    )
    pack = load_pack(pack_file).pack
    assert level_label("mature", pack) == "3 Established"


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (sqlite3.OperationalError("database or disk is full"), "Not saved: the disk is full."),
        (
            sqlite3.OperationalError("database is locked"),
            "Not saved: another program is writing to the database.",
        ),
        (
            sqlite3.OperationalError("attempt to write a readonly database"),
            "Not saved: the database is read-only.",
        ),
        # The service's own NotSaved (it turns the database's errors into it): the same r.
        (NotSaved("the disk is full"), "Not saved: the disk is full. Nothing else was lost."),
    ],
)
async def test_a_refused_write_keeps_the_screen_and_can_be_tried_again(
    tui_workspace: Workspace, error: Exception, said: str
) -> None:
    seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        assert app.recorder is not None
        workshop = app.recorder.workshop
        real_rate = workshop.rate
        failures = [error]

        def rate(*args: Any, **kwargs: Any) -> None:
            if failures:
                raise failures.pop()
            real_rate(*args, **kwargs)

        workshop.rate = rate  # type: ignore[method-assign]
        await pilot.press("3")
        await until(pilot, lambda: said in toasts(app))
        assert "Press r to try again" in toasts(app)
        assert app.screen is screen and app.is_running
        assert screen.area().ratings == ()
        assert screen.query_one(RatingsGrid).cursor_row == 0  # back on the unsaved cell
        await pilot.press("r")
        await until(pilot, lambda: len(screen.area().ratings) == 1)
        assert screen.area().ratings[0].level == "mature"
        assert "Jo Smith · Adults: recorded" in grid_status(screen)
        await pilot.press("ctrl+z")  # the retried rating is undone like any other
        await until(pilot, lambda: screen.area().ratings == ())


async def test_a_justification_written_for_an_earlier_result_is_flagged(
    tui_workspace: Workspace,
) -> None:
    seed_session(tui_workspace)  # plain: justified at developing
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("down", "1")  # Sam now says minimum: a new result
        await until(pilot, lambda: screen.area().current_level == "minimum")
        await pilot.pause()
        heading = str(screen.query_one("#area-heading", Static).render())
        assert "written for an earlier result" in heading
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        options = app.screen.query_one("#missing")
        prompts = [str(o.prompt) for o in options.options]  # type: ignore[attr-defined]
        assert any("A plain area" in p and "earlier result" in p for p in prompts)
