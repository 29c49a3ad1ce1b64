"""Who a council is in the regional store: its GSS code, else its name; and its type.

Types use the ids the app and the review use (CONTRACT §9). Known synonyms map to those ids; any
other text is kept as written (lower-cased for grouping) and the original text is stored too.
"Borough council" and "city council" are not mapped: such councils may be districts or unitaries.
"""

from __future__ import annotations

import re
from typing import Final

GSS_CODE: Final = re.compile(r"^[EW]\d{8}$")

COUNCIL_TYPES: Final[tuple[str, ...]] = (
    "county",
    "district",
    "unitary",
    "metropolitan district",
    "london borough",
)

_SYNONYMS: Final[dict[str, str]] = {
    "county council": "county",
    "shire county": "county",
    "district council": "district",
    "shire district": "district",
    "non-metropolitan district": "district",
    "unitary authority": "unitary",
    "unitary council": "unitary",
    "metropolitan borough": "metropolitan district",
    "metropolitan borough council": "metropolitan district",
    "metropolitan district council": "metropolitan district",
    "metropolitan": "metropolitan district",
    "london borough council": "london borough",
    "london": "london borough",
}


def _words(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def council_type(text: str) -> str:
    """The type id for `text` ("Unitary Authority" -> "unitary"); other text lower-cased as is."""
    words = _words(text)
    if words in COUNCIL_TYPES:
        return words
    return _SYNONYMS.get(words, words)


def council_key(code: str | None, name: str) -> str:
    """The store's identity of a council: its GSS code when it has one, else its name's words."""
    return code.upper() if code else f"name:{_words(name)}"


def name_key(name: str) -> str:
    """The key a council without a code is filed under, for `--council NAME`."""
    return council_key(None, name)
