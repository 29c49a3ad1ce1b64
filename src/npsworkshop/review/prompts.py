"""The prompt layer: four kinds of question and plain output, behind a base class tests can fake.

Two prompters implement it: `questionary_prompts.QuestionaryPrompter` (menus redrawn in place)
and `plain_prompts.PlainPrompter` (numbered lines, for screen readers and terminals that cannot
redraw). Every question returns None when the person presses Ctrl-C (or Ctrl-D); `answered`
turns that into `Stopped`, which ends the review with everything answered so far kept. A text
question's `default` is what Enter gives; anything typed replaces it.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

Check = Callable[[str], str | None]
"""Why a typed answer is refused, or None when it is acceptable."""
TicksCheck = Callable[[list[int]], str | None]
"""Why the options ticked (their indices) are refused, or None when they are acceptable."""

# What must not reach the terminal as it is: control characters (an escape sequence could
# rewrite the screen) and bidirectional overrides; they are shown as Python escapes instead.
_UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


@dataclass(frozen=True)
class Option(Generic[T]):
    """One choice of a select or checkbox question; `disabled` says why it cannot be chosen."""

    title: str
    value: T
    disabled: str | None = None
    checked: bool = False


@dataclass(frozen=True)
class Heading:
    """A line that groups the options after it (a theme in the list of areas)."""

    title: str


TickOptions = Sequence[Option[Any] | Heading]
"""A checkbox question's options, with headings between them."""


class Stopped(Exception):
    """The person stopped the review at a question (Ctrl-C)."""


def answered(value: T | None) -> T:
    """The answer, or `Stopped` when the question was abandoned."""
    if value is None:
        raise Stopped
    return value


class Prompter(ABC):
    """What the review needs from a terminal: four kinds of question and plain output.

    What an answer means is decided here, once, for every prompter: Enter alone at a text
    question gives its default and anything typed replaces it, and the check judges the answer
    so meant; Enter at a list lands on the default when that option can be chosen; a checkbox's
    check judges the values ticked. A prompter only asks and reads (the `_ask_*` methods), each
    returning None when the person stops (Ctrl-C or Ctrl-D).
    """

    @abstractmethod
    def say(self, text: str = "") -> None: ...

    @abstractmethod
    def confirm(self, message: str, *, default: bool) -> bool | None: ...

    def text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        instruction: str | None = None,
    ) -> str | None:
        def why(typed: str) -> str | None:
            return check(typed or default) if check else None

        typed = self._ask_text(message, default, why, instruction)
        return None if typed is None else (typed or default)

    def select(
        self, message: str, options: Sequence[Option[T]], *, default: T | None = None
    ) -> T | None:
        start = next(
            (i for i, o in enumerate(options) if o.value == default and not o.disabled), None
        )
        index = self._ask_choice(message, options, start)
        return None if index is None else options[index].value

    def checkbox(
        self,
        message: str,
        options: Sequence[Option[T] | Heading],
        *,
        check: Callable[[list[T]], str | None] | None = None,
    ) -> list[T] | None:
        offered = [o for o in options if isinstance(o, Option)]

        def why(ticked: list[int]) -> str | None:
            return check([offered[i].value for i in ticked]) if check else None

        ticked = self._ask_ticks(message, options, why)
        return None if ticked is None else [offered[i].value for i in ticked]

    @abstractmethod
    def _ask_text(
        self, message: str, default: str, why: Check, instruction: str | None
    ) -> str | None:
        """What was typed ("" for Enter alone), asked for again while `why` refuses it."""

    @abstractmethod
    def _ask_choice(
        self, message: str, options: Sequence[Option[Any]], start: int | None
    ) -> int | None:
        """The index of the option chosen, never a disabled one; `start` is the option Enter
        alone takes (None: the default is not an option that can be chosen)."""

    @abstractmethod
    def _ask_ticks(self, message: str, options: TickOptions, why: TicksCheck) -> list[int] | None:
        """The indices, among the options (headings not counted), of those ticked, asked for
        again while `why` refuses them; Enter alone keeps those marked `checked`."""


def colour_wanted(environ: dict[str, str] | None = None) -> bool:
    """False when NO_COLOR is set to anything non-empty (https://no-color.org)."""
    return not (environ if environ is not None else os.environ).get("NO_COLOR")
