"""The five level descriptors of an area side by side, lowest on the left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from npsworkshop.framework.levels import LEVELS
from npsworkshop.tui.literal import printable
from npsworkshop.tui.wording import level_label

if TYPE_CHECKING:
    from npsworkshop.framework.models import LevelDescriptors


class LevelColumns(Horizontal):
    """One column per level; the current level is marked ◀ and the ambition ▲."""

    DEFAULT_CSS = """
    LevelColumns {
        height: auto;
    }
    LevelColumns > .level-column {
        width: 1fr;
        height: auto;
        padding: 0 1 0 0;
        margin-right: 1;
    }
    LevelColumns > .level-column.-last {
        margin-right: 0;
    }
    LevelColumns > .level-column.-result {
        background: $warning 25%;
    }
    LevelColumns > .level-column.-ambition {
        background: $success 25%;
    }
    """

    def compose(self) -> ComposeResult:
        for level in LEVELS:
            yield Static("", id=f"level-{level}", classes="level-column")

    def on_mount(self) -> None:
        self.query_one(f"#level-{LEVELS[-1]}").add_class("-last")

    def show(
        self,
        descriptors: LevelDescriptors,
        *,
        current: str | None = None,
        ambition: str | None = None,
    ) -> None:
        for level in LEVELS:
            marks = ("◀" if level == current else "") + ("▲" if level == ambition else "")
            text = Text(level_label(level), style="bold reverse")
            text.append(f" {marks}" if marks else "", style="bold")
            text.append("\n")
            text.append(printable(descriptors.of(level)))
            column = self.query_one(f"#level-{level}", Static)
            column.update(text)
            column.set_class(level == current, "-result")
            column.set_class(level == ambition and level != current, "-ambition")
