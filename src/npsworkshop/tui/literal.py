"""User and pack text on screen exactly as written: never read as markup, never as a terminal
escape. Every title, name, note or descriptor reaches a widget through `literal` (or, inside a
Rich Text being built, such as a DataTable cell, through `printable`); a bare string holding user
text is never handed to a widget, a toast or the command palette."""

from __future__ import annotations

import re

from textual.content import Content

# Control characters (an escape sequence could rewrite the screen or the window title) and
# bidirectional overrides are shown as Python escapes, as the command line shows them.
_UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with anything the terminal would act on made visible (`\\x1b` for an escape)."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def literal(text: str, style: str = "") -> Content:
    """Text for a widget, shown as written: `[b]x[/b]` stays `[b]x[/b]`, `$var` stays `$var`."""
    return Content.styled(printable(text), style) if style else Content(printable(text))
