"""New session: every problem is pointed at in place, and nothing is created until all is valid."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.new_session import NewSessionScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.widgets.participant_row import ParticipantRow

from .conftest import type_text, until


def problem(screen: NewSessionScreen, field: str) -> str:
    holder = screen.query_one(f"#field-{field}", FormField)
    if "-invalid" not in holder.classes:
        return ""
    return str(holder.query_one(".field-problem", Static).content)


async def test_an_empty_form_points_at_each_missing_field_and_creates_nothing(
    app: WorkshopApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "loaded", False))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen) and app.screen.packs)
        screen = app.screen
        assert isinstance(screen, NewSessionScreen)
        await pilot.press("ctrl+s")
        assert "must not be empty" in problem(screen, "organisation_name")
        assert "must not be empty" in problem(screen, "title")
        assert "add at least one participant" in problem(screen, "participants")
        assert problem(screen, "held_on") == ""
        summary = str(screen.query_one("#form-problems", Static).content)
        assert summary.startswith("▲ 3 problems to fix")
        assert app.focused is screen.query_one("#organisation", Input)  # the first problem

        # A bad date, and a participant with a role but no name, are each pointed at too.
        await type_text(pilot, "Testshire County Council")
        held_on = screen.query_one("#held-on", Input)
        held_on.value = ""
        held_on.focus()
        await type_text(pilot, "31/02/2027")
        code = screen.query_one("#organisation-code", Input)
        code.focus()
        await type_text(pilot, "E1000001")  # seven digits
        row = screen.query_one(ParticipantRow)
        row.input_for("role").focus()
        await type_text(pilot, "Head of Finance")
        await pilot.press("ctrl+s")
        assert problem(screen, "organisation_name") == ""
        assert "'31/02/2027' is not a date" in problem(screen, "held_on")
        assert "'E1000001' is not a GSS code" in problem(screen, "organisation_code")
        assert "-invalid" in row.classes
        assert "Name: must not be empty" in str(row.query_one(".row-problem", Static).content)
        recorder = app.recorder
        assert recorder is not None
        assert recorder.workshop.list_sessions() == []

        # Fixed, it is created and opens at the first area.
        held_on.value = "2027-02-28"
        code.value = "e10000014"  # lower case is taken, stored upper case
        kinds: Select[str] = screen.query_one("#organisation-type", Select)
        assert [value for _, value in kinds._options[1:]] == [  # the contract's ids, in words
            "county",
            "district",
            "unitary",
            "metropolitan district",
            "london borough",
        ]
        kinds.value = "county"
        screen.query_one("#title", Input).value = "Baseline"
        row.input_for("name").value = "SP"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        [created] = recorder.workshop.list_sessions()
        assert (created.organisation, created.title, created.held_on) == (
            "Testshire County Council",
            "Baseline",
            "2027-02-28",
        )
        record = recorder.workshop.snapshot(created.id).record
        assert (record.organisation_code, record.organisation_type) == ("E10000014", "county")


async def test_participant_rows_are_added_with_enter_and_removed_with_ctrl_r(
    app: WorkshopApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "loaded", False))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen) and app.screen.packs)
        screen = app.screen
        assert isinstance(screen, NewSessionScreen)
        screen.query_one(ParticipantRow).input_for("name").focus()
        await type_text(pilot, "Jo")
        await pilot.press("tab", "tab", "enter")
        assert len(screen.rows()) == 2
        assert app.focused is screen.rows()[1].input_for("name")
        await type_text(pilot, "Sam")
        await pilot.press("ctrl+n")
        assert len(screen.rows()) == 3
        await pilot.press("ctrl+r")  # removes the empty third row
        assert [row.values()["name"] for row in screen.rows()] == ["Jo", "Sam"]
        screen.rows()[0].input_for("role").focus()
        await pilot.press("ctrl+r")
        assert [row.values()["name"] for row in screen.rows()] == ["Sam"]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, NewSessionScreen))
        assert app.recorder is not None and app.recorder.workshop.list_sessions() == []
