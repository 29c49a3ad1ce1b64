"""Rating keypress to repaint in the workshop app (issue 14: under 50 ms median), with Pilot.

    python bench/keypress.py [ROUNDS]

Subject: a digit pressed on the ratings grid of an nps-2018 session (6 participants, 100x30),
timed from the key event entering the app until the rating is on disk, the screen shows it (the
grid's caption says "... recorded") and the screen has repainted. Floor, in the same run and
interleaved: a cursor move (down) on the same grid until it has repainted. Reported as the median
in milliseconds and as the ratio of the medians (a ratio, so a slower machine does not move it).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.events import Key


class Paints:
    """When the app last wrote an update to the terminal (its driver)."""

    def __init__(self, app: App[Any]) -> None:
        self.last = 0.0
        display = app._display

        def noted(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.last = time.perf_counter()

        app._display = noted  # type: ignore[method-assign]

    async def after(self, moment: float) -> float:
        """The first paint after `moment`."""
        while self.last <= moment:
            await asyncio.sleep(0.0002)
        return self.last


async def measure(rounds: int) -> tuple[list[float], list[float]]:
    from npsworkshop.tui.app import WorkshopApp
    from npsworkshop.tui.screens.workshop import WorkshopScreen
    from npsworkshop.workshop import Workshop
    from npsworkshop.workshop.inputs import NewSession, ParticipantInput
    from npsworkshop.workspace import Workspace

    root = Path(tempfile.mkdtemp(prefix="npsworkshop-keypress-"))
    workspace = Workspace(root)
    with Workshop.open(workspace, backup=False) as workshop:
        workshop.create_session(
            NewSession(
                organisation_name="Testshire County Council",
                title="Keypress bench",
                held_on=date(2026, 11, 20),
                pack_id="nps-2018",
                participants=tuple(
                    ParticipantInput(name=f"Participant {n} with a long name", department="Dept")
                    for n in range(1, 7)
                ),
            )
        )
    app = WorkshopApp(workspace, today=date(2026, 11, 20))
    subject: list[float] = []
    floor: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while not getattr(app.screen, "loaded", False):
            await pilot.pause(0.05)
        await pilot.press("enter")
        while not (isinstance(app.screen, WorkshopScreen) and app.screen.current):
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, WorkshopScreen)
        await pilot.pause(0.5)
        status = screen.query_one("#grid-status")
        grid = screen.query_one("#grid")
        paints = Paints(app)

        def send(key: str, character: str | None) -> None:
            event = Key(key, character)
            event.set_sender(app)
            assert app._driver is not None
            app._driver.send_message(event)

        for n in range(rounds):
            # The floor: the cursor moves up a row (down from the first), as cheap a repaint of
            # the same grid as there is.
            row = grid.cursor_row  # type: ignore[attr-defined]
            started = time.perf_counter()
            send("up" if row else "down", None)
            while grid.cursor_row == row:  # type: ignore[attr-defined]
                await asyncio.sleep(0.0002)
            floor.append(await paints.after(time.perf_counter()) - started)
            await pilot.pause(0.05)
            screen.say("")  # clear the caption's feedback, so the next rating's is seen
            await pilot.pause(0.05)
            digit = str(1 + n % 5)
            started = time.perf_counter()
            send(digit, digit)
            while "recorded" not in str(status.render()):
                await asyncio.sleep(0.0002)
            subject.append(await paints.after(time.perf_counter()) - started)
            await pilot.pause(0.05)
    return subject, floor


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 41
    subject, floor = asyncio.run(measure(rounds))
    s, f = statistics.median(subject), statistics.median(floor)
    print(f"keypress: rating to repaint median {s * 1000:.1f} ms over {rounds} ratings")
    print(f"keypress: cursor move to repaint (floor) median {f * 1000:.1f} ms")
    print(f"keypress: ratio to the floor {s / f:.2f}x; issue 14 budget: 50 ms median")
    return 0 if s < 0.050 else 1


if __name__ == "__main__":
    raise SystemExit(main())
