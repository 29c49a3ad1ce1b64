"""Turn the service's error messages into problems pointed at the field they are about."""

from __future__ import annotations

import re

from npsworkshop.errors import InputError, UserError

_FIELD = re.compile(r"^(?P<field>[A-Za-z_][\w.\[\]]*): (?P<message>.+)$", re.DOTALL)


def field_problems(error: UserError) -> dict[str, str]:
    """{field path: message}; a problem about no one field is under the key ''."""
    lines = list(error.problems) or [error.message]
    found: dict[str, str] = {}
    for line in lines:
        text = line.strip()
        if isinstance(error, InputError):
            text = text.removeprefix(f"{error.source}: ")
        match = _FIELD.match(text)
        field, message = (match["field"], match["message"]) if match else ("", text)
        found.setdefault(field, message)
    return found
