"""Writing files safely: default export names, no silent overwrites, atomic durable writes."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import secrets
import stat
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from npsworkshop.errors import Failure, UserError


def slugify(text: str, max_length: int = 80) -> str:
    """Lower-case ASCII words joined by hyphens: 'Ynys Môn – 2026' -> 'ynys-mon-2026'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:  # cut between words, never through one ("2026" never "20")
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.rstrip("-") or "session"


def unique_path(
    folder: Path, stem: str, suffix: str = "", companions: tuple[str, ...] = ()
) -> Path:
    """`folder/stem+suffix`, or with `-2`, `-3`... added to the stem: a name nothing has yet.

    `companions` are endings of files written beside it (e.g. "-actions"): they must be free too.
    """

    def free(name: str) -> bool:
        return all(
            not (folder / f"{name}{ending}{suffix}").exists() for ending in ("", *companions)
        )

    name, number = stem, 2
    while not free(name):
        name = f"{stem}-{number}"
        number += 1
    return folder / f"{name}{suffix}"


def default_export_path(
    exports_dir: Path, stem_parts: list[str], suffix: str, companions: tuple[str, ...] = ()
) -> Path:
    """A new file in `exports_dir` named from the parts; `-2`, `-3`... rather than overwrite."""
    return unique_path(
        exports_dir, slugify("-".join(p for p in stem_parts if p)), suffix, companions
    )


# What each --format writes, for a file name whose ending says another format.
FORMAT_NAMES = {".pdf": "PDF", ".docx": "Word", ".json": "JSON", ".csv": "CSV"}


def check_output(path: Path, *, force: bool, fmt: str | None = None) -> Path:
    """Refuse to overwrite an existing file unless forced; refuse a folder, a folder that does
    not exist (a mistyped folder name would make a new tree), and a name ending in another
    format's extension than `fmt` ("plan.pdf" for Word)."""
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name for --output")
    if not path.parent.is_dir():
        raise UserError(
            f"{path}: the folder {path.parent} does not exist; check --output, or make the "
            "folder first"
        )
    ending = path.suffix.lower()
    if fmt is not None and ending in FORMAT_NAMES and ending != f".{fmt}":
        raise UserError(
            f"{path}: the name ends {ending} but --format {fmt} writes "
            f"{FORMAT_NAMES[f'.{fmt}']}; name it {path.stem}.{fmt}, or use --format "
            f"{ending[1:]}"
        )
    if path.exists() and not force:
        raise UserError(
            f"{path}: already exists; choose another --output or add --force to replace it"
        )
    return path


def write_atomic(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, fsync, then rename over it: all or nothing.

    A failure part way (a full disk, an exception, Ctrl-C) leaves the old file as it was and no
    temporary file behind; a temporary file left by a killed process is removed by a later write.
    """
    temp_name = _write_temp(path, data)
    try:
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    fsync_dir(path.parent)
    return path


def write_all_atomic(files: list[tuple[Path, bytes]]) -> list[Path]:
    """Write several files as one: every file, or (on any failure) none of them changed.

    Each is written to a temporary file beside it and fsynced first; only then are they renamed
    into place, each replaced file set aside until all are in, and put back if one rename fails.
    """
    if len(files) == 1:
        return [write_atomic(*files[0])]
    temps: list[tuple[str, Path]] = []
    set_aside: list[tuple[Path, Path | None]] = []
    try:
        for path, data in files:
            temps.append((_write_temp(path, data), path))
        for temp, path in temps:
            aside: Path | None = None
            if path.exists():
                aside = path.with_name(f".{path.name}.replaced{TEMP_SUFFIX}")
                os.replace(path, aside)
            set_aside.append((path, aside))
            os.replace(temp, path)
    except BaseException:
        for path, aside in reversed(set_aside):
            with contextlib.suppress(OSError):
                if aside is not None:
                    os.replace(aside, path)
                else:
                    path.unlink()
        for temp, _path in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        raise
    for _path, aside in set_aside:
        if aside is not None:
            with contextlib.suppress(OSError):
                aside.unlink()
    for folder in {path.parent for path, _data in files}:
        fsync_dir(folder)
    return [path for path, _data in files]


def _write_temp(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            _fsync(handle.fileno())
        os.chmod(temp_name, _mode_for(path))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return temp_name


TEMP_SUFFIX = ".tmp"
_STALE_TEMP_S = 3600


def _remove_stale_temps(path: Path) -> None:
    """Temporary files of `path` older than an hour: left by a process that was killed."""
    with contextlib.suppress(OSError):
        for temp in path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if time.time() - temp.stat().st_mtime > _STALE_TEMP_S:
                    temp.unlink()


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once, at import, while the process has one thread


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file would get (mkstemp's are 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_UMASK


def _fsync(fd: int) -> None:
    """Flush to the disk itself: on macOS fsync stops at the drive's cache, F_FULLFSYNC does not."""
    if sys.platform == "darwin":
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
    os.fsync(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes only a handle open for writing
    try:
        _fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            _fsync(fd)
        finally:
            os.close(fd)


SECRET_BYTES = 32


def workspace_secret(path: Path) -> bytes:
    """The workspace's secret at `path` (readable by its owner only), made on first use: the key
    anonymous exports order their letters by, so nobody without it can match letters to people.
    It is written whole or not at all (a temporary file, synced, then linked into place); a key
    shorter than a whole one was cut short before any export could use it, so it is replaced."""
    secret = _read_secret(path)
    if len(secret) >= SECRET_BYTES:
        return secret
    secret = secrets.token_bytes(SECRET_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".anonymity-", dir=path.parent)  # mode 0600
        try:
            try:
                os.write(fd, secret)
                _fsync(fd)
            finally:
                os.close(fd)
            if path.exists() or path.is_symlink():  # cut short: never used, so replaced
                os.replace(temporary, path)
            else:
                os.link(temporary, path)  # another export may make one meanwhile: keep theirs
        except FileExistsError:
            secret = _read_secret(path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        fsync_dir(path.parent)
    except OSError as exc:
        cause = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
        raise Failure(
            f"{path}: the workspace's anonymity key could not be written ({cause}); nothing "
            "was exported; free space or fix the folder's permissions and try again"
        ) from None
    return secret


def _read_secret(path: Path) -> bytes:
    """The key's bytes (none when there is no key yet); a key that cannot be read is a message
    naming the file and what to do, never an unexpected error."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise UserError(
            f"{path}: the workspace's anonymity key cannot be read ({exc.strerror or exc}); "
            "make it a file its owner can read, or remove it to make a new key (anonymous "
            "letters in later exports will then differ from earlier ones)"
        ) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by another export meanwhile, or cut short: use what is there
        secret = path.read_bytes()
        if len(secret) >= SECRET_BYTES:
            return secret
        raise OSError(f"{path}: the workspace's anonymity key is damaged; remove it") from None
    secret = secrets.token_bytes(SECRET_BYTES)
    try:
        os.write(fd, secret)
        _fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path.parent)
    return secret
