"""`npsworkshop review` in a real (pseudo-)terminal and in a separate process: no Textual, no
colour under NO_COLOR, Ctrl-C and resume, a signed-off session at the end."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from mini_scripts import stored

from npsworkshop.framework.loader import available_packs
from npsworkshop.workspace import Workspace

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")

# The command's own entry point; it refuses to finish if Textual was ever imported.
ENTRY = (
    "import sys\n"
    "from npsworkshop.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "if 'textual' in sys.modules:\n"
    "    print('TEXTUAL WAS IMPORTED', file=sys.stderr)\n"
    "    status = 99\n"
    "sys.exit(status)\n"
)


class Terminal:
    """A child process on a pseudo-terminal of 30 rows by 100 columns."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.raw = b""
        self.seen = 0

    @property
    def screen(self) -> str:
        """Everything written so far, without escape sequences."""
        return ANSI.sub("", self.raw.decode("utf-8", "replace"))

    def _read(self, timeout: float) -> None:
        import select

        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.raw += os.read(self.master, 65536)
            except OSError:  # the child has gone and closed the terminal
                time.sleep(timeout)

    def expect(self, text: str, timeout: float = 20) -> None:
        """Wait until `text` appears after what was last expected."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            at = self.screen.find(text, self.seen)
            if at >= 0:
                self.seen = at + len(text)
                return
            self._read(0.05)
        raise AssertionError(f"{text!r} did not appear; the screen ends:\n{self.screen[-3000:]}")

    def answer(self, question: str, keys: str) -> None:
        self.expect(question)
        time.sleep(0.05)
        os.write(self.master, keys.encode("utf-8"))

    def finish(self, timeout: float = 20) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.05)
        self._read(0.05)
        os.close(self.master)
        if self.process.poll() is None:
            self.process.kill()
            raise AssertionError(f"the review did not end; the screen ends:\n{self.screen[-3000:]}")
        return self.process.returncode


def review_in_terminal(workspace: Workspace) -> Terminal:
    env = dict(os.environ, NO_COLOR="1", TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1")
    env.pop("COLUMNS", None)
    args = [sys.executable, "-c", ENTRY, "--workspace", str(workspace.root), "review"]
    return Terminal(args, env)


def colour_codes(raw: bytes) -> list[str]:
    codes = []
    for params in re.findall(r"\x1b\[([0-9;]*)m", raw.decode("utf-8", "replace")):
        codes += [c for c in params.split(";") if c and (30 <= int(c) <= 49 or 90 <= int(c) <= 107)]
    return codes


def test_a_review_in_a_terminal_stopped_resumed_and_signed_off(workspace: Workspace) -> None:
    mini = list(available_packs(workspace.root)).index("mini") + 1
    first = review_in_terminal(workspace)
    first.answer("Which council is this for?", "Testshire County Council\r")
    first.answer("What type of council is it?", "1\r")
    first.answer("Title of this review:", "\r")
    first.answer("Date of the review", "\r")
    first.answer("Which framework?", f"{mini}\r")
    first.answer("Which areas will you assess now?", "a \r")  # untick all, tick the first
    first.answer("Name of the first person answering:", "Jo Smith\r")
    first.answer("department or service (optional):", "Adults\r")
    first.answer("Is anyone else answering?", "n")
    first.expect("1 Minimum")
    first.answer("Jo Smith's level:", "3\r")
    first.answer("Evidence:", "Half an answer\x03")
    first.expect("Stopped. Everything you answered is saved")
    first.expect("It will continue at: A plain area, the evidence.")
    assert first.finish() == 130
    assert stored(workspace).area("plain").current_level == "mature"
    assert stored(workspace).area("plain").justification is None

    second = review_in_terminal(workspace)
    second.answer("Continue an unfinished review, or start a new one?", "1\r")
    second.expect("Carrying on at: A plain area, the evidence.")
    second.answer("Evidence:", "Social value policy adopted in 2025.\r")
    second.answer("Ambition for A plain area:", "\r")
    second.answer("By when?", "\r")
    second.answer("Add an action for A plain area?", "n")
    second.expect("Every area is complete: it can be signed off.")
    second.answer("What next?", "\r")
    second.answer("Signed off by (name):", "\r")
    second.answer("Their role", "Head of Procurement\r")
    second.answer("Which files should be written?", " \x1b[B \r")  # JSON, not the PDF
    second.expect("Written: ")
    second.expect("Done. The review is signed off")
    assert second.finish() == 0, second.screen[-2000:]

    assert colour_codes(first.raw + second.raw) == []
    snap = stored(workspace)
    assert snap.signed_off
    assert snap.area("plain").justification == "Social value policy adopted in 2025."
    assert [p.suffix for p in workspace.exports_dir.iterdir()] == [".json"]


def test_the_review_never_loads_textual(workspace: Workspace) -> None:
    """Imports the review and the command line, then runs a review up to its first level."""
    mini = list(available_packs(workspace.root)).index("mini") + 1
    code = (
        "import io, sys\n"
        "from pathlib import Path\n"
        "import npsworkshop.cli\n"
        "from npsworkshop.review.flow import review\n"
        "from npsworkshop.review.prompts import QuestionaryPrompter\n"
        "from npsworkshop.workspace import Workspace\n"
        "from prompt_toolkit.input import create_pipe_input\n"
        "from prompt_toolkit.output import DummyOutput\n"
        "said = io.StringIO()\n"
        "with create_pipe_input() as keys:\n"
        f"    keys.send_text('Testshire\\r1\\r\\r\\r{mini}\\r\\rJo Smith\\r\\rn\\x03')\n"
        "    prompter = QuestionaryPrompter(input=keys, output=DummyOutput(), stream=said)\n"
        "    status = review(Workspace(Path(sys.argv[1])), prompter)\n"
        "assert status == 130, said.getvalue()\n"
        "assert 'The five levels:' in said.getvalue(), said.getvalue()\n"
        "assert 'questionary' in sys.modules\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "assert not loaded, loaded\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(workspace.root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_review_outside_a_terminal_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "npsworkshop", "--workspace", str(tmp_path), "review"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "review asks its questions in a terminal" in result.stderr
    assert not (tmp_path / "sessions").exists()
