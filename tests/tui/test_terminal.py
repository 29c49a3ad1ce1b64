"""End to end in a real terminal: tmux runs `npsworkshop`, keys go in, the screen is read back.

A session is created, one area rated, the app quit and started again: the rating is still there.
This needs tmux (CI installs it); without it the test fails rather than skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

WIDTH, HEIGHT = 120, 36


class Terminal:
    """One detached tmux session running a command."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.runs = 0

    def _shell(self, command: list[str]) -> str:
        """The command, then a line saying how run number N ended (read by `wait_for`)."""
        self.runs += 1
        quoted = " ".join(f"'{part}'" for part in command)
        return f'{quoted}; echo "run {self.runs} exited with $?"; sleep 120'

    def start(self, command: list[str]) -> None:
        size = ["-x", str(WIDTH), "-y", str(HEIGHT)]
        new = ["tmux", "new-session", "-d", "-s", self.name, *size, self._shell(command)]
        env = {**os.environ, "TERM": "xterm-256color"}
        for attempt in range(3):  # a tmux server that is just exiting refuses the first try
            if subprocess.run(new, env=env, check=False).returncode == 0:
                return
            time.sleep(0.5 * (attempt + 1))
        subprocess.run(new, env=env, check=True)

    def restart(self, command: list[str]) -> None:
        """Run `command` again in the same pane (the terminal stays the same size)."""
        subprocess.run(
            ["tmux", "respawn-pane", "-k", "-t", self.name, self._shell(command)], check=True
        )

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)
        time.sleep(0.2)

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def wait_for(self, *texts: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {texts!r}; the screen was:\n{screen}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    assert shutil.which("tmux"), "tmux is needed for the end-to-end test (CI installs it)"
    term = Terminal(f"npsworkshop-test-{uuid.uuid4().hex[:8]}")
    yield term
    term.close()


def test_create_rate_quit_reopen_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    app = [sys.executable, "-m", "npsworkshop", "--workspace", str(workspace)]

    terminal.start(app)
    terminal.wait_for("No sessions in this workspace yet", "New session")
    terminal.keys("n")
    terminal.wait_for("New workshop session", "Areas in scope")
    terminal.type("Testshire County Council")
    terminal.keys("Tab", "Tab")
    terminal.type("Baseline 2026")
    terminal.keys("Tab", "Tab")
    terminal.type("A. Facilitator")
    terminal.keys("Tab", "Tab", "Tab")  # past the framework and the areas: the defaults
    terminal.type("Jo Smith")
    terminal.keys("Tab", "Tab")
    terminal.type("Adults")
    terminal.keys("Enter")
    terminal.type("Sam Patel")
    terminal.keys("Tab", "Tab")
    terminal.type("Finance")
    terminal.keys("C-s")
    terminal.wait_for("Area 1 of", "Jo Smith · Adults", "Sam Patel · Finance")

    terminal.keys("3", "2")
    terminal.wait_for("Hidden: 2 of 2 given", "saved")
    terminal.keys("v")
    revealed = terminal.wait_for("given by Sam Patel · Finance")
    assert "Hidden" not in revealed
    terminal.keys("C-q")
    terminal.wait_for("run 1 exited with 0")

    terminal.restart(app)
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
