"""Shared fixtures: a workspace in a temporary folder, the service on it, a small test pack, and
a real terminal (tmux) for the end-to-end tests."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, ParticipantInput
from npsworkshop.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures"

MINI_PACK = """
id = "mini"
title = "A small test pack"
version = "1"
publisher = "npsworkshop tests"
source = "tests/conftest.py"
attribution = "Made up for tests."
levels = [
  {id = "minimum", title = "Minimum"}, {id = "developing", title = "Developing"},
  {id = "mature", title = "Mature"}, {id = "leader", title = "Leader"},
  {id = "innovator", title = "Innovator"},
]

[[themes]]
id = "leading"
title = "Leading"

[[key_areas]]
id = "plain"
theme = "leading"
title = "A plain area"
description = "One implicit row."
help = {what_it_is = "What.", why_it_matters = "Why."}
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}

[[key_areas]]
id = "gridded"
theme = "leading"
title = "An area with dimensions"
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}

[[key_areas.dimensions]]
id = "influence"
title = "Influence"
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}

[[key_areas.dimensions]]
id = "processes"
title = "Processes"
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}

[[enablers]]
id = "talent"
title = "Talent"
levels = {minimum = "m", developing = "d", mature = "ma", leader = "l", innovator = "i"}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    pack_dir = tmp_path / "content" / "mini"
    pack_dir.mkdir(parents=True)
    (pack_dir / "pack.toml").write_text(MINI_PACK, encoding="utf-8")
    return Workspace(tmp_path)


@pytest.fixture
def workshop(workspace: Workspace) -> Iterator[Workshop]:
    with Workshop.open(workspace) as service:
        yield service


@pytest.fixture
def mini_session(workshop: Workshop) -> str:
    """A mini-pack session with three participants."""
    return workshop.create_session(
        NewSession(
            organisation_name="Testshire County Council",
            organisation_type="county",
            title="Baseline",
            held_on=date(2026, 11, 20),
            facilitator="A. Facilitator",
            pack_id="mini",
            participants=(
                ParticipantInput(name="Jo Smith", role="Category manager", department="Adults"),
                ParticipantInput(name="Sam Patel", role="Head of Finance", department="Finance"),
                ParticipantInput(
                    name="Ali Jones", role="Commissioner", department="Children's Services"
                ),
            ),
        )
    )


def complete(workshop: Workshop, session_id: str) -> None:
    """Rate, justify and set an ambition for every area in scope."""
    snap = workshop.snapshot(session_id)
    for area in snap.areas:
        definition = snap.pack.area(area.id)
        rows = [d.id for d in definition.dimensions] or [None]
        for dim in rows:
            workshop.rate(session_id, area.id, "p1", "mature", dim)
            workshop.rate(session_id, area.id, "p2", "developing", dim)
            workshop.abstain(session_id, area.id, "p3", dim)
        workshop.justify(session_id, area.id, f"Evidence for {area.title}.")
        workshop.set_ambition(session_id, area.id, "leader", date(2028, 3, 31), "Because.")
        workshop.add_action(
            session_id, area.id, f"Improve {area.title}", "Head of Procurement", date(2027, 3, 31)
        )


# How long a terminal test waits for the screen to show what it expects. Generous: on a loaded
# machine (two cores, other suites running) starting Python and the app can take many seconds,
# and the tests only ever wait on what the screen shows, never on time.
SCREEN_DEADLINE = float(os.environ.get("NPSWORKSHOP_SCREEN_DEADLINE", "120"))


class TmuxTerminal:
    """A command in a tmux server of its own (tests running in parallel never share one), typed
    into with send-keys and read back with capture-pane."""

    def __init__(self, width: int, height: int, term: str, env: dict[str, str]) -> None:
        assert shutil.which("tmux"), "tmux is needed for the terminal tests (.ci/setup installs it)"
        # a short path of its own (a socket path has a length limit), removed by `close`
        self.folder = Path(tempfile.mkdtemp(prefix="npsw-tmux-"))
        self.socket = str(self.folder / "socket")
        # no user configuration; a history long enough that `history()` keeps everything
        self.config = self.folder / "tmux.conf"
        self.config.write_text("set -g history-limit 100000\n", encoding="utf-8")
        self.width, self.height, self.term = width, height, term
        self.env = env
        self.runs = 0
        self.session = ""
        self.expected: dict[str, int] = {}

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=SCREEN_DEADLINE,
        )
        return result.stdout

    def _shell(self, command: list[str]) -> str:
        """The command, then a line saying how run number N ended (read by `wait_for`)."""
        self.runs += 1
        # tmux sets TERM in the pane to its own; the command gets the terminal type asked for
        run = shlex.join(["env", f"TERM={self.term}", *command])
        return f'{run}; echo "run {self.runs} exited with $?"; sleep 600'

    def start(self, command: list[str]) -> None:
        """Run `command` in a new window of the same size (a later run starts with a clear
        screen and history; the earlier window closes)."""
        earlier = self.session
        shell = self._shell(command)  # counts the run
        self.session, self.expected = f"run{self.runs}", {}
        size = ["-x", str(self.width), "-y", str(self.height)]
        self._tmux("-f", str(self.config), "new-session", "-d", "-s", self.session, *size, shell)
        if earlier:
            self._tmux("kill-session", "-t", earlier)

    def keys(self, *keys: str) -> None:
        """tmux key names: Enter, Tab, C-s, Down..."""
        self._tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        """Characters as they are (control characters and escape sequences too)."""
        self._tmux("send-keys", "-t", self.session, "-l", text)

    def screen(self) -> str:
        """What the terminal shows now."""
        return self._tmux("capture-pane", "-p", "-t", self.session)

    def cursor(self) -> tuple[int, int]:
        """Where the terminal's cursor is (column, row): Textual puts it in the focused input."""
        x, y = self._tmux(
            "display-message", "-p", "-t", self.session, "#{cursor_x} #{cursor_y}"
        ).split()
        return int(x), int(y)

    def wait_for_cursor_to_leave(
        self, position: tuple[int, int], timeout: float = SCREEN_DEADLINE
    ) -> tuple[int, int]:
        """Where the cursor went once it left `position` (focus has reached another input)."""
        deadline = time.monotonic() + timeout
        while (now := self.cursor()) == position:
            if time.monotonic() > deadline:
                raise AssertionError(f"the cursor never left {position}:\n{self.screen()}")
            time.sleep(0.1)
        return now

    def fill(self, text: str, timeout: float = SCREEN_DEADLINE) -> None:
        """Type into the focused input and wait until the cursor stands just after the text there
        (so the next `cursor()` is that input's)."""
        before = self.screen().count(text.rstrip())
        self.type(text)
        deadline = time.monotonic() + timeout
        while True:
            x, y = self.cursor()
            screen = self.screen()
            lines = screen.splitlines()
            # Textual keeps the cursor one cell to the right of the input's own text cursor
            if y < len(lines) and lines[y][: x + 1].rstrip().endswith(text.rstrip()):
                return
            # after the form scrolls, the terminal's cursor can be left where it was drawn last:
            # the text having appeared once more on the screen is then the sign it arrived
            if screen.count(text.rstrip()) > before:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{text!r} is not before the cursor at {(x, y)}:\n{self.screen()}"
                )
            time.sleep(0.1)

    def history(self, *, escapes: bool = False) -> str:
        """Everything shown since the start, scrolled off or not, wrapped lines joined; with
        `escapes`, with the escape sequences of its colours and styles."""
        style = ["-e"] if escapes else []
        return self._tmux(
            "capture-pane", "-p", "-J", *style, "-S", "-", "-E", "-", "-t", self.session
        )

    def wait_until(
        self, shows: Callable[[str], bool], what: str, timeout: float = SCREEN_DEADLINE
    ) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if shows(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never showed {what}; it was:\n{screen}")
            time.sleep(0.1)

    def wait_for(self, *texts: str, timeout: float = SCREEN_DEADLINE) -> str:
        """The screen once it shows every one of `texts`."""
        return self.wait_until(lambda s: all(t in s for t in texts), repr(texts), timeout)

    def expect(self, text: str, timeout: float = SCREEN_DEADLINE) -> str:
        """Wait until `text` has been shown once more than it was last expected (a question asked
        twice is expected twice); the history then. Counted, not found after an offset: a menu
        that closes leaves a shorter history, and the next question lands where it was."""
        wanted = self.expected.get(text, 0) + 1
        deadline = time.monotonic() + timeout
        while True:
            history = self.history()
            if history.count(text) >= wanted:
                self.expected[text] = wanted
                return history
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{text!r} was not shown {wanted} time(s); the history ends:\n{history[-3000:]}"
                )
            time.sleep(0.1)

    def exit_status(self, timeout: float = SCREEN_DEADLINE) -> int:
        """How the latest run of the command ended, once it has."""
        ended = f"run {self.runs} exited with "
        screen = self.wait_until(lambda s: ended in s, repr(ended), timeout)
        return int(screen.split(ended)[1].split()[0])

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def tmux() -> Iterator[Callable[..., TmuxTerminal]]:
    """Make terminals: `tmux(width, height, term=..., **environment)`; all closed after."""
    made: list[TmuxTerminal] = []

    def make(
        width: int = 120, height: int = 36, term: str = "xterm-256color", **env: str
    ) -> TmuxTerminal:
        environ = {**os.environ, **env}
        environ.pop("TMUX", None)  # a test run inside tmux must still start its own server
        # the size is the window's: COLUMNS and LINES (set under xdist) would override it
        environ.pop("COLUMNS", None)
        environ.pop("LINES", None)
        terminal = TmuxTerminal(width, height, term, environ)
        made.append(terminal)
        return terminal

    yield make
    for terminal in made:
        terminal.close()
