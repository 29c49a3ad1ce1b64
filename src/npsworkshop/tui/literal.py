"""User and pack text on screen exactly as written: never read as markup, never as a terminal
escape. Every title, name, note or descriptor reaches a widget through `literal` (or, inside a
Rich Text being built, such as a DataTable cell, through `printable`); a bare string holding user
text is never handed to a widget, a toast or the command palette."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from npsworkshop.terminal import printable

__all__ = ["literal", "printable", "show"]


def literal(text: str, style: str = "") -> Content:
    """Text for a widget, shown as written: `[b]x[/b]` stays `[b]x[/b]`, `$var` stays `$var`."""
    return Content.styled(printable(text), style) if style else Content(printable(text))


def show(widget: Static, content: Content | Text) -> None:
    """Put `content` in `widget` only when it differs from what is there: an unchanged update
    still re-lays out the screen, which a rating must not pay for on every keypress."""
    if widget.content != content:
        widget.update(content)
