"""Lines of text as PDF text-showing operators in an embedded TrueType font, quickly.

reportlab encodes every line character by character into the font's subset codes (assigning a
code to each character on first use), which is the costliest step of drawing a long plan. Here
a line whose characters all have codes already in the first subset is encoded with one
`str.translate`; any other line goes through reportlab's own `splitString`, which assigns the
new codes, and the table is brought up to date. Either way the operators are exactly the ones
reportlab's text object writes.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics

NBSP, SPACE = 0xA0, 0x20


class LineEncoder:
    """Encodes lines in one registered TrueType font for one document (`doc`, the canvas's)."""

    def __init__(self, font_name: str, doc: Any) -> None:
        self.font = pdfmetrics.getFont(font_name)
        self.doc = doc
        self.embedded = bool(getattr(self.font, "_dynamicFont", False))
        self._table: dict[int, int] = {}
        self._chars: frozenset[str] = frozenset()
        self._seen = -1

    def operators(self, text: str, size: str) -> str:
        """`text` as `/F1+0 <size> (...) Tj` (with a font switch per subset it uses); `size` is
        the `<size> Tf <leading> TL` part. "" when the font is not embedded TrueType, or for
        an empty line (the text object draws those as reportlab always has)."""
        if not self.embedded or not text:
            return ""
        self._refresh()
        if self._chars.issuperset(text):
            name = self.font.getSubsetInternalName(0, self.doc)
            encoded = text.translate(self._table).encode("latin-1")
            return f"{name} {size} ({escapePDF(encoded)}) Tj"
        parts: list[str] = []
        current = -1
        for subset, chunk in self.font.splitString(text, self.doc):
            if subset != current:
                parts.append(f"{self.font.getSubsetInternalName(subset, self.doc)} {size}")
                current = subset
            parts.append(f"({escapePDF(chunk)}) Tj")
        return " ".join(parts)

    def _refresh(self) -> None:
        """The characters whose codes are in subset 0, from the font's state for this document
        (rebuilt only when reportlab has assigned more codes since)."""
        state = self.font.state.get(self.doc)
        assignments: dict[int, int] = state.assignments if state is not None else {}
        if len(assignments) == self._seen:
            return
        table = {char: code for char, code in assignments.items() if code < 256}
        if SPACE in table:
            table[NBSP] = table[SPACE]  # reportlab draws a no-break space as a space
        self._table = table
        self._chars = frozenset(map(chr, table))
        self._seen = len(assignments)
