"""Where a workspace keeps its files: `sessions/` (the database), `exports/`, `content/`, `logs/`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "NPSWORKSHOP_HOME"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def locate(cls, explicit: str | Path | None = None) -> Workspace:
        """`--workspace`, else `$NPSWORKSHOP_HOME`, else the current directory."""
        chosen = explicit or os.environ.get(ENV_VAR) or Path.cwd()
        return cls(Path(chosen).expanduser().resolve())

    @property
    def sessions_dir(self) -> Path:
        return self.root / "sessions"

    @property
    def database(self) -> Path:
        return self.sessions_dir / "npsworkshop.db"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def log_file(self) -> Path:
        return self.sessions_dir / "npsworkshop.log"
