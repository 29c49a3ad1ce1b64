"""The one date parser: strict ISO dates in files and on the command line; the app and the quick
review also take DD/MM/YYYY as people in England write it (never the US month-first order), and
both echo ISO back. Every message names the value given."""

from __future__ import annotations

import re
from datetime import date, datetime

ISO_HINT = "YYYY-MM-DD, for example 2028-03-31"
TYPED_HINT = "DD/MM/YYYY or YYYY-MM-DD, for example 31/03/2028"
# Dates a procurement workshop can mean: anything else is a slip (a Unix timestamp, year 9999).
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _made(value: object, year: str, month: str, day: str, hint: str) -> date:
    try:
        made = date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"{value!r} is not a date in the calendar; write it as {hint}") from None
    return in_range(made, value)


def in_range(when: date, value: object = None) -> date:
    """`when`, refused outside the years a workshop can mean."""
    if not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
        shown = when.isoformat() if value is None else value
        raise ValueError(f"{shown!r}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return when


def iso_date(value: object) -> date:
    """A date given as YYYY-MM-DD text (or a date object); ValueError naming the value otherwise.

    Numbers (a Unix timestamp), date-times and other spellings are refused, never guessed."""
    if isinstance(value, datetime) or not isinstance(value, date | str):
        raise ValueError(f"{value!r} is not a date; write it as {ISO_HINT}")
    if isinstance(value, date):
        return in_range(value)
    found = _ISO.match(value)
    if found is None:
        raise ValueError(f"{value!r} is not a date; write it as {ISO_HINT}")
    return _made(value, found[1], found[2], found[3], ISO_HINT)


def typed_date(text: str) -> date | None:
    """A date a person typed in the app or the review: DD/MM/YYYY or YYYY-MM-DD, spaces around
    ignored; None when blank; ValueError naming the value otherwise (31.03.2028, 03/31/2028)."""
    value = text.strip()
    if not value:
        return None
    uk = _UK.match(value)
    if uk is not None:
        return _made(value, uk[3], uk[2], uk[1], TYPED_HINT)
    if _ISO.match(value):
        return iso_date(value)
    raise ValueError(f"{value!r} is not a date; write it as {TYPED_HINT}")
