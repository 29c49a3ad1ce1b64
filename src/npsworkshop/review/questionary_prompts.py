"""The review's questions as questionary prompts, with the changes a team in a room asked for.

- A default is shown in place as a placeholder: Enter takes it, typing replaces it (questionary
  pre-fills it, so typing appended to it).
- A refused answer is explained on the line under the question, not on the terminal's bottom row.
- A number that is not one of the choices (or is one that cannot be chosen) is refused, and so
  is the Enter after it, instead of Enter taking whatever the pointer was on.
- Escape sequences typed or pasted in never reach prompt_toolkit's mouse handler, which raised
  on them and printed a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from npsworkshop.review.prompts import Heading, Option, Prompter, colour_wanted, printable

if TYPE_CHECKING:
    from prompt_toolkit.application import Application
    from prompt_toolkit.input import Input
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.output import Output
    from questionary.prompts.common import InquirerControl

    from npsworkshop.review.prompts import Check, TickOptions, TicksCheck

DIGITS = "0123456789"


class QuestionaryPrompter(Prompter):
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
        """A dim placeholder; no colour at all under NO_COLOR (a plain style, one-bit depth)."""
        from questionary import Style

        if self._colour:
            return {"style": Style([("placeholder", "fg:ansibrightblack italic")])}
        from prompt_toolkit.output import ColorDepth

        plain = Style(
            [
                (name, f"noinherit {extra}".strip())
                for name, extra in (
                    ("qmark", ""),
                    ("question", "bold"),
                    ("answer", "bold"),
                    ("pointer", "bold"),
                    ("highlighted", "bold"),
                    ("selected", ""),
                    ("separator", ""),
                    ("instruction", ""),
                    ("text", ""),
                    ("disabled", ""),
                    ("placeholder", "italic"),
                    ("validation-toolbar", "reverse"),
                    ("bottom-toolbar", "reverse"),
                )
            ]
        )
        return {"style": plain, "color_depth": ColorDepth.DEPTH_1_BIT}

    @staticmethod
    def _ask(question: Any, *more: KeyBindings) -> Any:
        """Ask, with escape sequences made harmless and `more` bindings on top; None on Ctrl-C."""
        from prompt_toolkit.key_binding import merge_key_bindings

        application: Application[Any] = question.application
        bindings = [application.key_bindings] if application.key_bindings else []
        application.key_bindings = merge_key_bindings([*bindings, _harmless_escapes(), *more])
        try:
            return question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            return None

    def say(self, text: str = "") -> None:
        stream = self._stream or sys.stdout
        stream.write(printable(text) + "\n")
        stream.flush()

    def _ask_text(
        self, message: str, default: str, why: Check, instruction: str | None
    ) -> str | None:
        import questionary
        from prompt_toolkit.formatted_text import FormattedText

        question = questionary.text(
            message,
            validate=lambda typed: why(typed) or True,
            instruction=instruction,
            placeholder=FormattedText([("class:placeholder", printable(default))]),
            **self._style(),
            **self._options,
        )
        _errors_under_the_answer(question.application)
        answer = self._ask(question)
        return None if answer is None else str(answer)

    def _ask_choice(
        self, message: str, options: Sequence[Option[Any]], start: int | None
    ) -> int | None:
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
        if start is None:  # the pointer has to start somewhere: the first that can be chosen
            start = next(i for i, o in enumerate(options) if not o.disabled)
        question = questionary.select(
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
        control = _errors_under_the_answer(question.application)
        checked = [_numbers_checked(control, options)] if control is not None else []
        picked = self._ask(question, *checked)
        return None if picked is None else int(picked)

    def _ask_ticks(self, message: str, options: TickOptions, why: TicksCheck) -> list[int] | None:
        import questionary

        choices: list[Any] = []
        offered = 0  # each option's value is its index among the options
        for item in options:
            if isinstance(item, Heading):
                choices.append(questionary.Separator(item.title))
                continue
            choices.append(
                questionary.Choice(
                    item.title, value=offered, checked=item.checked, disabled=item.disabled
                )
            )
            offered += 1
        question = questionary.checkbox(
            message,
            choices=choices,
            validate=lambda ticked: why([int(i) for i in ticked]) or True,
            instruction="(space ticks or unticks, a ticks or unticks all, Enter when done)",
            **self._style(),
            **self._options,
        )
        _errors_under_the_answer(question.application)
        ticked = self._ask(question)
        return None if ticked is None else [int(i) for i in ticked]

    def confirm(self, message: str, *, default: bool) -> bool | None:
        import questionary

        answer = self._ask(
            questionary.confirm(message, default=default, **self._style(), **self._options)
        )
        return None if answer is None else bool(answer)


def _errors_under_the_answer(application: Application[Any]) -> InquirerControl | None:
    """Keep a refusal on the line under the question.

    A text prompt's input line grows to fill the terminal (its error then lands on the bottom
    row): it keeps to its own height. A list's error line (questionary puts a whole prompt there,
    which grows the same way) is replaced by one line under the choices. Returns the list's
    control, whose `error_message` that line shows.
    """
    from prompt_toolkit.filters import Always, Condition
    from prompt_toolkit.layout import ConditionalContainer, HSplit, Window
    from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
    from questionary.prompts.common import InquirerControl

    windows = list(application.layout.find_all_windows())
    for window in windows:
        if isinstance(window.content, BufferControl):
            window.dont_extend_height = Always()
    control = next((w.content for w in windows if isinstance(w.content, InquirerControl)), None)
    root = application.layout.container
    if control is None or not isinstance(root, HSplit):
        return None
    shown = control

    def error() -> Any:
        return shown.error_message or ""

    root.children[-1] = ConditionalContainer(
        Window(FormattedTextControl(error), dont_extend_height=True, wrap_lines=True),
        filter=Condition(lambda: shown.error_message is not None),
    )
    return control


def _numbers_checked(control: InquirerControl, options: Sequence[Option[Any]]) -> KeyBindings:
    """Digits, arrows and Enter for a list: a digit that picks nothing is refused, with a reason
    under the choices, and so is Enter until a choice is made (questionary ignored the digit,
    and Enter then took whatever the pointer was on)."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()
    refusal: list[str] = []

    def settle(reason: str | None) -> None:
        refusal[:] = [reason] if reason else []
        shown = f"{reason}; use the arrow keys or a number" if reason else None
        control.error_message = shown  # type: ignore[assignment]  # questionary types it None

    def digit(event: KeyPressEvent) -> None:
        number = int(event.data)
        if len(options) > len(DIGITS) - 1:
            settle("numbers do not choose in this list")
        elif not 1 <= number <= len(options):
            settle(f"{number} is not one of the choices")
        elif options[number - 1].disabled:
            option = options[number - 1]
            settle(f"{number}, {printable(option.title)}, cannot be chosen: {option.disabled}")
        else:
            control.pointed_at = number - 1
            settle(None)

    def move(by: int) -> Callable[[KeyPressEvent], None]:
        def moved(_event: KeyPressEvent) -> None:
            step = control.select_next if by > 0 else control.select_previous
            step()
            while not control.is_selection_valid():
                step()
            settle(None)

        return moved

    for key in DIGITS:
        bindings.add(key, eager=True)(digit)
    for key, by in ((Keys.Down, 1), (Keys.Up, -1), ("j", 1), ("k", -1)):
        bindings.add(key, eager=True)(move(by))

    @bindings.add(Keys.ControlM, eager=True)
    def enter(event: KeyPressEvent) -> None:
        if refusal:
            return
        control.is_answered = True
        event.app.exit(result=control.get_pointed_at().value)

    return bindings


def _harmless_escapes() -> KeyBindings:
    """Mouse reports are not asked for, so any that arrive were typed or pasted in (an escape
    sequence such as ESC [ 3 1 m reads as one): ignore them rather than let prompt_toolkit's
    handler raise on them and print a traceback."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.Vt100MouseEvent, eager=True)
    @bindings.add(Keys.WindowsMouseEvent, eager=True)
    def ignore(_event: KeyPressEvent) -> None:
        return None

    return bindings
