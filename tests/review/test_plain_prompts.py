"""The plain prompts: numbered questions read line by line, nothing redrawn, no symbols."""

from __future__ import annotations

import io

import pytest

from npsworkshop.review.checks import date_check
from npsworkshop.review.plain_prompts import PlainPrompter, plain_terminal
from npsworkshop.review.prompts import Heading, Option

LEVELS = [
    Option("Minimum", "minimum", disabled="below the council's level, mature"),
    Option("Mature", "mature"),
    Option("Leader", "leader"),
]


def plain(*lines: str) -> tuple[PlainPrompter, io.StringIO]:
    said = io.StringIO()
    return PlainPrompter(
        input=io.StringIO("".join(f"{line}\n" for line in lines)), output=said
    ), said


def said_all(said: io.StringIO, *texts: str) -> None:
    out = said.getvalue()
    for text in texts:
        assert text in out, out


@pytest.mark.parametrize(
    ("term", "expected"),
    [("dumb", True), ("", True), (None, True), ("xterm-256color", False), ("screen", False)],
)
def test_a_terminal_that_cannot_redraw_gets_plain_questions(
    term: str | None, expected: bool
) -> None:
    assert plain_terminal({} if term is None else {"TERM": term}) is expected


def test_questions_are_numbered_and_a_default_is_said_in_words() -> None:
    p, said = plain("", "Baseline 2027")
    assert p.text("Title of this review:", default="Self-review 2026") == "Self-review 2026"
    assert p.text("Title of this review:", default="Self-review 2026") == "Baseline 2027"
    out = said.getvalue()
    assert "Question 1. Title of this review:" in out
    assert "Question 2. Title of this review:" in out
    assert "Press Enter for: Self-review 2026" in out


def test_a_refused_answer_is_said_on_the_next_line_and_asked_again() -> None:
    p, said = plain("soon", "2028-03-31")
    assert p.text("By when?", check=date_check("The date", required=True)) == "2028-03-31"
    lines = said.getvalue().splitlines()
    refused = lines.index(
        "> Not accepted: 'soon' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD, for example 31/03/2028"
    )
    assert lines[refused + 1] == "> "


def test_choices_are_numbered_lines_and_a_number_that_is_not_one_is_refused() -> None:
    p, said = plain("9", "1", "x", "3")
    assert p.select("Ambition:", LEVELS, default="mature") == "leader"
    said_all(
        said,
        "  1. Minimum (cannot be chosen: below the council's level, mature)",
        "  2. Mature",
        "Type a number from 1 to 3; press Enter for 2, Mature.",
        "Not accepted: 9 is not one of the choices: type 1 to 3",
        "Not accepted: 1 cannot be chosen: below the council's level, mature",
        "Not accepted: x is not one of the choices: type 1 to 3",
    )


def test_enter_takes_the_default_choice() -> None:
    p, _ = plain("")
    assert p.select("Ambition:", LEVELS, default="mature") == "mature"


def test_checkbox_by_numbers_ranges_or_all_with_chosen_said_in_words() -> None:
    options: list[Option[str] | Heading] = [
        Heading("Theme: Leading"),
        Option("A plain area", "plain", checked=True),
        Option("Gridded", "gridded", checked=True),
        Heading("Enablers"),
        Option("Talent", "talent"),
    ]

    def at_least_one(chosen: list[str]) -> str | None:
        return None if chosen else "Choose at least one area."

    p, said = plain("", "3, 1", "2-3", "all", "4", "none")
    assert p.checkbox("Areas?", options, check=at_least_one) == ["plain", "gridded"]
    assert p.checkbox("Areas?", options, check=at_least_one) == ["plain", "talent"]
    assert p.checkbox("Areas?", options, check=at_least_one) == ["gridded", "talent"]
    assert p.checkbox("Areas?", options, check=at_least_one) == ["plain", "gridded", "talent"]
    assert p.checkbox("Areas?", options, check=at_least_one) is None  # refused twice, then EOF
    assert p.checkbox("Areas?", options) is None
    said_all(
        said,
        "    1. A plain area (chosen)",
        "    3. Talent\n",
        "  Enablers",
        "Not accepted: 4 is not one of the choices: type 1 to 3",
        "Not accepted: Choose at least one area.",
    )
    assert not set("●○»") & set(said.getvalue())
    assert "(1-3 for a range, " in said.getvalue()  # the example range is one that exists


def test_confirm_takes_y_n_or_enter_and_refuses_anything_else() -> None:
    p, said = plain("", "maybe", "y", "no")
    assert p.confirm("Anyone else?", default=False) is False
    assert p.confirm("Anyone else?", default=False) is True
    assert p.confirm("Anyone else?", default=True) is False
    assert "Not accepted: type y for yes or n for no" in said.getvalue()


def test_the_end_of_input_stops_at_any_question() -> None:
    p, _ = plain()
    assert p.text("Evidence:") is None
    assert p.select("Level:", LEVELS) is None
    assert p.confirm("Sign off?", default=False) is None


def test_what_is_said_cannot_drive_the_terminal() -> None:
    p, said = plain("\x1b[2J")
    p.say("Ynys Môn \x1b]0;owned\x07")
    assert p.text("Name:") == "\x1b[2J"  # kept as typed; the service decides whether it is valid
    assert "\x1b" not in said.getvalue()
