"""A write the database could not take, in words a facilitator can act on.

The disk filling up, another program holding the write lock or a read-only file must never end a
workshop: the change is reported as "Not saved: ...", the screen stays as it was, and the same
change can be tried again.
"""

from __future__ import annotations

import errno
import sqlite3

from npsworkshop.errors import Failure

CAUSES = (  # (words in the database's message, what the facilitator is told)
    (("disk is full", "database or disk is full"), "the disk is full"),
    (("locked", "busy"), "another program is writing to the sessions database"),
    (("readonly", "read-only", "read only"), "the database is read-only"),
    (("disk i/o error",), "the disk could not be written"),
)


class NotSaved(Failure):
    """A change the database refused for a reason outside the app; it can be tried again."""


def _is_database_error(error: BaseException) -> bool:
    module = type(error).__module__
    return isinstance(error, sqlite3.Error) or module.startswith("sqlalchemy")


def not_saved(error: BaseException) -> NotSaved | None:
    """The error as NotSaved when it is the database or disk refusing a write, else None."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES):
        cause = {errno.ENOSPC: "the disk is full", errno.EROFS: "the disk is read-only"}.get(
            error.errno or 0, "the database file cannot be written"
        )
        return NotSaved(f"Not saved: {cause}.")
    if not _is_database_error(error):
        return None
    text = str(getattr(error, "orig", None) or error).lower()
    for words, cause in CAUSES:
        if any(word in text for word in words):
            return NotSaved(f"Not saved: {cause}.")
    return NotSaved(f"Not saved: the database refused the change ({type(error).__name__}).")
