"""A fake prompter: canned answers, each checked against the question it answers.

It refuses answers the way the real prompts do (a check's reason, a disabled option) and then
takes the next canned answer for the same question, so a script can show a bad answer re-asked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from npsworkshop.review.prompts import Check, Heading, Option

T = TypeVar("T")


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


ENTER = _Marker("ENTER")
"""Accept what the prompt offers: the default text (typing "" does the same), the pointed-at
option, the ticked boxes."""

CTRL_C = _Marker("CTRL_C")
"""Abandon the question."""

Script = list[tuple[str, Any]]


class ScriptedPrompter:
    """Answers questions from a script of (part of the question, answer) pairs."""

    def __init__(self, script: Script) -> None:
        self.script: deque[tuple[str, Any]] = deque(script)
        self.lines: list[str] = []
        self.asked: list[str] = []
        self.refused: list[tuple[str, str]] = []

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    @property
    def finished(self) -> bool:
        return not self.script

    def _next(self, kind: str, message: str) -> Any:
        if not self.script:
            raise AssertionError(f"the script has no answer for {kind} {message!r}")
        expected, answer = self.script.popleft()
        if expected.casefold() not in message.casefold():
            raise AssertionError(
                f"the script expected a question about {expected!r}, but was asked {kind} "
                f"{message!r} (answered so far: {self.asked})"
            )
        self.asked.append(message)
        return answer

    def say(self, text: str = "") -> None:
        self.lines += text.split("\n")

    def text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        instruction: str | None = None,
    ) -> str | None:
        while True:
            answer = self._next("text", message)
            if answer is CTRL_C:
                return None
            # as at the real prompt: nothing typed is the default; anything typed replaces it
            value = default if answer is ENTER or answer == "" else str(answer)
            reason = check(value) if check else None
            if reason is None:
                return value
            self.refused.append((message, reason))

    def select(
        self, message: str, options: Sequence[Option[T]], *, default: T | None = None
    ) -> T | None:
        while True:
            answer = self._next("select", message)
            if answer is CTRL_C:
                return None
            if answer is ENTER:
                enabled = [o for o in options if not o.disabled]
                chosen = next((o for o in enabled if o.value == default), enabled[0])
            else:
                matches = [o for o in options if answer in (o.value, o.title)]
                if not matches:
                    offered = [o.value for o in options]
                    raise AssertionError(f"{answer!r} is not offered by {message!r}: {offered}")
                chosen = matches[0]
            if chosen.disabled:
                self.refused.append((message, chosen.disabled))
                continue
            return chosen.value

    def checkbox(
        self,
        message: str,
        options: Sequence[Option[T] | Heading],
        *,
        check: Callable[[list[T]], str | None] | None = None,
    ) -> list[T] | None:
        offered = [o for o in options if isinstance(o, Option)]
        while True:
            answer = self._next("checkbox", message)
            if answer is CTRL_C:
                return None
            if answer is ENTER:
                values = [o.value for o in offered if o.checked]
            else:
                values = [o.value for o in offered if o.value in answer]
                if len(values) != len(answer):
                    raise AssertionError(f"{answer!r} is not all offered by {message!r}")
            reason = check(values) if check else None
            if reason is None:
                return values
            self.refused.append((message, reason))

    def confirm(self, message: str, *, default: bool) -> bool | None:
        answer = self._next("confirm", message)
        if answer is CTRL_C:
            return None
        return default if answer is ENTER else bool(answer)
