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


def in_form_words(error: InputError, options: dict[str, str]) -> InputError:
    """The same problems with the command line's option names (`--held-on`) turned into the
    form's field names (`held_on`), so each shows beside its field."""
    problems = []
    for line in error.problems or (error.message,):
        text = line.removeprefix(f"{error.source}: ")
        option, _, rest = text.partition(": ")
        problems.append(f"{options[option]}: {rest}" if option in options else text)
    return InputError(error.source, problems)
