"""What the user trial (team/trial.md) found on the workshop's screens: ctrl+c's markup (F3), an
anonymous export's warnings never shown (F7), ctrl+z undoing an older rating after an action
was removed (F18)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.confirm import ConfirmScreen
from npsworkshop.tui.screens.export import ExportScreen
from npsworkshop.tui.screens.followup import FollowupScreen
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.actions_table import ActionsTable
from npsworkshop.tui.widgets.key_footer import KeyFooter
from npsworkshop.tui.widgets.maturity_grid import MaturityGrid
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.tui.widgets.sessions_table import SessionsTable
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, ParticipantInput
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until
from .test_cycle import home, open_signed, signed_session
from .test_facilitator import in_workshop, toasts
from .test_roster_changes import add_in_edit_screen

SIZES = [(120, 36), (100, 30)]


def one_person_session(workspace: Workspace, organisation: str, title: str) -> None:
    """A draft on the test pack with one participant, OP, as in the trial's second session."""
    with Workshop.open(workspace, backup=False) as workshop:
        workshop.create_session(
            NewSession(
                organisation_name=organisation,
                organisation_type="unitary",
                title=title,
                held_on=HELD_ON,
                facilitator="A. Facilitator",
                pack_id="mini",
                participants=(ParticipantInput(name="OP", role="Officer", department=""),),
            )
        )


async def test_ctrl_c_says_how_to_quit_in_plain_words(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await in_workshop(pilot, app)
        await pilot.press("ctrl+c")
        await until(pilot, lambda: "ctrl+q" in toasts(app))
        assert "Press ctrl+q to quit" in toasts(app)
        assert "[b]" not in toasts(app)
        assert app.is_running


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_an_anonymous_export_shows_who_its_free_text_names_by_letter(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    session_id = seed_session(tui_workspace)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        workshop.justify(session_id, "plain", "Sam Patel says Finance sees contracts late.")
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("a", "j")
        status = app.screen.query_one("#export-status", Static)
        await until(pilot, lambda: str(status.render()).startswith("✓ Written"))
        shown = str(status.render())
        assert "Check before you publish it" in shown
        assert "areas.plain.justification contains the name of participant" in shown
        assert "Sam" not in shown and "Patel" not in shown
        # The warning is on screen in the dialog, not cut off below it.
        await pilot.pause()
        lines = status.render().plain.count("\n") + 1  # type: ignore[union-attr]
        assert status.region.height >= lines
        assert app.screen.region.contains_region(status.region)
        # A named export after it warns of nothing: each notice is shown once.
        await pilot.press("a", "j")
        await until(pilot, lambda: "-named" in str(status.render()))
        assert "⚠" not in str(status.render())


async def test_ctrl_z_after_removing_an_action_takes_back_no_older_rating(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        for title in ("Action one", "Action two"):
            workshop.add_action(session_id, "plain", title, "Head of Procurement", date(2027, 3, 1))
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        footer = str(screen.query_one(KeyFooter).render())
        assert "Undo rating" in footer
        await pilot.press("3")
        await until(pilot, lambda: len(screen.area().ratings) == 1)
        screen.query_one(ActionsTable).focus()
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "cannot be undone" in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.press("y")
        await until(pilot, lambda: len(screen.area().actions) == 1)
        await pilot.press("ctrl+z")
        await until(pilot, lambda: "Nothing undone" in toasts(app))
        assert "the action “Action one” was removed" in toasts(app)
        assert [r.level for r in screen.area().ratings] == ["mature"]  # the rating stays
        assert [a.title for a in screen.area().actions] == ["Action two"]
        # A rating made after it can be undone again.
        screen.query_one("#grid").focus()
        await pilot.press("down", "2")
        await until(pilot, lambda: len(screen.area().ratings) == 2)
        await pilot.press("ctrl+z")
        await until(pilot, lambda: len(screen.area().ratings) == 1)
        assert [r.level for r in screen.area().ratings] == ["mature"]


async def test_a_followups_actions_name_each_carried_actions_refs(
    tui_workspace: Workspace,
) -> None:
    """Trial F8: the heading said "A1: carried forward from action A1" whatever was carried."""
    baseline = signed_session(tui_workspace, progress=True)  # A1 done: A2 and A3 carried
    with Workshop.open(tui_workspace, backup=False) as workshop:
        followup = workshop.cycle.start_followup(
            baseline, held_on=date(2027, 11, 20), today=date(2027, 11, 20)
        )
    app = WorkshopApp(tui_workspace, today=date(2027, 11, 20), clock=lambda: 0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        home_screen = await home(pilot, app)
        await home_screen.refresh_sessions(select=followup)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        await screen.go_to("gridded")
        heading = str(screen.query_one("#actions-heading", Static).render())
        assert "↻ carried forward from the session of 2026-11-20: A2 (now A1)" in heading
        assert "action A1" not in heading


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_revealing_an_unrated_area_claims_no_current_level(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    """Trial F14: v on an area with no ratings spoke of a current level there is not."""
    seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("v")
        await until(pilot, lambda: screen.is_revealed(screen.area()))
        levels = str(screen.query_one("#levels-heading", Static).render())
        ambition = str(screen.query_one("#ambition", Static).render())
        assert "current level" not in levels and "▲ ambition" in levels
        assert "one level above" not in ambition
        assert "There is no current level yet" in ambition
        await pilot.press("3")  # a rating gives the area a level: both speak of it again
        await until(pilot, lambda: screen.area().current_level == "mature")
        assert "◀ current level" in str(screen.query_one("#levels-heading", Static).render())
        ambition = str(screen.query_one("#ambition", Static).render())
        assert "4 Leader, one level above the current level" in ambition


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_projector_shows_the_anonymous_outputs_letters_in_their_order(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    """Trial F17: the projector lettered people in the record's order (the order the room saw
    the names typed in), the anonymous export by a keyed hash: screen and paper disagreed."""
    from npsworkshop.report.anonymity import letters

    session_id = seed_session(tui_workspace)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        workshop.justify(session_id, "plain", "Sam Patel says Finance sees contracts late.")
        snapshot = workshop.snapshot(session_id)
    key_file = tui_workspace.sessions_dir / "anonymity.key"
    for seed in range(256):  # a key whose letters are not the record's order
        key = bytes([seed]) * 32
        if list(letters(snapshot, key)) != ["p1", "p2", "p3"]:
            break
    key_file.write_bytes(key)
    expected = letters(snapshot, key)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await in_workshop(pilot, app)
        grid = screen.query_one("#grid", RatingsGrid)
        grid.move_cursor(row=1, column=0)  # Sam
        await pilot.press("p")
        await until(pilot, lambda: app.projector)
        await pilot.pause()
        rows = [str(key.value) for key in grid.rows]
        labels = [str(row.label) for row in grid.rows.values()]
        assert rows == list(expected)  # A, B, C from the top, never the record's order
        assert labels == [f"Participant {expected[k]}" for k in rows]
        assert grid.current() == ("p2", None)  # the cursor stayed on the same person
        result = str(screen.query_one("#result", Static).render())
        assert f"given by Participant {expected['p2']}" in result
        # The anonymous export's warning names Sam by the same letter as the screen.
        await pilot.press("ctrl+p")
        await type_text(pilot, "export")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("j")  # anonymous by default in projector mode
        status = app.screen.query_one("#export-status", Static)
        await until(pilot, lambda: str(status.render()).startswith("✓ Written"))
        assert f"name of participant {expected['p2']};" in str(status.render())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_summary_grid_marks_the_interim_step(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    """Trial F12: the summary drew "● now ── ▲ aim" and left out the interim step set."""
    session_id = seed_session(tui_workspace)  # plain: developing now, aiming for leader
    with Workshop.open(tui_workspace, backup=False) as workshop:
        workshop.cycle.set_interim(session_id, "plain", "mature", date(2027, 6, 30))
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        await in_workshop(pilot, app)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        grid = app.screen.query_one("#maturity-grid", MaturityGrid)
        await until(pilot, lambda: grid.row_count > 0)
        plain = [str(cell) for cell in grid.get_row("plain")]
        # minimum, developing, mature, leader, innovator
        assert plain[1:6] == ["", "● now", "◦ step", "▲ aim", ""]
        legend = str(app.screen.query_one("#summary-legend", Static).render())
        assert "◦ interim step" in legend


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_latecomer_added_in_details_is_drawn_with_everyone_else(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    """Trial F19: after a latecomer was added, the first rows lost their names until the area
    was changed. Every row is drawn with its name, under one header, straight away."""
    one_person_session(tui_workspace, "Royal Borough", "Test long")
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("3", "v")
        await until(pilot, lambda: bool(screen.area().ratings))
        await add_in_edit_screen(pilot, app, "[bold red]Evil[/] <b>x</b> =1+1")
        grid = screen.query_one(RatingsGrid)
        await until(pilot, lambda: grid.row_count == 2 and grid.size.height >= 3)
        await pilot.pause()
        lines = [grid.render_line(y).text for y in range(3)]
        column = lines[0].index("Rating")
        assert lines[1].split() == ["OP", "3", "Mature"]
        assert lines[1].index("3 Mature") == column
        assert lines[2].startswith(" [bold red]Evil[/] ")  # cut at a word at 100 columns
        assert lines[2].index("·") == column


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_words_get_the_room_before_the_clocks_and_the_spare_title_column(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    """Trial F4: at 100 columns the session bar dropped the title and date while the clocks
    took the room; F16: the home list cut the council's name while the title had room."""
    # Two councils whose names begin alike, with short titles.
    one_person_session(tui_workspace, "Ynys Môn Testshire Borough Council", "Baseline")
    one_person_session(tui_workspace, "Royal Borough of Kensington and Chelsea", "Test long")
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)
    async with app.run_test(size=size) as pilot:
        home_screen = await home(pilot, app)
        table = home_screen.query_one("#sessions", SessionsTable)
        await until(pilot, lambda: table.row_count == 2)
        shown = {str(row[0]).rstrip() for row in (table.get_row_at(i) for i in range(2))}
        assert any(name.startswith("Royal Borough of Kensington") for name in shown)
        assert any(name.startswith("Ynys Môn Testshire Borough") for name in shown)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        await pilot.pause()
        title = app.screen.query_one("#session-title", Static)
        line = title.render_line(0).text.rstrip()
        assert line.endswith(f"· {HELD_ON.isoformat()}") and "…" not in line
        state = str(app.screen.query_one("#session-state", Static).render())
        assert state.startswith("Draft · 0/")  # the status is never dropped


async def test_growing_the_window_lays_the_grid_out_for_the_new_width(
    tui_workspace: Workspace,
) -> None:
    """Trial F23: plugging in the projector (100x30 to 120x36) clipped the ratings column to
    "3 Ma" until the area was changed."""
    with Workshop.open(tui_workspace, backup=False) as workshop:
        session_id = workshop.create_session(
            NewSession(
                organisation_name="Big Room Council",
                organisation_type="county",
                title="Big room",
                held_on=HELD_ON,
                facilitator="A. Facilitator",
                pack_id="mini",
                participants=tuple(
                    ParticipantInput(
                        name=f"Person Number {n} Ó Súilleabháin", role="Officer", department=d
                    )
                    for n, d in enumerate(("Legal", "Finance", "Highways", "Adult Social Care"))
                ),
            )
        )
        for person in ("p1", "p2", "p3", "p4"):
            workshop.rate(session_id, "plain", person, "mature")
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("v")
        await pilot.pause()
        await pilot.resize_terminal(120, 36)
        grid = screen.query_one(RatingsGrid)
        await pilot.pause(0.3)
        await pilot.pause()
        assert grid.virtual_size.width <= grid.scrollable_content_region.width
        lines = [grid.render_line(y).text for y in range(5)]
        assert "Rating" in lines[0]
        assert all(line.rstrip().endswith("3 Mature") for line in lines[1:])


async def followup_from_the_palette(pilot: Pilot[Any], app: WorkshopApp) -> WorkshopScreen:
    """ctrl+p, "Start follow-up", the form's defaults saved: the new draft's workshop."""
    await pilot.press("ctrl+p")
    await type_text(pilot, "Start follow-up")
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, FollowupScreen))
    await pilot.press("ctrl+s")
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, WorkshopScreen)
            and app.screen.snapshot is not None
            and app.screen.snapshot.record.baseline is not None
            and app.screen.current
        ),
    )
    assert isinstance(app.screen, WorkshopScreen)
    return app.screen


async def test_a_signed_session_offers_only_what_works_and_starts_a_followup_from_the_palette(
    tui_workspace: Workspace,
) -> None:
    """Trial F22: a signed session's footer offered rating keys and Phones that only said
    "Nothing changed", its clocks kept running, and the palette had no "Start follow-up"."""
    baseline = signed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=date(2027, 11, 20), clock=lambda: 0.0)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_signed(pilot, app)
        footer = str(screen.query_one(KeyFooter).render())
        for dead in ("Rate", "Abstain", "Clear", "Note", "Phones", "Undo"):
            assert dead not in footer
        assert not screen.query_one("#elapsed").display
        assert "area 0:00" not in str(screen.query_one("#session-state", Static).render())
        await pilot.press("3")  # pressed anyway: it says why nothing happened
        await until(pilot, lambda: "signed off" in toasts(app))
        followup = await followup_from_the_palette(pilot, app)
        assert followup.loaded.record.baseline is not None
        assert followup.loaded.record.baseline.session == baseline
        assert followup.query_one("#elapsed").display  # a draft is run against the clock
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_a_session_imported_from_the_command_line_appears_in_the_list(
    tui_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial F16: a session the CLI imported while the app was open did not show until a
    session was opened and left."""
    monkeypatch.setattr(HomeScreen, "LOOK_AGAIN_SECONDS", 0.2)
    one_person_session(tui_workspace, "Royal Borough", "Test long")
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        home_screen = await home(pilot, app)
        table = home_screen.query_one("#sessions", SessionsTable)
        assert table.row_count == 1
        highlighted = home_screen.highlighted_id()
        await asyncio.to_thread(one_person_session, tui_workspace, "Ynys Môn", "Baseline")
        await until(pilot, lambda: table.row_count == 2)
        assert home_screen.highlighted_id() == highlighted  # the highlight stays put


async def justification_shown(workspace: Workspace, change: Callable[[Workshop, str], None]) -> str:
    """The first area's justification panel, after `change` to the seeded session."""
    session_id = seed_session(workspace)
    with Workshop.open(workspace, backup=False) as workshop:
        change(workshop, session_id)
    app = WorkshopApp(workspace, today=HELD_ON)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await in_workshop(pilot, app)
        return str(screen.query_one("#justification", Static).render())


async def test_a_pasted_tab_in_the_justification_is_room_not_a_backslash_t(
    tui_workspace: Workspace,
) -> None:
    """Trial F24: pasted evidence with a tab showed "\\tTabbed line three" in the area pane."""
    pasted = "Line one\n- bullet two [b]not bold[/b]\n\tTabbed line three"
    shown = await justification_shown(
        tui_workspace, lambda workshop, session: workshop.justify(session, "plain", pasted)
    )
    assert "\n    Tabbed line three" in shown and "\\t" not in shown
    assert "[b]not bold[/b]" in shown  # as written, never markup


async def test_a_moderated_area_whose_ratings_were_taken_back_says_so_in_words(
    tui_workspace: Workspace,
) -> None:
    """Trial F22: after the only rating was undone the justification read "Agreed level 3 Mature
    instead of the rule's -"."""

    def moderated_then_taken_back(workshop: Workshop, session_id: str) -> None:
        workshop.moderate(session_id, "plain", "mature", "The room agreed Finance is unusual.")
        for person in ("p1", "p2", "p3"):
            workshop.clear_rating(session_id, "plain", person)

    shown = await justification_shown(tui_workspace, moderated_then_taken_back)
    assert "while the rule has no result now" in shown and "rule's -" not in shown


async def test_a_followup_starts_from_a_signed_sessions_summary_too(
    tui_workspace: Workspace,
) -> None:
    """Trial F22: the palette of a signed session's summary had no "Start follow-up"."""
    signed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=date(2027, 11, 20), clock=lambda: 0.0)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_signed(pilot, app)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        followup = await followup_from_the_palette(pilot, app)
        assert followup.loaded.record.baseline is not None
