"""A fake prompter: canned answers, each checked against the question it answers.

It refuses answers the way the real prompts do (a check's reason, a disabled option) and then
takes the next canned answer for the same question, so a script can show a bad answer re-asked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Any

from npsworkshop.review.prompts import Check, Option, Prompter, TickOptions, TicksCheck


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


class ScriptedPrompter(Prompter):
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

    def _ask_text(
        self, message: str, default: str, why: Check, instruction: str | None
    ) -> str | None:
        while True:
            answer = self._next("text", message)
            if answer is CTRL_C:
                return None
            typed = "" if answer is ENTER else str(answer)
            reason = why(typed)
            if reason is None:
                return typed
            self.refused.append((message, reason))

    def _ask_choice(
        self, message: str, options: Sequence[Option[Any]], start: int | None
    ) -> int | None:
        while True:
            answer = self._next("select", message)
            if answer is CTRL_C:
                return None
            if answer is ENTER:  # the default, else the pointer on the first that can be chosen
                enabled = [i for i, o in enumerate(options) if not o.disabled]
                return start if start is not None else enabled[0]
            matches = [i for i, o in enumerate(options) if answer in (o.value, o.title)]
            if not matches:
                offered = [o.value for o in options]
                raise AssertionError(f"{answer!r} is not offered by {message!r}: {offered}")
            chosen = options[matches[0]]
            if chosen.disabled:
                self.refused.append((message, chosen.disabled))
                continue
            return matches[0]

    def _ask_ticks(self, message: str, options: TickOptions, why: TicksCheck) -> list[int] | None:
        offered = [o for o in options if isinstance(o, Option)]
        while True:
            answer = self._next("checkbox", message)
            if answer is CTRL_C:
                return None
            if answer is ENTER:
                ticked = [i for i, o in enumerate(offered) if o.checked]
            else:
                ticked = [i for i, o in enumerate(offered) if o.value in answer]
                if len(ticked) != len(answer):
                    raise AssertionError(f"{answer!r} is not all offered by {message!r}")
            reason = why(ticked)
            if reason is None:
                return ticked
            self.refused.append((message, reason))

    def confirm(self, message: str, *, default: bool) -> bool | None:
        answer = self._next("confirm", message)
        if answer is CTRL_C:
            return None
        return default if answer is ENTER else bool(answer)
