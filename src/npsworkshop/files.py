"""Writing files safely: default export names, no silent overwrites, atomic durable writes."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from npsworkshop.errors import UserError


def slugify(text: str, max_length: int = 80) -> str:
    """Lower-case ASCII words joined by hyphens: 'Ynys Môn – 2026' -> 'ynys-mon-2026'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "session"


def default_export_path(exports_dir: Path, stem_parts: list[str], suffix: str) -> Path:
    """A new file in `exports_dir` named from the parts; `-2`, `-3`... rather than overwrite."""
    stem = slugify("-".join(p for p in stem_parts if p))
    candidate = exports_dir / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = exports_dir / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def check_output(path: Path, *, force: bool) -> Path:
    """Refuse to overwrite an existing file unless forced; refuse a folder."""
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name for --output")
    if path.exists() and not force:
        raise UserError(
            f"{path}: already exists; choose another --output or add --force to replace it"
        )
    return path


def write_atomic(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, fsync, then rename over it: all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_dir(path.parent)
    return path


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
