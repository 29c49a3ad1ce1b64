"""The prompt layer: four kinds of question and plain output, behind a protocol tests can fake.

Every question returns None when the person presses Ctrl-C (or Ctrl-D); `answered` turns that
into `Stopped`, which ends the review with everything answered so far kept.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TextIO, TypeVar

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

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


class QuestionaryPrompter:
    """Real prompts in the terminal (questionary over prompt_toolkit).

    `input` and `output` are prompt_toolkit's (tests pass a pipe input and a DummyOutput);
    `stream` receives what the review says between questions.
    """

    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        stream: TextIO | None = None,
        colour: bool | None = None,
    ) -> None:
        self._stream = stream
        self._colour = colour_wanted() if colour is None else colour
        self._options: dict[str, Any] = {}
        if input is not None:
            self._options["input"] = input
        if output is not None:
            self._options["output"] = output

    def _style(self) -> dict[str, Any]:
        """No colour at all under NO_COLOR: a plain style and one-bit colour depth."""
        if self._colour:
            return {}
        from prompt_toolkit.output import ColorDepth
        from questionary import Style

        plain = Style(
            [
                ("qmark", "noinherit"),
                ("question", "noinherit bold"),
                ("answer", "noinherit bold"),
                ("pointer", "noinherit bold"),
                ("highlighted", "noinherit bold"),
                ("selected", "noinherit"),
                ("separator", "noinherit"),
                ("instruction", "noinherit"),
                ("text", "noinherit"),
                ("disabled", "noinherit"),
                ("validation-toolbar", "noinherit reverse"),
                ("bottom-toolbar", "noinherit reverse"),
            ]
        )
        return {"style": plain, "color_depth": ColorDepth.DEPTH_1_BIT}

    @staticmethod
    def _ask(question: Any) -> Any:
        try:
            return question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            return None

    def say(self, text: str = "") -> None:
        stream = self._stream or sys.stdout
        stream.write(printable(text) + "\n")
        stream.flush()

    def text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        instruction: str | None = None,
    ) -> str | None:
        import questionary

        def validate(value: str) -> bool | str:
            reason = check(value) if check else None
            return reason or True

        answer = self._ask(
            questionary.text(
                message,
                default=default,
                validate=validate,
                instruction=instruction,
                **self._style(),
                **self._options,
            )
        )
        return None if answer is None else str(answer)

    def select(
        self, message: str, options: Sequence[Option[T]], *, default: T | None = None
    ) -> T | None:
        import questionary

        shortcuts = len(options) <= 9
        # Numbered by position, so a disabled option does not shift the numbers after it.
        choices = [
            questionary.Choice(
                o.title,
                value=index,
                disabled=o.disabled,
                shortcut_key=str(index + 1) if shortcuts else True,
            )
            for index, o in enumerate(options)
        ]
        values = [o.value for o in options]
        start = values.index(default) if default is not None and default in values else None
        if start is None or options[start].disabled:
            start = next(i for i, o in enumerate(options) if not o.disabled)
        picked = self._ask(
            questionary.select(
                message,
                choices=choices,
                default=choices[start],
                use_shortcuts=shortcuts,
                use_jk_keys=not shortcuts,
                instruction="(arrow keys or a number, then Enter)"
                if shortcuts
                else "(arrow keys, then Enter)",
                **self._style(),
                **self._options,
            )
        )
        return None if picked is None else options[int(picked)].value

    def checkbox(
        self,
        message: str,
        options: Sequence[Option[T] | Heading],
        *,
        check: Callable[[list[T]], str | None] | None = None,
    ) -> list[T] | None:
        import questionary

        choices: list[Any] = []
        values: list[T] = []
        for item in options:
            if isinstance(item, Heading):
                choices.append(questionary.Separator(item.title))
                continue
            choices.append(
                questionary.Choice(
                    item.title, value=len(values), checked=item.checked, disabled=item.disabled
                )
            )
            values.append(item.value)

        def validate(picked: list[Any]) -> bool | str:
            reason = check([values[i] for i in picked]) if check else None
            return reason or True

        picked = self._ask(
            questionary.checkbox(
                message,
                choices=choices,
                validate=validate,
                instruction="(space ticks or unticks, a ticks or unticks all, Enter when done)",
                **self._style(),
                **self._options,
            )
        )
        return None if picked is None else [values[i] for i in picked]

    def confirm(self, message: str, *, default: bool) -> bool | None:
        import questionary

        answer = self._ask(
            questionary.confirm(message, default=default, **self._style(), **self._options)
        )
        return None if answer is None else bool(answer)
