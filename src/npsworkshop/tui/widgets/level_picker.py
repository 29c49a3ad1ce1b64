"""Choose one of the five levels: arrow keys and Enter, or the level's number alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from npsworkshop.framework.levels import LEVELS, LevelId, ordinal
from npsworkshop.tui.level_keys import level_bindings
from npsworkshop.tui.wording import level_label

if TYPE_CHECKING:
    from npsworkshop.framework.models import Pack


class LevelPicker(OptionList):
    """The highlighted level is the choice; levels that may not be chosen are shown disabled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *level_bindings("choose", "Choose level", "level_picker.choose", "Choose {level}")
    ]

    def __init__(
        self,
        chosen: str,
        pack: Pack,
        *,
        lowest: str | None = None,
        notes: dict[str, str] | None = None,
        id: str | None = None,
    ) -> None:
        notes = notes or {}
        floor = ordinal(lowest) if lowest else 1
        options = []
        for level in LEVELS:
            label = Text(level_label(level, pack), style="bold")
            if level in notes:
                label.append(f"  {notes[level]}", style="italic")
            if ordinal(level) < floor:
                label.append("  below the current level", style="dim")
            options.append(Option(label, id=level, disabled=ordinal(level) < floor))
        super().__init__(*options, id=id, compact=True)
        self._initial = chosen if ordinal(chosen) >= floor else LEVELS[floor - 1]

    def on_mount(self) -> None:
        self.highlighted = self.get_option_index(self._initial)

    @property
    def value(self) -> LevelId:
        option = self.highlighted_option
        chosen = option.id if option is not None and option.id else self._initial
        return LEVELS[ordinal(chosen) - 1]

    def action_choose(self, number: int) -> None:
        """A digit chooses its level and moves on, as Enter does (and as a digit in the ratings
        grid records and moves on): a date typed next goes to the date, never to the level."""
        option = self.get_option(LEVELS[number - 1])
        if option.disabled:
            self.notify(
                "An ambition cannot be below the current level; choose that level or a higher one.",
                title="Nothing changed",
                timeout=4,
            )
        else:
            self.highlighted = self.get_option_index(LEVELS[number - 1])
            self.action_select()
