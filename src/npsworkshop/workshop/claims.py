"""Who is editing a session: this process's claims, and the short hold a single change takes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from npsworkshop.errors import NotFound, Refused
from npsworkshop.store import lock


class Claims:
    """The sessions this process holds for editing (`store/lock.py` does the locking)."""

    def __init__(self, database: Path) -> None:
        self._dir = lock.locks_dir(database)
        self._held: dict[str, lock.Claim] = {}

    def claim(self, session_id: str, program: str) -> lock.Claim | lock.HeldBy:
        """Hold the session until `release` or the process ends, or learn who holds it."""
        current = self._held.get(session_id)
        if current is not None and not current.released:
            return current
        result = lock.claim(self._dir, session_id, program)
        if isinstance(result, lock.Claim):
            self._held[session_id] = result
        return result

    def release(self, session_id: str) -> None:
        claim = self._held.pop(session_id, None)
        if claim is not None:
            claim.release()

    def release_all(self) -> None:
        for claim in list(self._held.values()):
            claim.release()
        self._held.clear()

    def held_by(self, session_id: str) -> lock.HeldBy | None:
        """Who else is editing the session, if anyone (this process does not count)."""
        return lock.holder_of(self._dir, session_id)

    @contextmanager
    def editing(self, session_id: str | None) -> Iterator[None]:
        """Hold the session for one change unless this process already holds it; refused
        (naming the holder) when another process does."""
        current = self._held.get(session_id) if session_id is not None else None
        if session_id is None or (current is not None and not current.released):
            yield
            return
        try:
            result = lock.claim(self._dir, session_id, "a change", transient=True)
        except ValueError:
            raise NotFound(f"no session {session_id!r}") from None
        if isinstance(result, lock.HeldBy):
            raise Refused(result.message())
        try:
            yield
        finally:
            result.release()
