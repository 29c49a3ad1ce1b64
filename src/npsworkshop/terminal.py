"""Text on its way to a terminal: user and pack text shown literally, never as control sequences."""

from __future__ import annotations

import re

# Control characters (an escape sequence could rewrite the screen or the window title) and
# bidirectional overrides and isolates, which can make text display as something it is not.
_UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every unprintable character shown as its Python escape (\\x1b, \\u202e)."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)
