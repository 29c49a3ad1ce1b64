"""The improvement cycle in the app (issue 12): starting a follow-up of a signed session, and
what the follow-up shows of its baseline."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from conftest import complete
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.ambition import AmbitionScreen
from npsworkshop.tui.screens.followup import FollowupScreen
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.tui.screens.progress_entry import ProgressScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.actions_table import ActionsTable
from npsworkshop.tui.widgets.result_panel import ResultPanel
from npsworkshop.tui.widgets.trend_grid import TrendGrid
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.cycle import Cycle
from npsworkshop.workshop.progress_log import Update
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until


def signed_session(workspace: Workspace, *, progress: bool = False) -> str:
    """A complete session signed off on its day: three areas, one action each (A1-A3)."""
    session_id = seed_session(workspace, rated=False)
    with Workshop.open(workspace, backup=False) as workshop:
        complete(workshop, session_id)
        workshop.cycle.set_interim(session_id, "plain", "mature", date(2027, 6, 30))
        workshop.sign_off(session_id, "Pat Jones", "Director of Resources", HELD_ON)
        if progress:
            done = Update("A1", "done", "Reviewed at board", HELD_ON, "Jo Smith")
            workshop.cycle.record_progress(session_id, done, HELD_ON)
    return session_id


async def home(pilot: Pilot[Any], app: WorkshopApp) -> HomeScreen:
    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
    assert isinstance(app.screen, HomeScreen)
    return app.screen


def footer_keys(app: WorkshopApp) -> set[str]:
    return {b.action for _, b, enabled, _ in app.screen.active_bindings.values() if enabled}


async def test_start_followup_from_home_opens_the_draft_beside_last_time(
    tui_workspace: Workspace,
) -> None:
    baseline = signed_session(tui_workspace, progress=True)
    draft = seed_session(tui_workspace, rated=False)
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await home(pilot, app)
        screen.query_one("#sessions").move_cursor(
            row=screen.sessions.index(next(s for s in screen.sessions if s.id == draft))
        )
        await pilot.pause()
        assert "start_followup" not in footer_keys(app)  # a draft cannot be followed up
        await screen.refresh_sessions(select=baseline)
        await pilot.pause()
        assert "start_followup" in footer_keys(app)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FollowupScreen))
        form = app.screen
        assert form.query_one("#title", Input).value == "Follow-up of Baseline 2026"
        saving = [b for _, b, _, _ in form.active_bindings.values() if b.action == "save"]
        assert [b.description for b in saving] == ["Start follow-up"]  # as its button says
        assert form.query_one("#followup-by", Input).value == "A. Facilitator"
        await pilot.press("ctrl+s")  # today is the baseline's own date: refused, named
        await until(pilot, lambda: form.query_one("#field-held_on").has_class("-invalid"))
        problem = str(form.query_one("#field-held_on .field-problem", Static).render())
        assert "2026-11-20 is not after the baseline" in problem
        form.query_one("#held-on", Input).value = ""
        form.query_one("#held-on", Input).focus()
        await type_text(pilot, "20/05/2028")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        workshop_screen = app.screen
        assert isinstance(workshop_screen, WorkshopScreen)
        snapshot = workshop_screen.loaded
        assert snapshot.record.held_on == date(2028, 5, 20)
        assert snapshot.record.baseline is not None
        assert snapshot.record.baseline.session == baseline
        result = str(workshop_screen.query_one(ResultPanel).render())
        assert "LAST TIME (2026-11-20)" in result
        assert "Developing, aiming for Leader by 2028-03-31" in result
        assert "interim step Mature by 2027-06-30" in result
        assert "No ratings yet" in result  # the new ratings start empty (and hidden)
        table = workshop_screen.query_one(ActionsTable)
        # A1 was done, so only A2... are carried; plain has no carried action, gridded has A2
        assert table.row_count == 0
        await pilot.press("]")
        await until(pilot, lambda: workshop_screen.current == "gridded")
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]).startswith("↻ A2 Improve An area")


async def test_start_followup_from_the_palette(tui_workspace: Workspace) -> None:
    signed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=date(2027, 12, 1), clock=lambda: 0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await home(pilot, app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Start follow-up")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FollowupScreen))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        assert isinstance(app.screen, WorkshopScreen)
        assert app.screen.loaded.record.held_on == date(2027, 12, 1)


async def open_signed(pilot: Pilot[Any], app: WorkshopApp) -> WorkshopScreen:
    await home(pilot, app)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.progress)
    assert isinstance(app.screen, WorkshopScreen)
    return app.screen


async def test_progress_on_a_signed_plan_is_logged_and_shown(
    tui_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = signed_session(tui_workspace, progress=True)
    app = WorkshopApp(tui_workspace, today=date(2027, 4, 2), clock=lambda: 0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_signed(pilot, app)
        table = screen.query_one(ActionsTable)
        assert [str(c) for c in table.get_row_at(0)][0::4] == ["A1", "Done"]
        assert "edit" not in footer_keys(app)  # the signed plan itself does not change
        table.focus()
        await pilot.pause()
        assert "progress" in footer_keys(app)
        await pilot.press("]")  # gridded: A2, due 2027-03-31, open: overdue on 2 April 2027
        await until(pilot, lambda: screen.current == "gridded")
        row = [str(c) for c in table.get_row_at(0)]
        assert row[0] == "A2" and row[3] == "⚠ 2027-03-31" and row[4] == "Open"
        assert "1 overdue" in str(screen.query_one("#actions-heading", Static).render())
        table.focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        form = app.screen
        intro = str(form.query_one(".dialog-intro", Static).render())
        assert "OVERDUE" in intro and "No updates yet: signed as Open." in intro
        form.query_one("#progress-status", Select).value = "in-progress"
        form.query_one("#progress-on", Input).value = "01/04/2027"
        form.query_one("#progress-note", Input).value = "Supplier day booked"
        await pilot.press("ctrl+s")  # nobody named yet: asked, in place
        await until(pilot, lambda: form.query_one("#field-by").has_class("-invalid"))
        form.query_one("#progress-by", Input).value = "Jo Smith"
        failures = [sqlite3.OperationalError("database is locked")]
        real = Cycle.record_progress

        def locked_once(self: Cycle, *args: Any) -> Any:
            if failures:
                raise failures.pop()
            return real(self, *args)

        monkeypatch.setattr(Cycle, "record_progress", locked_once)
        await pilot.press("ctrl+s")
        problems = form.query_one("#form-problems", Static)
        await until(pilot, lambda: "another program is writing" in str(problems.render()))
        assert "ctrl+s tries again" in str(problems.render())
        assert app.screen is form  # the typed update is still there
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: str(table.get_row_at(0)[4]) == "In progress")
        assert app.progress_by == "Jo Smith"
        await pilot.press("enter")  # again: the history shows the entry, who is offered
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        intro = str(app.screen.query_one(".dialog-intro", Static).render())
        assert "2027-04-01  In progress  Jo Smith: Supplier day booked" in intro
        assert app.screen.query_one("#progress-by", Input).value == "Jo Smith"
    with Workshop.open(tui_workspace, backup=False) as workshop:
        plan = workshop.cycle.action_plan(session_id)
        entry = plan.action("A2").entries[-1]
        assert (entry.on, entry.status, entry.by) == (date(2027, 4, 1), "in-progress", "Jo Smith")
        assert workshop.verified_snapshot(session_id).signed_off  # the fingerprint still holds


async def test_a_followups_summary_pictures_baseline_now_and_targets(
    tui_workspace: Workspace,
) -> None:
    baseline = signed_session(tui_workspace)  # every area: developing, aiming for leader
    with Workshop.open(tui_workspace, backup=False) as workshop:
        followup = workshop.cycle.start_followup(
            baseline, held_on=date(2027, 11, 20), today=date(2027, 11, 20)
        )
        for person in ("p1", "p2", "p3"):
            workshop.rate(followup, "plain", person, "mature")  # interim step reached
        workshop.justify(followup, "plain", "Better.")
        workshop.rate(followup, "talent", "p1", "minimum")  # rated, not yet revealed
    app = WorkshopApp(tui_workspace, today=date(2027, 11, 20), clock=lambda: 0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await home(pilot, app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        summary = app.screen
        assert "trend" in footer_keys(app)
        await pilot.press("t")
        grid = summary.query_one(TrendGrid)
        await until(pilot, lambda: grid.display and grid.row_count > 0)
        heading = str(summary.query_one("#summary-heading", Static).render())
        assert heading == "SUMMARY: TREND SINCE THE BASELINE OF 2026-11-20"
        plain = [str(cell) for cell in grid.get_row("plain")]
        # minimum, developing, mature, leader, innovator, then the outcome
        assert plain[1:7] == ["", "◇ was", "●◦", "▲ aim", "", " +1 ▲✗ ◦✓"]
        talent = [str(cell) for cell in grid.get_row("talent")]
        assert "● now" not in talent and talent[-1] == "hidden"  # nothing read before the reveal
        await pilot.press("t")
        await until(pilot, lambda: not grid.display)
        assert summary.query_one("#maturity-grid").display


async def test_any_actions_progress_from_the_palette(tui_workspace: Workspace) -> None:
    signed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=date(2027, 4, 2), clock=lambda: 0.0)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_signed(pilot, app)
        assert screen.current == "plain"
        await pilot.press("ctrl+p")
        await type_text(pilot, "Progress on A3")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        assert app.screen.state.action.title == "Improve Talent"  # type: ignore[attr-defined]


async def test_a_carried_action_sends_its_progress_to_the_followup(
    tui_workspace: Workspace,
) -> None:
    baseline = signed_session(tui_workspace)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        followup = workshop.cycle.start_followup(
            baseline, held_on=date(2027, 11, 20), today=date(2027, 11, 20)
        )
    app = WorkshopApp(tui_workspace, today=date(2027, 11, 21), clock=lambda: 0.0)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await home(pilot, app)
        await pilot.press("down")  # the baseline, below its newer follow-up
        screen = await open_signed(pilot, app)
        table = screen.query_one(ActionsTable)
        assert str(table.get_row_at(0)[4]) == "→ follow-up"
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ProgressScreen)
        said = [n.message for n in app._notifications]
        assert any(f"carried forward to the follow-up session {followup}" in m for m in said)


async def test_an_interim_step_is_set_in_the_ambition_form(tui_workspace: Workspace) -> None:
    session_id = seed_session(tui_workspace)  # plain: developing, aiming for leader by 2028-03-31
    app = WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)
    async with app.run_test(size=(120, 36)) as pilot:
        await home(pilot, app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        screen = app.screen
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, AmbitionScreen))
        form = app.screen
        form.query_one("#interim-level", Select).value = "mature"
        form.query_one("#interim-by", Input).value = "31/03/2029"  # after the ambition's date
        await pilot.press("ctrl+s")
        field = form.query_one("#field-interim_by")  # the date is what is wrong
        await until(pilot, lambda: field.has_class("-invalid"))
        assert "2029-03-31 is not before the ambition's date (2028-03-31)" in str(
            field.query_one(".field-problem", Static).render()
        )
        form.query_one("#interim-by", Input).value = "31/03/2027"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        ambition = str(screen.query_one("#ambition", Static).render())
        assert "interim step Mature by 2027-03-31" in ambition
    with Workshop.open(tui_workspace, backup=False) as workshop:
        interim = workshop.snapshot(session_id).area("plain").ambition.interim  # type: ignore[union-attr]
        assert interim is not None and (interim.level, interim.by) == ("mature", date(2027, 3, 31))
