"""The prompt layer: four kinds of question and plain output, behind a protocol tests can fake.

Two prompters implement it: `questionary_prompts.QuestionaryPrompter` (menus redrawn in place)
and `plain_prompts.PlainPrompter` (numbered lines, for screen readers and terminals that cannot
redraw). Every question returns None when the person presses Ctrl-C (or Ctrl-D); `answered`
turns that into `Stopped`, which ends the review with everything answered so far kept. A text
question's `default` is what Enter gives; anything typed replaces it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")

Check = Callable[[str], str | None]
"""Why a typed answer is refused, or None when it is acceptable."""

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


class Stopped(Exception):
    """The person stopped the review at a question (Ctrl-C)."""


def answered(value: T | None) -> T:
    """The answer, or `Stopped` when the question was abandoned."""
    if value is None:
        raise Stopped
    return value


class Prompter(Protocol):
    """What the review needs from a terminal."""

    def say(self, text: str = "") -> None: ...

    def text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        instruction: str | None = None,
    ) -> str | None: ...

    def select(
        self, message: str, options: Sequence[Option[T]], *, default: T | None = None
    ) -> T | None: ...

    def checkbox(
        self,
        message: str,
        options: Sequence[Option[T] | Heading],
        *,
        check: Callable[[list[T]], str | None] | None = None,
    ) -> list[T] | None: ...

    def confirm(self, message: str, *, default: bool) -> bool | None: ...


def colour_wanted(environ: dict[str, str] | None = None) -> bool:
    """False when NO_COLOR is set to anything non-empty (https://no-color.org)."""
    return not (environ if environ is not None else os.environ).get("NO_COLOR")
