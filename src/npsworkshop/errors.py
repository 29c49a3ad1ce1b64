"""Errors the user can act on. Each names the file (or source) and the exact field."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # at run time only its callers load pydantic: the app paints before it does
    from pydantic import ValidationError


class UserError(Exception):
    """Bad input from a person: reported on one line per problem, exit status 2."""

    exit_status = 2

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join([self.message, *(f"  {p}" for p in self.problems)])


class InputError(UserError):
    """A file or value that does not validate: `source` is the file, `problems` the fields."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        lines = [f"{source}: {p}" for p in problems]
        super().__init__(
            lines[0] if len(lines) == 1 else f"{source}: {len(lines)} problems",
            lines if len(lines) > 1 else (),
        )


class NotFound(UserError):
    """A session, pack or area that does not exist."""


class Refused(UserError):
    """A change the rules do not allow (a signed-off session, an ambition below the result)."""


class Failure(Exception):
    """Something went wrong that is not the user's input: exit status 1."""

    exit_status = 1


class NotSaved(Failure):
    """The database could not write a change: nothing of it was written, and the same call can
    be retried (a front end keeps its screen and what was typed). `cause` in plain words."""

    def __init__(self, cause: str) -> None:
        super().__init__(f"Not saved: {cause}")
        self.cause = cause


def write_failure_cause(message: str) -> str:
    """SQLite's reason a write failed, as a person would say it."""
    lower = message.lower()
    if "full" in lower:
        return "the disk is full"
    if "locked" in lower or "busy" in lower:
        return "another program is writing to the database"
    if "readonly" in lower or "read-only" in lower or "read only" in lower:
        return "the database is read-only"
    if "disk i/o" in lower:
        return "the disk could not be written (an input/output error)"
    return f"the database could not be written ({message})"


class Unreadable(Failure):
    """A session whose stored rows cannot be read (damaged, or written round the database's
    checks). `field` names what cannot be read; every other session still works."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class Tampered(Failure):
    """A record (or its stored pack copy) was changed outside npsworkshop: a signed-off one no
    longer matches its fingerprint. `reason` says why without naming the session."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message

    @classmethod
    def of(cls, session_id: str, title: str, reason: str) -> Tampered:
        return cls(f"session {session_id} ({title}): {reason}", reason)


def location(loc: Iterable[str | int]) -> str:
    """Pydantic's location tuple as a path: ('key_areas', 3, 'levels', 'mature') -> key_areas[3].levels.mature."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a known field (check the spelling)",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": None,
}


def describe_validation_error(error: ValidationError, prefix: str = "") -> list[str]:
    """One `field: problem` line per pydantic error, in words a person can act on."""
    lines: list[str] = []
    for item in error.errors(include_url=False):
        loc = [p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        where = location([prefix, *loc] if prefix else loc)
        kind = item["type"]
        message = _MESSAGES.get(kind) or str(item["msg"])
        if kind == "string_pattern_mismatch":
            pattern = str((item.get("ctx") or {}).get("pattern", ""))
            if pattern == r"\S":
                message = "must not be empty"
            else:
                message = "must be lower-case words joined by hyphens, e.g. obtaining-social-value"
        if kind in ("literal_error", "enum") and "input" in item:
            expected = message.removeprefix("Input should be ")
            message = f"{item['input']!r} is not accepted; expected {expected}"
        if kind == "value_error":
            message = message.removeprefix("Value error, ")
            if not where and ": " in message:
                where, message = message.split(": ", 1)
        lines.append(f"{where}: {message}" if where else message)
    return lines
