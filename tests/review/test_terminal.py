"""`npsworkshop review` in a real terminal (tmux, 100x30) and in a separate process: no Textual,
no colour under NO_COLOR, Ctrl-C and resume, a signed-off session at the end. Every answer is
typed once its question shows on the screen, never after a fixed time."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mini_scripts import sign_with_plan, stored

from npsworkshop.framework.loader import available_packs
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

if TYPE_CHECKING:
    from conftest import TmuxTerminal


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


def start_review(terminal: TmuxTerminal, workspace: Workspace, *options: str) -> None:
    terminal.start(
        [sys.executable, "-c", ENTRY, "--workspace", str(workspace.root), "review", *options]
    )


def answer(terminal: TmuxTerminal, *script: tuple[str, str]) -> None:
    """For each (question, keys): wait for the question to be asked, then type the keys (so
    they reach that question only)."""
    for question, keys in script:
        terminal.expect(question)
        terminal.type(keys)


def colour_codes(screen: str) -> list[str]:
    """The colours asked for (39 and 49, the terminal's own colours, are not colours)."""
    codes = []
    for params in re.findall(r"\x1b\[([0-9;]*)m", screen):
        codes += [
            c
            for c in params.split(";")
            if c and (30 <= int(c) <= 48 or 90 <= int(c) <= 107) and c != "39"
        ]
    return codes


def test_a_review_in_a_terminal_stopped_resumed_and_signed_off(
    workspace: Workspace, tmux: Callable[..., TmuxTerminal]
) -> None:
    mini = list(available_packs(workspace.root)).index("mini") + 1
    terminal = tmux(100, 30, NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1")
    start_review(terminal, workspace)
    answer(
        terminal,
        ("Which council is this for?", "Testshire County Council\r"),
        ("What type of council is it?", "1\r"),
        ("GSS code", "\r"),
        ("Title of this review:", "\r"),
        ("Date of the review", "\r"),
        ("Which framework?", f"{mini}\r"),
        ("Which areas will you assess now?", "a \r"),  # untick all, tick the first
        ("Name of the first person answering:", "Jo Smith\r"),
        ("department or service (optional):", "Adults\r"),
        ("Is anyone else answering?", "n"),
    )
    terminal.expect("1 Minimum")
    answer(terminal, ("Jo Smith's level:", "3\r"), ("Evidence:", "Half an answer\x03"))
    terminal.expect("Stopped. Everything you answered is saved")
    terminal.expect("It will continue at: A plain area, the evidence.")
    assert terminal.exit_status() == 130
    assert stored(workspace).area("plain").current_level == "mature"
    assert stored(workspace).area("plain").justification is None

    start_review(terminal, workspace)
    answer(terminal, ("Continue an unfinished review, or start a new one?", "1\r"))
    terminal.expect("Carrying on at: A plain area, the evidence.")
    answer(
        terminal,
        ("Evidence:", "Social value policy adopted in 2025.\r"),
        ("Ambition for A plain area:", "\r"),
        ("By when?", "\r"),
        ("Add an action for A plain area?", "n"),
    )
    terminal.expect("Every area is complete: it can be signed off.")
    answer(
        terminal,
        ("What next?", "1\r"),  # sign off: Enter alone would leave it a draft
        ("Signed off by (name):", "\r"),
        ("Their role", "Head of Procurement\r"),
        ("Which files should be written?", " \x1b[B \r"),  # JSON, not the PDF
    )
    terminal.expect("Written: ")
    terminal.expect("Done. The review is signed off")
    assert terminal.exit_status() == 0, terminal.history()[-2000:]

    assert colour_codes(terminal.history(escapes=True)) == []
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
        "from npsworkshop.review.questionary_prompts import QuestionaryPrompter\n"
        "from npsworkshop.workspace import Workspace\n"
        "from prompt_toolkit.input import create_pipe_input\n"
        "from prompt_toolkit.output import DummyOutput\n"
        "said = io.StringIO()\n"
        "with create_pipe_input() as keys:\n"
        f"    keys.send_text('Testshire\\r1\\r\\r\\r\\r{mini}\\r\\rJo Smith\\r\\rn\\x03')\n"
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


def question_row(screen: str, question: str) -> int:
    return next(i for i, line in enumerate(screen.splitlines()) if question in line)


def test_a_team_of_two_at_the_prompts(
    workspace: Workspace, tmux: Callable[..., TmuxTerminal]
) -> None:
    """Refusals under the question, defaults replaced by typing, numbers that choose nothing
    refused, escape sequences typed in ignored, and Enter at "What next?" leaves a draft."""
    mini = list(available_packs(workspace.root)).index("mini") + 1
    terminal = tmux(100, 30)  # with cursor position reports, as in a real terminal
    start_review(terminal, workspace)
    answer(terminal, ("Which council is this for?", "\r"))
    refused = "The council's name must not be empty"
    screen = terminal.wait_for(refused)
    row = question_row(screen, "Which council is this for?")
    assert refused in screen.splitlines()[row + 1], screen  # not on the bottom row
    terminal.type("Testshire County Council\r")
    answer(terminal, ("What type of council is it?", "1\r"), ("GSS code", "E123\r"))
    refused = "'E123' is not a GSS code"
    screen = terminal.wait_for(refused)
    assert refused in screen.splitlines()[question_row(screen, "GSS code") + 1], screen
    terminal.keys("C-u")
    terminal.type("e10000003\r")
    screen = terminal.wait_for("Title of this review:")
    title_line = screen.splitlines()[question_row(screen, "Title of this review:")]
    assert "Procurement maturity self-review" in title_line  # the default, shown in place
    answer(
        terminal,
        ("Title of this review:", "Baseline 2027\r"),  # replaces the default
        ("Date of the review", "\r"),
        ("Which framework?", f"{mini}\r"),
        ("Which areas will you assess now?", "a \r"),  # untick all, tick the first
        ("Name of the first person answering:", "Jo Smith\x1b[31m\r"),  # an escape typed in
        ("department or service (optional):", "Adults\r"),
        ("Is anyone else answering?", "y"),
        ("Name of the next person answering:", "Ali Jones\r"),
        ("department or service (optional):", "\r"),
        ("Is anyone else answering?", "n"),
        ("Jo Smith's level:", "9\r"),
    )
    screen = terminal.wait_for("9 is not one of the choices")
    lines = screen.splitlines()
    assert "9 is not one of the choices" in lines[question_row(screen, "6) Don't know") + 1]
    answer(
        terminal,
        ("is not one of the choices", "3\r"),  # the Enter after 9 did nothing: still asking
        ("Ali Jones's level:", "2\r"),
        ("Evidence:", "Few contracts seek social value.\r"),
        ("Ambition for A plain area:", "\r"),
        ("By when?", "\r"),
        ("Add an action for A plain area?", "n"),
        ("What next?", "\r"),  # Enter: it stays a draft
        ("Which files should be written?", " \r"),  # untick the PDF: nothing written
    )
    assert terminal.exit_status() == 0, terminal.history()[-3000:]
    history = terminal.history()
    assert "Traceback" not in history and "Unhandled exception" not in history
    snap = stored(workspace)
    assert snap.record.title == "Baseline 2027"
    assert snap.record.organisation_code == "E10000003"
    assert [p.name for p in snap.record.participants] == ["Jo Smith", "Ali Jones"]
    assert snap.area("plain").current_level == "developing"
    assert snap.record.sign_off is None


def test_plain_questions_where_the_terminal_cannot_redraw(
    workspace: Workspace, tmux: Callable[..., TmuxTerminal]
) -> None:
    mini = list(available_packs(workspace.root)).index("mini") + 1
    terminal = tmux(100, 30, term="dumb")
    start_review(terminal, workspace)
    answer(
        terminal,
        ("Question 1. Which council is this for?", "Testshire County Council\r"),
        ("Question 2. What type of council is it?", "9\r"),
        ("Not accepted: 9 is not one of the choices: type 1 to", "1\r"),
        ("Question 3. Its GSS code", "\r"),
        ("Question 4. Title of this review:", "\r"),
        ("Question 5. Date of the review", "\r"),
        ("Question 6. Which framework?", f"{mini}\r"),
        ("Question 7. Which areas will you assess now?", "1\r"),
        ("Name of the first person answering:", "Jo Smith\r"),
        ("department or service (optional):", "\r"),
        ("Is anyone else answering?", "n\r"),
        ("Jo Smith's level:", "3\r"),
        ("Evidence:", "Policy adopted.\r"),
        ("Ambition for A plain area:", "\r"),
        ("By when?", "\r"),
        ("Add an action for A plain area?", "n\r"),
        ("What next?", "\r"),
        ("Which files should be written?", "none\r"),
    )
    assert terminal.exit_status() == 0, terminal.history()[-3000:]
    history = terminal.history(escapes=True)
    assert "Press Enter for: Procurement maturity self-review" in history
    assert "  1. County council" in history
    assert "\x1b" not in history  # no colour, no style, nothing redrawn
    assert not set("●○»") & set(history)
    snap = stored(workspace)
    assert snap.area("plain").current_level == "mature"


def test_plain_questions_on_request(
    workspace: Workspace, tmux: Callable[..., TmuxTerminal]
) -> None:
    terminal = tmux(100, 30)
    start_review(terminal, workspace, "--plain")
    answer(terminal, ("Question 1. Which council is this for?", "\x03"))
    terminal.expect("Stopped. Nothing was saved")
    assert terminal.exit_status() == 130


def test_progress_on_a_signed_review_in_a_terminal(
    workspace: Workspace,
    workshop: Workshop,
    mini_session: str,
    tmux: Callable[..., TmuxTerminal],
) -> None:
    """A team records progress on a signed plan at the real prompts (100x30)."""
    session = sign_with_plan(workshop, mini_session)
    terminal = tmux(100, 30, NO_COLOR="1")
    start_review(terminal, workspace)
    answer(
        terminal,
        ("or start a new one?", "1\r"),
        ("This review is signed off. What next?", "\r"),  # record progress
        ("Which action has progress to record?", "4\r"),
        ("A4's status now:", "3\r"),  # done
        ("Date of the update", "28/11/2026\r"),
        ("Note (what happened; optional):", "Pipeline on the website\r"),
        ("Who is recording this progress?", "Jo Smith\r"),
    )
    terminal.expect("Recorded: A4 open -> done on 2026-11-28, by Jo Smith.")
    answer(
        terminal,
        ("Which action next?", "\r"),  # finish
        ("What next?", "\r"),  # the committee progress update, the default after progress
        ("Which files should be written?", "\r"),  # the PDF, ticked
        ("Leave out who recorded", "n\r"),
    )
    terminal.expect("-signed-named-progress-")
    answer(terminal, ("What next?", "4\r"))  # finish
    assert terminal.exit_status() == 0, terminal.history()[-2000:]
    [update] = list(workspace.exports_dir.iterdir())
    assert update.suffix == ".pdf" and update.read_bytes().startswith(b"%PDF")
    with Workshop.open(workspace) as reopened:
        [action] = [a for a in reopened.cycle.action_plan(session).actions if a.ref == "A4"]
    [entry] = action.entries
    assert (entry.status, entry.by, entry.note) == ("done", "Jo Smith", "Pipeline on the website")
