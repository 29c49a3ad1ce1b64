"""The footer: every key the focused part of the screen answers to, wrapped onto a second line
when the terminal is narrow (Textual's own footer cuts keys off at 100 columns)."""

from __future__ import annotations

from itertools import groupby

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

GAP = 2  # spaces between one key and the next


class KeyFooter(Static):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.update(self.keys_text())

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.update(self.keys_text())

    def items(self) -> list[tuple[str, str, bool]]:
        """(keys, description, enabled) for each shown binding; a group shares one description."""
        app = self.app
        active = self.screen.active_bindings
        shown = [(binding, enabled) for _, binding, enabled, _ in active.values() if binding.show]
        items: list[tuple[str, str, bool]] = []
        for group, members in groupby(shown, key=lambda pair: pair[0].group):
            pairs = list(members)
            if group is not None and len(pairs) > 1:
                shown_keys = [app.get_key_display(binding) for binding, _ in pairs]
                digits = "".join(shown_keys)
                keys = (
                    f"{shown_keys[0]}-{shown_keys[-1]}"
                    if digits in "123456789"
                    else " ".join(shown_keys)
                )
                items.append((keys, group.description, any(enabled for _, enabled in pairs)))
            else:
                items += [(app.get_key_display(b), b.description, e) for b, e in pairs]
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None and app.ENABLE_COMMAND_PALETTE:
            binding: Binding = palette[1]
            items.append((app.get_key_display(binding), binding.description, palette[2]))
        return items

    def keys_text(self) -> Content:
        """The items, laid out in whole items per line so a key never parts from its meaning."""
        width = max(20, (self.size.width or self.app.size.width) - 2)
        lines: list[list[tuple[str, str, bool]]] = [[]]
        used = 0
        for item in self.items():
            length = len(item[0]) + 1 + len(item[1])
            if lines[-1] and used + GAP + length > width:
                lines.append([])
                used = 0
            used += (GAP if lines[-1] else 0) + length
            lines[-1].append(item)
        parts: list[tuple[str, str] | str] = []
        for number, line in enumerate(lines):
            if number:
                parts.append("\n")
            for index, (keys, description, enabled) in enumerate(line):
                if index:
                    parts.append(" " * GAP)
                parts.append((keys, "bold $footer-key-foreground" if enabled else "dim"))
                parts.append((f" {description}", "" if enabled else "dim"))
        return Content.assemble(*parts)
