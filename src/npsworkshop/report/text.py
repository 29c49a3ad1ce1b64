"""User text as data: clean it, and escape it wherever reportlab's Paragraph would read it.

Paragraph reads its text as XML-ish markup: `<b>`, `<font size=40>`, `<img src=...>` (which would
embed a local file), `<a href=...>` and entities are all live, and an unbalanced `<` aborts the
build. So the report keeps user and pack text away from it: table cells are plain strings and
running text is `flowables.Text` (`Sentence` where a piece is bold), all drawn as they are. A
Paragraph added later must build its markup from `escape`d pieces only.

Cleaning removes what cannot be printed or would mislead: C0/C1 control characters (newlines are
kept; tabs become spaces), lone surrogates, byte-order marks and the bidirectional embedding,
override and isolate controls that can make printed text read differently from what was stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_STRIP = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb"
    "\ufffe\uffff\ud800-\udfff]"
)
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SPACES = re.compile(r"[ \u00a0]*\n[ \u00a0]*")

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def clean(text: str | None) -> str:
    """`text` without control characters; line breaks kept as `\\n`, tabs as spaces."""
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    return _STRIP.sub("", text).strip()


def line(text: str | None) -> str:
    """`text` cleaned onto one line, for plain table cells, drawings and PDF metadata."""
    return " ".join(clean(text).split("\n"))


def escape(text: str) -> str:
    """Escape the three characters Paragraph treats as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blocks(text: str | None) -> list[str]:
    """`text` cleaned and split at blank lines into paragraphs (line breaks within kept)."""
    cleaned = clean(text)
    if not cleaned:
        return []
    return [_SPACES.sub("\n", block) for block in _BLANK_LINES.split(cleaned) if block.strip()]


def long_date(value: date | None, missing: str = "—") -> str:
    """`20 November 2026`, the way committee papers write dates, whatever the locale."""
    if value is None:
        return missing
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def short_date(value: date | None, missing: str = "—") -> str:
    """`20 Nov 2026`, for narrow table columns."""
    if value is None:
        return missing
    return f"{value.day} {_MONTHS[value.month - 1][:3]} {value.year}"


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def and_list(items: Iterable[str]) -> str:
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]
