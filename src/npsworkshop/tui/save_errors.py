"""A write the database could not take, in words a facilitator can act on.

The disk filling up, another program holding the write lock or a read-only file must never end a
workshop: the change is reported as "Not saved: ...", the screen stays as it was, and the same
change can be tried again. There is one class for it, the service's `errors.NotSaved`: the
service raises it for the failures it sees, and the app's recorder turns any database or disk
error that reaches it some other way into the same class, so every screen handles one thing.
"""

from __future__ import annotations

import errno
import sqlite3

from npsworkshop.errors import NotSaved, write_failure_cause

__all__ = ["NotSaved", "not_saved", "said"]

OS_CAUSES = {errno.ENOSPC: "the disk is full", errno.EROFS: "the disk is read-only"}


def _is_database_error(error: BaseException) -> bool:
    module = type(error).__module__
    return isinstance(error, sqlite3.Error) or module.startswith("sqlalchemy")


def not_saved(error: BaseException) -> NotSaved | None:
    """The error as NotSaved when it is the database or disk refusing a write, else None."""
    if isinstance(error, NotSaved):
        return error
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES):
        return NotSaved(OS_CAUSES.get(error.errno or 0, "the database file cannot be written"))
    if not _is_database_error(error):
        return None
    return NotSaved(write_failure_cause(str(getattr(error, "orig", None) or error)))


def said(error: NotSaved, then: str) -> str:
    """ "Not saved: the disk is full. Nothing else was lost. Press r to try again." """
    return f"{str(error).rstrip('.')}. {then}"
