"""Checks on typed answers: the same limits the service enforces, refused at the prompt with a reason."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from npsworkshop.dates import TYPED_HINT, typed_date
from npsworkshop.errors import describe_validation_error
from npsworkshop.review.prompts import Check
from npsworkshop.workshop import inputs

DATE_HINT = TYPED_HINT
NO_DATE = "none"
"""Typed for an optional date that offers a default: Enter takes the default, this gives none."""

Kind = Literal["required-line", "line", "title", "text", "required-text", "gss-code"]
_TYPES: dict[Kind, Any] = {
    "required-line": inputs.RequiredLine,
    "line": inputs.Line,
    "title": inputs.Title,
    "text": inputs.LongText,
    "required-text": inputs.RequiredText,
    "gss-code": inputs.GssCode,
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


def gss_code_check(value: str) -> str | None:
    """The council's GSS code, or nothing: the store's own message, naming the value."""
    try:
        _adapter("gss-code").validate_python(value)
    except ValidationError as exc:
        return f"{describe_validation_error(exc)[0]}; leave it empty for none"
    return None


def parse_date(value: str) -> date:
    """A date as people in England write it (31/03/2028 or 2028-03-31), read by the one parser
    the app uses too (`dates.typed_date`); ValueError naming the value otherwise."""
    typed = typed_date(value)
    if typed is None:
        raise ValueError(f"a date is needed; write it as {TYPED_HINT}")
    return typed


def no_date(value: str) -> bool:
    return value.strip().casefold() in ("", NO_DATE)


def optional_date(value: str) -> date | None:
    return None if no_date(value) else parse_date(value)


def date_check(
    what: str, *, required: bool, not_before: date | None = None, not_after: date | None = None
) -> Check:
    """A date (or, when not required, nothing); refused before `not_before` or after
    `not_after`."""

    def check(value: str) -> str | None:
        if (required and not value.strip()) or (not required and no_date(value)):
            return f"{what} is needed; write it as {DATE_HINT}" if required else None
        try:
            when = parse_date(value)
        except ValueError as exc:
            return str(exc)
        if not_before is not None and when < not_before:
            return f"{what} cannot be before {not_before.isoformat()}"
        if not_after is not None and when > not_after:
            return f"{what} cannot be after {not_after.isoformat()}"
        return None

    return check
