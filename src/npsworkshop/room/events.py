"""Server-sent events that tell the phones the room changed (a new area, a reveal, a name).

Each event carries only the room's version number; a page whose version differs fetches itself
again. The hub wakes every stream at once, from whichever thread the change was made in.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

MAX_STREAMS = 200
KEEPALIVE_SECONDS = 15.0


class EventHub:
    """Wakes the phones' event streams; `notify` may be called from any thread."""

    def __init__(self, version: Callable[[], int]) -> None:
        self._version = version
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed = asyncio.Event()
        self._stopping = False
        self.streams = 0

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """The loop the streams run in (else the first stream's)."""
        self._loop = loop
        self._changed = asyncio.Event()

    def notify(self) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._wake()
        else:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def stop(self) -> None:
        """End every stream (the server is stopping)."""
        self._stopping = True
        self.notify()

    def full(self) -> bool:
        return self.streams >= MAX_STREAMS

    async def stream(self) -> AsyncIterator[str]:
        """One phone's event stream: the version now, then at every change; a comment now and
        then keeps idle connections (and phone browsers) from dropping it."""
        if self._loop is None:
            self.attach(asyncio.get_running_loop())
        self.streams += 1
        try:
            yield "retry: 3000\n\n"
            sent = -1
            while not self._stopping:
                version = self._version()
                if version != sent:
                    sent = version
                    yield f"event: room\ndata: {version}\n\n"
                changed = self._changed
                try:
                    await asyncio.wait_for(changed.wait(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": still here\n\n"
        finally:
            self.streams -= 1
