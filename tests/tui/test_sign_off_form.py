"""The sign-off form's date: today by default, typed in either of the app's forms, and a
refusal (a workshop dated after today) shown beside the date, naming it."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static

from conftest import complete
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.sign_off import SignOffScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, type_text, until
from .test_cycle import home


async def test_a_workshop_dated_after_today_is_signed_on_a_chosen_date(
    tui_workspace: Workspace,
) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    with Workshop.open(tui_workspace, backup=False) as workshop:
        complete(workshop, session_id)
    app = WorkshopApp(tui_workspace, today=date(2026, 11, 10), clock=lambda: 0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await home(pilot, app)
        await pilot.press("enter")
        await until(pilot, lambda: getattr(app.screen, "current", None) is not None)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, SignOffScreen))
        form = app.screen
        assert form.query_one("#sign-off-on", Input).value == "2026-11-10"
        await type_text(pilot, "Pat Jones")
        await pilot.press("tab")
        await type_text(pilot, "Director of Resources")
        await pilot.press("ctrl+s")
        field = form.query_one("#field-signed_on")
        await until(pilot, lambda: field.has_class("-invalid"))
        problem = str(field.query_one(".field-problem", Static).render())
        assert "the sign-off date (2026-11-10) is before the session's date (2026-11-20)" in problem
        assert "choose a date" in problem
        assert form.focused is form.query_one("#sign-off-on", Input)
        form.query_one("#sign-off-on", Input).value = "20/11/2026"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await until(pilot, lambda: app.screen.snapshot and app.screen.snapshot.signed_off)  # type: ignore[attr-defined]
    with Workshop.open(tui_workspace, backup=False) as workshop:
        sign_off = workshop.snapshot(session_id).record.sign_off
        assert sign_off is not None and sign_off.signed_on == HELD_ON
