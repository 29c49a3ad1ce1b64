"""Who is editing a session, and who has the database open: locks that die with their holder.

A session is claimed with `fcntl.flock` on `sessions/locks/<session-id>.lock`, a side file that
also holds a JSON record of the holder (host, process id, since when, what). The operating system
drops a flock when the process that holds it exits, however it exits (`kill -9`, a power cut of
the process, a crash), so a lock file left behind never blocks anyone: only a live holder counts.
Lock files are never deleted (deleting one while another process waits on it would let two
processes hold "the same" lock on two different files).

Within one process a claim is shared: a second claim of the same session by the same process
succeeds and the lock is released when the last one is. Only another process is kept out.

Every process that opens the database also holds a shared lock on `locks/database.lock`; setting
a damaged database aside and restoring a backup take it exclusively, so neither happens under an
open app.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import socket
import stat
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from npsworkshop.errors import Failure

LOCKS_DIR = "locks"
DATABASE_LOCK = "database.lock"
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# How long a change waits for another process's single change (not a claim) to finish.
TRANSIENT_WAIT_S = 3.0
# How long opening the database waits for a restore in another process to finish.
DATABASE_WAIT_S = 10.0
_RECORD_MAX = 4096

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    _LOCK_OFFSET = 1 << 30  # beyond the holder record, so readers can still read it

    def _try_lock(fd: int, *, shared: bool) -> bool:
        # Byte-range locks have no shared mode. A shared hold is not taken at all: Windows
        # itself refuses to rename or replace a database file another process has open.
        if shared:
            return True
        position = os.lseek(fd, 0, os.SEEK_CUR)
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, position, os.SEEK_SET)
        return True

else:
    import fcntl

    def _try_lock(fd: int, *, shared: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def locks_dir(database: Path) -> Path:
    return database.parent / LOCKS_DIR


@dataclass(frozen=True)
class Holder:
    """Who holds a lock: enough for a person to find the other window and close it."""

    host: str
    pid: int
    since: str  # ISO 8601, UTC
    program: str  # what is holding it: "the workshop app", "the quick review", "a change"...
    user: str = ""
    transient: bool = False  # a single change, over in milliseconds (not an open session)

    def describe(self) -> str:
        try:
            since = datetime.fromisoformat(self.since).astimezone().strftime("%H:%M on %d %b %Y")
        except ValueError:
            since = self.since
        who = f" by {self.user}" if self.user else ""
        return f"{self.program}{who} on {self.host} (process {self.pid}) since {since}"


@dataclass(frozen=True)
class HeldBy:
    """A session another process is editing: who, so the person can choose read-only."""

    session_id: str
    holder: Holder | None  # None when the holder's record could not be read

    def message(self) -> str:
        who = self.holder.describe() if self.holder else "another npsworkshop (details unreadable)"
        return (
            f"session {self.session_id} is open for editing in {who}. It can be viewed read-only "
            "here; to change it, close it there first."
        )


def _holder(program: str, *, transient: bool = False) -> Holder:
    user = ""
    with contextlib.suppress(Exception):
        import getpass

        user = getpass.getuser()
    return Holder(
        host=socket.gethostname(),
        pid=os.getpid(),
        since=datetime.now(UTC).isoformat(timespec="seconds"),
        program=program,
        user=user,
        transient=transient,
    )


def _write_record(fd: int, holder: Holder) -> None:
    data = json.dumps(asdict(holder), ensure_ascii=True).encode("ascii")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)


def _read_record(fd: int) -> Holder | None:
    """The holder's record; the holder may be writing it, so try a few times."""
    for _attempt in range(3):
        os.lseek(fd, 0, os.SEEK_SET)
        data = os.read(fd, _RECORD_MAX)
        try:
            fields = json.loads(data.decode("ascii"))
            return Holder(
                host=str(fields["host"]),
                pid=int(fields["pid"]),
                since=str(fields["since"]),
                program=str(fields["program"]),
                user=str(fields.get("user", "")),
                transient=bool(fields.get("transient", False)),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            time.sleep(0.01)
    return None


def _open(path: Path) -> int:
    """The lock file, never through a symbolic link (a link planted in `locks/` must not make
    a sign-off truncate a file it points to) and only when it is a regular file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            raise _not_a_lock_file(path, "a symbolic link") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _not_a_lock_file(path, "not a regular file")
    return fd


def _not_a_lock_file(path: Path, what: str) -> Failure:
    return Failure(
        f"{path} is {what}, not a lock file npsworkshop made; nothing was changed. Remove it "
        "(someone may have put it there to make npsworkshop overwrite another file)"
    )


@dataclass
class _Held:
    fd: int
    pid: int
    count: int
    holder: Holder


# Claims this process holds, by lock file: a second claim in the same process shares the first.
_held: dict[Path, _Held] = {}
_held_guard = threading.Lock()


class Claim:
    """This process's claim on a session; `release()` (or the process ending) gives it up."""

    def __init__(self, session_id: str, path: Path, holder: Holder) -> None:
        self.session_id = session_id
        self.path = path
        self.holder = holder
        self._released = False

    @property
    def released(self) -> bool:
        return self._released

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        with _held_guard:
            entry = _held.get(self.path)
            if entry is None or entry.pid != os.getpid():
                return
            entry.count -= 1
            if entry.count > 0:
                return
            del _held[self.path]
            with contextlib.suppress(OSError):
                os.ftruncate(entry.fd, 0)
            os.close(entry.fd)  # closing the descriptor drops the flock

    def __enter__(self) -> Claim:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def session_lock_path(directory: Path, session_id: str) -> Path:
    if not _SESSION_ID.match(session_id):
        raise ValueError(f"not a session id: {session_id!r}")
    return directory / f"{session_id}.lock"


def claim(
    directory: Path, session_id: str, program: str, *, transient: bool = False
) -> Claim | HeldBy:
    """Claim a session for this process, or say who holds it.

    When another process is only making a single change (a transient claim), wait for it
    (up to TRANSIENT_WAIT_S) rather than report the session as held.
    """
    path = session_lock_path(directory, session_id)
    deadline = time.monotonic() + TRANSIENT_WAIT_S
    while True:
        with _held_guard:
            entry = _held.get(path)
            if entry is not None and entry.pid == os.getpid():
                entry.count += 1
                return Claim(session_id, path, entry.holder)
            fd = _open(path)
            if _try_lock(fd, shared=False):
                holder = _holder(program, transient=transient)
                try:
                    _write_record(fd, holder)
                except OSError:
                    os.close(fd)
                    raise
                _held[path] = _Held(fd=fd, pid=os.getpid(), count=1, holder=holder)
                return Claim(session_id, path, holder)
            try:
                other = _read_record(fd)
            finally:
                os.close(fd)
        # A single change is over in milliseconds; an unreadable record is a holder letting go
        # (it empties the record, then drops the lock). Try again rather than report either.
        if (other is None or other.transient) and time.monotonic() < deadline:
            time.sleep(0.02)
            continue
        return HeldBy(session_id, other)


def holder_of(directory: Path, session_id: str) -> HeldBy | None:
    """Who holds the session, without claiming it; None when nobody (or this process) does."""
    result = claim(directory, session_id, "a check")
    if isinstance(result, HeldBy):
        return result
    result.release()
    return None


def _after_fork_in_child() -> None:
    # A forked child inherits the descriptors but must not think it holds the claims.
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# The database as a whole ------------------------------------------------------------------


class DatabaseInUse(Exception):
    """Another process has the database open (so it may not be set aside or replaced)."""


class DatabaseHandle:
    """A shared hold on the database, taken by every process that opens it."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def share_database(directory: Path, wait_s: float = DATABASE_WAIT_S) -> DatabaseHandle:
    """Hold the database shared for as long as it is open; waits out a restore in progress."""
    fd = _open(directory / DATABASE_LOCK)
    deadline = time.monotonic() + wait_s
    while not _try_lock(fd, shared=True):
        if time.monotonic() >= deadline:
            os.close(fd)
            raise DatabaseInUse(
                "the database is being restored or set aside by another npsworkshop; "
                "try again in a moment"
            )
        time.sleep(0.05)
    return DatabaseHandle(fd)


@contextlib.contextmanager
def exclusive_database(directory: Path) -> Iterator[None]:
    """Hold the database alone (no process has it open), or raise DatabaseInUse at once."""
    fd = _open(directory / DATABASE_LOCK)
    try:
        if not _try_lock(fd, shared=False):
            raise DatabaseInUse(
                "npsworkshop has this workspace's database open in another window or process; "
                "close it there first"
            )
        yield
    finally:
        os.close(fd)
