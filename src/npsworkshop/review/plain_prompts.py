"""The review's questions as plain numbered lines: for screen readers and terminals that cannot
redraw (TERM=dumb).

Nothing is redrawn and nothing is drawn with symbols: each question is a numbered line, choices
are numbered lines with "(chosen)" in words, and the answer is a line read from the terminal.
A refused answer is said on the next line and asked for again.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from npsworkshop.review.prompts import Heading, Option, Prompter, printable

if TYPE_CHECKING:
    from npsworkshop.review.prompts import Check, TickOptions, TicksCheck

YES = ("y", "yes")
NO = ("n", "no")


def plain_terminal(environ: Mapping[str, str]) -> bool:
    """True when the terminal cannot redraw a menu in place (no TERM, or TERM=dumb)."""
    return environ.get("TERM", "").strip().lower() in ("", "dumb", "unknown")


class PlainPrompter(Prompter):
    """Numbered questions read line by line from `input`, written to `output`."""

    def __init__(self, *, input: TextIO | None = None, output: TextIO | None = None) -> None:
        self._in = input or sys.stdin
        self._out = output or sys.stdout
        self.asked = 0

    def _write(self, *lines: str) -> None:
        for line in lines:
            self._out.write(line + "\n")
        self._out.flush()

    def _question(self, message: str, *lines: str) -> None:
        self.asked += 1
        self._write("", f"Question {self.asked}. {printable(message)}", *lines)

    def _read(self, why: Callable[[str], str | None]) -> str | None:
        """A line, asked for again (with the reason) until `why` has nothing against it; None
        on Ctrl-C or at the end of input."""
        while True:
            self._out.write("> ")
            self._out.flush()
            try:
                line = self._in.readline()
            except KeyboardInterrupt:
                self._write("")
                return None
            if not line:
                return None
            answer = line.rstrip("\r\n")
            reason = why(answer)
            if reason is None:
                return answer
            self._write(f"Not accepted: {printable(reason)}")

    def say(self, text: str = "") -> None:
        self._write(printable(text))

    def _ask_text(
        self, message: str, default: str, why: Check, instruction: str | None
    ) -> str | None:
        hints = [printable(instruction)] if instruction else []
        if default:
            hints.append(f"Press Enter for: {printable(default)}")
        self._question(message, *hints)
        return self._read(why)

    def _ask_choice(
        self, message: str, options: Sequence[Option[Any]], start: int | None
    ) -> int | None:
        lines = []
        for number, option in enumerate(options, start=1):
            unavailable = f" (cannot be chosen: {option.disabled})" if option.disabled else ""
            lines.append(f"  {number}. {printable(option.title)}{unavailable}")
        enter = (
            f"; press Enter for {start + 1}, {printable(options[start].title)}"
            if start is not None
            else ""
        )
        self._question(message, *lines, f"Type a number from 1 to {len(options)}{enter}.")

        def choice(answer: str) -> int | None:
            text = answer.strip().rstrip(".")
            if not text and start is not None:
                return start + 1
            return int(text) if text.isdigit() else None

        def why(answer: str) -> str | None:
            chosen = choice(answer)
            if chosen is None or not 1 <= chosen <= len(options):
                return f"{answer.strip() or 'nothing'} is not one of the choices: type 1 to {len(options)}"
            if options[chosen - 1].disabled:
                return f"{chosen} cannot be chosen: {options[chosen - 1].disabled}"
            return None

        answer = self._read(why)
        chosen = None if answer is None else choice(answer)
        return None if chosen is None else chosen - 1

    def _ask_ticks(self, message: str, options: TickOptions, why: TicksCheck) -> list[int] | None:
        offered = [o for o in options if isinstance(o, Option)]
        lines = []
        for item in options:
            if isinstance(item, Heading):
                lines.append(f"  {printable(item.title)}")
                continue
            number = offered.index(item) + 1
            mark = " (chosen)" if item.checked else ""
            unavailable = f" (cannot be chosen: {item.disabled})" if item.disabled else ""
            lines.append(f"    {number}. {printable(item.title)}{mark}{unavailable}")
        example = f"1-{min(len(offered), 4)} for a range, " if len(offered) > 1 else ""
        self._question(
            message,
            *lines,
            f"Type the numbers you want, with spaces or commas between them ({example}"
            "all for every one, none for none); press Enter to keep the ones marked chosen.",
        )

        def picked(answer: str) -> list[int] | str:
            """The indices of the numbers chosen, or why the answer cannot be read."""
            text = answer.strip().lower()
            if not text:
                return [i for i, o in enumerate(offered) if o.checked]
            if text == "all":
                return [i for i, o in enumerate(offered) if not o.disabled]
            if text == "none":
                return []
            numbers: list[int] = []
            for part in re.split(r"[\s,]+", text):
                bounds = part.split("-", 1)
                if not all(b.isdigit() for b in bounds):
                    return f"{part} is not a number"
                first, last = int(bounds[0]), int(bounds[-1])
                for chosen in range(first, last + 1):
                    if not 1 <= chosen <= len(offered):
                        return f"{chosen} is not one of the choices: type 1 to {len(offered)}"
                    if offered[chosen - 1].disabled:
                        return f"{chosen} cannot be chosen: {offered[chosen - 1].disabled}"
                    if chosen not in numbers:
                        numbers.append(chosen)
            return [n - 1 for n in sorted(numbers)]

        def refused(answer: str) -> str | None:
            ticked = picked(answer)
            return ticked if isinstance(ticked, str) else why(ticked)

        answer = self._read(refused)
        if answer is None:
            return None
        ticked = picked(answer)
        assert not isinstance(ticked, str)  # `refused` accepted it
        return ticked

    def confirm(self, message: str, *, default: bool) -> bool | None:
        self._question(message, f"Type y or n; press Enter for {'y' if default else 'n'}.")

        def why(answer: str) -> str | None:
            text = answer.strip().lower()
            return None if not text or text in YES + NO else "type y for yes or n for no"

        answer = self._read(why)
        if answer is None:
            return None
        text = answer.strip().lower()
        return default if not text else text in YES
