"""Unexpected errors go to a log file in the workspace, never to the screen (it may be projected)."""

from __future__ import annotations

import contextlib
import traceback
from datetime import UTC, datetime
from pathlib import Path


def write_crash_log(log_file: Path, error: BaseException, context: str = "") -> Path | None:
    """Append the error with its traceback; returns the log path, or None if it cannot be written."""
    with contextlib.suppress(OSError):
        log_file.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        details = "".join(traceback.format_exception(error))
        with log_file.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {stamp} {context}\n{details}\n")
        return log_file
    return None


def one_line_summary(error: BaseException) -> str:
    """The error's type only: its message may contain user text or paths."""
    return type(error).__name__
