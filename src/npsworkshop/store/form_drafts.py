"""The text typed into an open form and not saved yet, kept on disk as it is typed, so closing
the terminal (a laptop lid, a crash, a closed window) before ctrl+s loses nothing.

One small JSON file per session, `sessions/drafts/<session-id>.json`: for each form (a key such
as "justification:<area>") the fields as typed and when. It is the facilitator's own text, not
part of any record: never exported, backed up or signed; saving or discarding the form removes
its entry. Each write replaces the file whole (files.write_atomic). Callers keep writes to one
session in order (one writer thread); a lock keeps this process's read-change-write whole.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FOLDER = "drafts"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class FormDraft:
    """What was typed into one form, field by field, and when it was last kept."""

    fields: dict[str, str]
    at: datetime


def drafts_file(sessions_dir: Path, session_id: str) -> Path | None:
    """Where a session's drafts live; None for an id that is not a plain file name."""
    if not _SAFE_ID.fullmatch(session_id) or session_id.startswith("."):
        return None
    return sessions_dir / FOLDER / f"{session_id}.json"


def _read_all(path: Path) -> dict[str, dict[str, object]]:
    """Every form's entry; a missing, unreadable or foreign file is no drafts."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, dict)}


def read_draft(sessions_dir: Path, session_id: str, form: str) -> FormDraft | None:
    """The draft kept for `form` of the session, or None."""
    path = drafts_file(sessions_dir, session_id)
    entry = _read_all(path).get(form) if path is not None else None
    if entry is None:
        return None
    fields = entry.get("fields")
    try:
        at = datetime.fromisoformat(str(entry.get("at")))
    except ValueError:
        return None
    if not isinstance(fields, dict):
        return None
    kept = {str(k): v for k, v in fields.items() if isinstance(v, str)}
    return FormDraft(kept, at if at.tzinfo else at.replace(tzinfo=UTC)) if kept else None


def keep_draft(
    sessions_dir: Path, session_id: str, form: str, fields: dict[str, str], at: datetime
) -> None:
    """Keep what is typed in `form` now, replacing the form's earlier draft. Raises OSError
    when the disk refuses (the caller says so; the text is still in the form)."""
    _change(sessions_dir, session_id, form, {"fields": fields, "at": at.isoformat()})


def drop_draft(sessions_dir: Path, session_id: str, form: str) -> None:
    """Forget the form's draft (it was saved or discarded); the file goes with the last one."""
    _change(sessions_dir, session_id, form, None)


def _change(
    sessions_dir: Path, session_id: str, form: str, entry: dict[str, object] | None
) -> None:
    from npsworkshop.files import write_atomic  # not at import: the app paints first

    path = drafts_file(sessions_dir, session_id)
    if path is None or not sessions_dir.is_dir():
        return
    with _LOCK:
        drafts = _read_all(path)
        if entry is None:
            if drafts.pop(form, None) is None:
                return
        else:
            drafts[form] = entry
        if not drafts:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, json.dumps(drafts, ensure_ascii=False, indent=1).encode("utf-8"))
