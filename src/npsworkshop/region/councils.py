"""Who a council is in the regional store: its GSS code, else its name; and its type.

A name is compared by its words, Unicode-normalised (NFKC) and case-folded, so "Café" typed
either way and "ALPHA  council" are one name. A name and a code name one council: once a session
carries a code, sessions of that name published without one count as that council
(`council_alias`), and one name is never filed under two codes.

Types use the ids the app and the review use (CONTRACT §9). Known synonyms map to those ids; any
other text is kept as written (lower-cased for grouping) and the original text is stored too.
"Borough council" and "city council" are not mapped: such councils may be districts or unitaries.
"""

from __future__ import annotations

import re
import unicodedata
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


KEY_MAX: Final = 300  # the store's column for a council's key


def name_words(name: str) -> str:
    """A council's name as compared: NFKC, case folded, one space between words."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return _words(folded)


def council_key(code: str | None, name: str) -> str:
    """The store's identity of a council: its GSS code when it has one, else its name's words."""
    return code.upper() if code else f"name:{name_words(name)}"


def name_key(name: str) -> str:
    """The key a council without a code is filed under, for `--council NAME`."""
    return council_key(None, name)
