"""End to end in a real terminal: tmux runs `npsworkshop`, keys go in, the screen is read back.

A session is created, one area rated, the app quit and started again: the rating is still there.
This needs tmux (CI installs it); without it the test fails rather than skips. Every step waits
for the screen to show what the last keys did (never for a fixed time), so a slow machine only
makes it slower.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from conftest import TmuxTerminal
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

WIDTH, HEIGHT = 120, 36


def test_create_rate_quit_reopen_in_a_real_terminal(
    tmux: Callable[..., TmuxTerminal], tmp_path: Path
) -> None:
    workspace = tmp_path / "workspace"
    app = [sys.executable, "-m", "npsworkshop", "--workspace", str(workspace)]
    terminal = tmux(WIDTH, HEIGHT, TEXTUAL_ANIMATIONS="none")

    def tab(times: int = 1) -> None:
        """Tab to the next input (past `times - 1` other controls) and wait until it has focus:
        Textual hands a key to the focused widget's own queue, so characters sent on the heels
        of a Tab can reach the field being left."""
        at = terminal.cursor()
        terminal.keys(*["Tab"] * times)
        terminal.wait_for_cursor_to_leave(at)

    terminal.start(app)
    terminal.wait_for("No sessions in this workspace yet", "New session")
    terminal.keys("n")
    # the packs load after the form is shown, and their fields join the tab order only then
    terminal.wait_for("New workshop session", "Areas in scope: all areas")
    terminal.fill("Testshire County Council")
    tab(3)  # past the type of organisation and the GSS code (optional)
    terminal.fill("Baseline 2026")
    tab()  # the date: today's stays
    tab()
    terminal.fill("A. Facilitator")
    tab(3)  # past the framework and the areas: the defaults
    terminal.fill("Jo Smith")
    tab()
    terminal.fill("Category manager")
    tab()
    terminal.fill("Adults")
    at = terminal.cursor()
    terminal.keys("Enter")  # in the last box: another row
    terminal.wait_for("Participant 2: name")
    terminal.wait_for_cursor_to_leave(at)
    terminal.fill("Sam Patel")
    tab()
    terminal.fill("Head of Finance")
    tab()
    terminal.fill("Finance")
    terminal.keys("C-s")
    terminal.wait_for("Area 1 of", "Jo Smith · Adults", "Sam Patel · Finance")

    terminal.keys("3")
    terminal.wait_for("Hidden: 1 of 2 given")
    terminal.keys("2")
    terminal.wait_for("Hidden: 2 of 2 given", "saved")
    terminal.keys("v")
    revealed = terminal.wait_for("given by Sam Patel · Finance")
    assert "Hidden" not in revealed
    terminal.keys("C-q")
    terminal.wait_for("run 1 exited with 0")

    terminal.start(app)
    terminal.wait_for("Testshire County Council", "Baseline 2026", "Draft")
    terminal.keys("Enter")
    terminal.wait_for("Area 1 of", "Hidden: 2 of 2 given")
    terminal.keys("v")
    reopened = terminal.wait_for("given by Sam Patel · Finance")
    assert "Hidden" not in reopened
    rows = reopened.splitlines()
    assert any("Jo Smith · Adults" in row and "3 Mature" in row for row in rows), reopened
    assert any("Sam Patel · Finance" in row and "2 Developing" in row for row in rows), reopened
    terminal.keys("C-q")
    terminal.wait_for("run 2 exited with 0")

    with Workshop.open(Workspace(workspace), backup=False) as workshop:
        [summary] = workshop.list_sessions()
        snapshot = workshop.snapshot(summary.id)
    first = snapshot.areas[0]
    assert [(r.participant, r.level) for r in first.ratings] == [
        ("p1", "mature"),
        ("p2", "developing"),
    ]
    assert snapshot.record.last_area == first.id
