"""The five level descriptors of an area, one row each, lowest first: compact so the ratings grid
below stays in view. The current level (or, with `full`, every level) is shown in full; the others
are cut to one line at a word boundary. Words are never broken in the middle."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from npsworkshop.framework.levels import LEVELS
from npsworkshop.tui.literal import printable
from npsworkshop.tui.wording import level_label

if TYPE_CHECKING:
    from npsworkshop.framework.models import LevelDescriptors, Pack

TITLE_WIDTH = 15  # "5 Innovator ◀▲ " and room for a pack's longer titles


@dataclass(frozen=True)
class LevelsShown:
    descriptors: LevelDescriptors
    pack: Pack
    current: str | None
    ambition: str | None


def one_line(text: str, width: int) -> str:
    """`text` cut at a word boundary to fit `width` columns, with … when something was cut."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    return textwrap.shorten(flat, max(width, 2), placeholder=" …")


def wrapped(text: str, width: int) -> list[str]:
    """`text` wrapped at spaces and hyphens, never inside a word."""
    return textwrap.wrap(
        " ".join(text.split()), max(width, 10), break_long_words=False, break_on_hyphens=True
    ) or [""]


class LevelRows(Widget):
    """One row per level; the current level is marked ◀ and the ambition ▲."""

    DEFAULT_CSS = """
    LevelRows {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: LevelsShown | None = None
        self.full = False
        """Every descriptor in full (the facilitator asked for them)."""

    def show(
        self,
        descriptors: LevelDescriptors,
        pack: Pack,
        *,
        current: str | None = None,
        ambition: str | None = None,
    ) -> None:
        shown = LevelsShown(descriptors, pack, current, ambition)
        if shown != self.shown:
            self.shown = shown
            self.refresh(layout=True)

    def toggle_full(self) -> None:
        self.full = not self.full
        self.refresh(layout=True)

    def render(self) -> Text:
        shown = self.shown
        text = Text(no_wrap=True, overflow="ellipsis")
        if shown is None:
            return text
        room = max(20, self.size.width - TITLE_WIDTH)
        for index, level in enumerate(LEVELS):
            marks = ("◀" if level == shown.current else "") + (
                "▲" if level == shown.ambition else ""
            )
            title = f"{level_label(level, shown.pack)} {marks}"
            style = "bold" if level in (shown.current, shown.ambition) else ""
            descriptor = printable(shown.descriptors.of(level))
            full = self.full or level == shown.current
            lines = wrapped(descriptor, room) if full else [one_line(descriptor, room)]
            if index:
                text.append("\n")
            text.append(
                f"{title:<{TITLE_WIDTH}}"[:TITLE_WIDTH],
                style="bold reverse" if level == shown.current else "bold",
            )
            text.append(lines[0], style=style)
            for line in lines[1:]:
                text.append("\n" + " " * TITLE_WIDTH)
                text.append(line, style=style)
        return text
