"""The command palette (ctrl+p): each screen offers its own commands, such as jump to an area."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from npsworkshop.tui.literal import literal


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    run: Callable[[], object]


@runtime_checkable
class OffersCommands(Protocol):
    def palette_commands(self) -> Iterable[PaletteCommand]: ...


class ScreenCommands(Provider):
    """The commands of the screen the palette was opened from."""

    def _commands(self) -> list[PaletteCommand]:
        screen = self.screen
        return list(screen.palette_commands()) if isinstance(screen, OffersCommands) else []

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                literal(command.title), command.run, text=command.title, help=command.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, command.title),
                    command.run,
                    text=command.title,
                    help=command.help,
                )


def highlighted(matcher: Matcher, title: str) -> Content:
    """The title as written, with the letters the query matched highlighted (Textual's own
    `Matcher.highlight` would read the title as markup)."""
    content = literal(title)
    if content.plain != title:  # a control character was made visible: offsets no longer match
        return content
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
