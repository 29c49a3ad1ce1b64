"""Unexpected errors go to a log file in the workspace, never to the screen (it may be projected).

The log holds tracebacks (code lines and messages, no local variables), and messages may quote
what people typed, so it is created readable by its owner only. It is kept under about 1 MB: past
that it is moved to `<name>.1` (replacing the previous one) and started again.
"""

from __future__ import annotations

import contextlib
import os
import stat
import traceback
from datetime import UTC, datetime
from pathlib import Path

MAX_LOG_BYTES = 1_000_000


def write_crash_log(log_file: Path, error: BaseException, context: str = "") -> Path | None:
    """Append the error with its traceback; returns the log path, or None if it cannot be written."""
    with contextlib.suppress(OSError):
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            if log_file.stat().st_size > MAX_LOG_BYTES:
                os.replace(log_file, log_file.with_name(log_file.name + ".1"))
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        details = "".join(traceback.format_exception(error))
        # Never through a symbolic link, never into anything but a regular file (a planted link
        # or FIFO must not make an error report write elsewhere or hang).
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_NONBLOCK
        fd = os.open(log_file, flags, 0o600)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(f"--- {stamp} {context}\n{details}\n")
        return log_file
    return None


def one_line_summary(error: BaseException) -> str:
    """The error's type only: its message may contain user text or paths."""
    return type(error).__name__


def report_crash(log_file: Path, error: BaseException, context: str = "") -> str:
    """Log the error and return the one line to show: its type and where the details are.

    Every front end reports an unexpected error through this, so the log path and wording agree."""
    log = write_crash_log(log_file, error, context)
    where = f"; details are in {log}" if log else ""
    return f"unexpected error ({one_line_summary(error)}){where}"
