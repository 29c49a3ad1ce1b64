"""The real prompts (questionary) fed through prompt_toolkit's pipe input."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from npsworkshop.review.checks import date_check
from npsworkshop.review.prompts import Heading, Option, colour_wanted
from npsworkshop.review.questionary_prompts import QuestionaryPrompter

CTRL_C = "\x03"
DOWN = "\x1b[B"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def prompter(keys: PipeInput) -> QuestionaryPrompter:
    return QuestionaryPrompter(input=keys, output=DummyOutput(), stream=io.StringIO())


def test_text_refuses_a_bad_answer_and_takes_the_next(keys: PipeInput) -> None:
    keys.send_text("soon\r\x15 2028-03-31\r")  # Ctrl-U clears the refused answer
    answer = prompter(keys).text("By when?", check=date_check("The date", required=True))
    assert answer == " 2028-03-31"


def test_text_offers_its_default(keys: PipeInput) -> None:
    keys.send_text("\r")
    assert prompter(keys).text("Title:", default="Baseline") == "Baseline"


def test_typing_replaces_the_default_instead_of_adding_to_it(keys: PipeInput) -> None:
    keys.send_text("Baseline 2027\r")
    keys.close()
    title = prompter(keys).text("Title:", default="Procurement maturity self-review 2026")
    assert title == "Baseline 2027"


def test_the_default_is_checked_when_enter_takes_it(keys: PipeInput) -> None:
    keys.send_text("\r2028-03-31\r")  # Enter would take "soon": refused, so a date is typed
    keys.close()
    answer = prompter(keys).text(
        "By when?", default="soon", check=date_check("The date", required=True)
    )
    assert answer == "2028-03-31"


LEVELS = [
    Option("Minimum", "minimum", disabled="below the council's level"),
    Option("Developing", "developing"),
    Option("Mature", "mature"),
]


def test_select_by_number_and_enter_takes_the_default(keys: PipeInput) -> None:
    keys.send_text("3\r")
    assert prompter(keys).select("Ambition:", LEVELS) == "mature"
    keys.send_text("\r")
    assert prompter(keys).select("Ambition:", LEVELS, default="developing") == "developing"
    keys.send_text("\r")  # a disabled default: the first option that can be chosen
    assert prompter(keys).select("Ambition:", LEVELS, default="minimum") == "developing"


@pytest.mark.parametrize("number", ["9", "0", "1"])
def test_a_number_that_chooses_nothing_is_refused_and_so_is_the_enter_after_it(
    keys: PipeInput, number: str
) -> None:
    """9 and 0 are not choices, 1 cannot be chosen; Enter used to take the pointed-at option."""
    keys.send_text(f"{number}\r\r3\r")
    keys.close()
    assert prompter(keys).select("Ambition:", LEVELS, default="developing") == "mature"


def test_escape_sequences_typed_in_are_ignored_without_a_traceback(
    keys: PipeInput, capsys: pytest.CaptureFixture[str]
) -> None:
    """ESC [ 3 1 m reads as a mouse report, whose handler raised and printed a traceback."""
    keys.send_text("Jo\x1b[31m Smith\x1b[<0;1;1M\x1b[M!!!\r\x1b[31m3\r")
    keys.close()
    p = prompter(keys)
    assert p.text("Name:") == "Jo Smith"
    assert p.select("Ambition:", LEVELS) == "mature"
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    assert "Unhandled exception" not in printed.out + printed.err


def test_checkbox_starts_with_the_ticked_options_and_checks_the_answer(keys: PipeInput) -> None:
    options: list[Option[str] | Heading] = [
        Heading("Theme: Leading"),
        Option("A plain area", "plain", checked=True),
        Option("Talent", "talent", checked=True),
    ]

    def at_least_one(chosen: list[str]) -> str | None:
        return None if chosen else "Choose at least one area."

    # Untick both, Enter is refused; tick Talent (still pointed at) again, Enter.
    keys.send_text(f" {DOWN} \r \r")
    assert prompter(keys).checkbox("Areas?", options, check=at_least_one) == ["talent"]


def test_confirm_takes_y_n_or_the_default(keys: PipeInput) -> None:
    keys.send_text("y")
    assert prompter(keys).confirm("Anyone else?", default=False) is True
    keys.send_text("n")
    assert prompter(keys).confirm("Anyone else?", default=True) is False
    keys.send_text("\r")
    assert prompter(keys).confirm("Anyone else?", default=True) is True


@pytest.mark.parametrize("kind", ["text", "select", "checkbox", "confirm"])
def test_ctrl_c_returns_none_at_every_kind_of_question(keys: PipeInput, kind: str) -> None:
    p = prompter(keys)
    keys.send_text(CTRL_C)
    asked: dict[str, Callable[[], object]] = {
        "text": lambda: p.text("Evidence:"),
        "select": lambda: p.select("Level:", [Option("Minimum", "minimum")]),
        "checkbox": lambda: p.checkbox("Areas?", [Option("Talent", "talent")]),
        "confirm": lambda: p.confirm("Sign off?", default=False),
    }
    assert asked[kind]() is None


def test_ctrl_d_in_a_text_question_also_stops(keys: PipeInput) -> None:
    keys.send_text("\x04")
    assert prompter(keys).text("Evidence:") is None


def colour_codes(screen: str) -> set[str]:
    """The SGR parameters that set a colour (foreground, background, 256 or true colour)."""
    found: set[str] = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", screen):
        for code in params.split(";"):
            if code and (30 <= int(code) <= 49 or 90 <= int(code) <= 107):
                found.add(code)
    return found


@pytest.mark.parametrize("colour", [True, False])
def test_no_colour_means_no_colour_codes_at_all(keys: PipeInput, colour: bool) -> None:
    screen = io.StringIO()
    output = Vt100_Output(
        screen, lambda: Size(rows=30, columns=100), term="xterm-256color", enable_cpr=False
    )
    p = QuestionaryPrompter(input=keys, output=output, stream=io.StringIO(), colour=colour)
    keys.send_text("Jo\r2\ry")
    assert p.text("Name:") == "Jo"
    assert p.select("Level:", [Option("Minimum", 1, disabled="no"), Option("Mature", 2)]) == 2
    assert p.confirm("More?", default=False) is True
    assert bool(colour_codes(screen.getvalue())) is colour


def test_no_color_in_the_environment_turns_colour_off() -> None:
    assert colour_wanted({}) is True
    assert colour_wanted({"NO_COLOR": ""}) is True
    assert colour_wanted({"NO_COLOR": "1"}) is False


def test_what_the_review_says_cannot_drive_the_terminal() -> None:
    said = io.StringIO()
    QuestionaryPrompter(stream=said).say("Ynys Môn £5\x1b]0;owned\x07 \u202eevil\nnext line")
    assert said.getvalue() == "Ynys Môn £5\\x1b]0;owned\\x07 \\u202eevil\nnext line\n"
