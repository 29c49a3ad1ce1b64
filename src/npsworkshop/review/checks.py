"""Checks on typed answers: the same limits the service enforces, refused at the prompt with a reason."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from npsworkshop.errors import describe_validation_error
from npsworkshop.review.prompts import Check
from npsworkshop.workshop import inputs

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")
DATE_HINT = "YYYY-MM-DD, e.g. 2028-03-31"
NO_DATE = "none"
"""Typed for an optional date that offers a default: Enter takes the default, this gives none."""

Kind = Literal["required-line", "line", "title", "required-text"]
_TYPES: dict[Kind, Any] = {
    "required-line": inputs.RequiredLine,
    "line": inputs.Line,
    "title": inputs.Title,
    "required-text": inputs.RequiredText,
}


@functools.cache
def _adapter(kind: Kind) -> TypeAdapter[Any]:
    return TypeAdapter(_TYPES[kind])


def text_check(what: str, kind: Kind = "required-line") -> Check:
    """Refuse what the service would refuse for this kind of field, naming `what` it is."""

    def check(value: str) -> str | None:
        try:
            _adapter(kind).validate_python(value)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            if error["type"] == "string_too_long":
                limit = (error.get("ctx") or {}).get("max_length")
                return f"{what} is too long (at most {limit} characters)"
            return f"{what} {describe_validation_error(exc)[0]}"
        return None

    return check


def parse_date(value: str) -> date:
    """A date as people in England write it: 2028-03-31 or 31/03/2028; ValueError otherwise."""
    text = re.sub(r"\s+", "", value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{value.strip()!r} is not a date; write it as {DATE_HINT}")


def no_date(value: str) -> bool:
    return value.strip().casefold() in ("", NO_DATE)


def optional_date(value: str) -> date | None:
    return None if no_date(value) else parse_date(value)


def date_check(what: str, *, required: bool, not_before: date | None = None) -> Check:
    """A date (or, when not required, nothing); refused before `not_before`."""

    def check(value: str) -> str | None:
        if (required and not value.strip()) or (not required and no_date(value)):
            return f"{what} is needed; write it as {DATE_HINT}" if required else None
        try:
            when = parse_date(value)
        except ValueError as exc:
            return str(exc)
        if not_before is not None and when < not_before:
            return f"{what} cannot be before {not_before.isoformat()}"
        return None

    return check
