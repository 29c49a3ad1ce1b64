"""Steps the form tests share: the sizes they run at, what a widget shows."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from npsworkshop.tui.screens.new_session import NewSessionScreen

from .conftest import until

SIZES = [(120, 36), (100, 30)]


def shown(widget: Static) -> str:
    return str(widget.render())


def notices(app: Any) -> str:
    """Every notification the app has raised and not yet timed out (a toast wraps its words)."""
    return "\n".join(str(n.message) for n in app._notifications)


async def new_session_form(pilot: Pilot[Any], app: Any) -> NewSessionScreen:
    """From the home list to the new-session form, its packs read."""
    await until(pilot, lambda: getattr(app.screen, "loaded", False))
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, NewSessionScreen) and app.screen.packs)
    assert isinstance(app.screen, NewSessionScreen)
    return app.screen
