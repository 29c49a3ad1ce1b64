"""What the app remembers between runs that is not part of any record: the session last open and
whether projector mode was on, so reopening the app lands where the facilitator left off."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

FILE_NAME = "app-state.json"


@dataclass(frozen=True)
class AppState:
    last_session: str | None = None
    projector: bool = False


def state_file(sessions_dir: Path) -> Path:
    return sessions_dir / FILE_NAME


def read_state(sessions_dir: Path) -> AppState:
    """The remembered state; a missing or unreadable file is simply a fresh start."""
    try:
        data = json.loads(state_file(sessions_dir).read_text(encoding="utf-8"))
        last = data.get("last_session")
        return AppState(
            last_session=last if isinstance(last, str) else None,
            projector=data.get("projector") is True,
        )
    except (OSError, ValueError, AttributeError):
        return AppState()


def write_state(sessions_dir: Path, state: AppState) -> None:
    """Remember `state`; failing to (a full or read-only disk) loses nothing that matters."""
    from npsworkshop.files import write_atomic  # not at import: it loads pydantic (first paint)

    try:
        if sessions_dir.is_dir():
            write_atomic(state_file(sessions_dir), json.dumps(asdict(state)).encode())
    except OSError:
        pass
