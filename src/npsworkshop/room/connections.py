"""Connection limits below the web app, where uvicorn has none (red team R4): a request must
arrive whole within a few seconds, and one address holds only so many connections at once.

Without them, a bystander with no PIN and no cookie holds 300 half-open connections (sending a
header line now and then) and every phone gets 503. uvicorn's `timeout_keep_alive` only times the
wait *between* requests, so the guard times the wait for each request itself.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

REQUEST_SECONDS = 5.0  # from a request's first byte (or the connection) to its last
PER_ADDRESS = 24  # a phone's page, its stylesheet, script and event stream, several tabs
# Connections at once, below uvicorn's limit_concurrency (300), which answers 503: at this many,
# a new connection pushes out the one that has waited longest for its request (a phone's own
# wait is milliseconds; a half-open one's is seconds), so many addresses cannot hold them all.
TOTAL = 250


@dataclass
class ConnectionLimits:
    """The limits, and the connections each address holds now (one server run)."""

    request_seconds: float = REQUEST_SECONDS
    per_address: int = PER_ADDRESS
    total: int = TOTAL
    open_from: Counter[str] = field(default_factory=Counter)
    # Connections waiting for (the rest of) a request, longest-waiting first.
    waiting: dict[Any, None] = field(default_factory=dict)

    def make_room(self) -> bool:
        """At `total` connections, close the one that has waited longest for its request;
        False when none is waiting (every connection is being answered)."""
        if sum(self.open_from.values()) < self.total:
            return True
        if not self.waiting:
            return False
        oldest = next(iter(self.waiting))
        del self.waiting[oldest]
        oldest.drop()
        return True


def guarded_protocol(limits: ConnectionLimits) -> type[Any]:
    """uvicorn's h11 protocol with the limits (uvicorn.Config's `http=`)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedProtocol(H11Protocol):
        """Drops a connection whose request is not complete in time, and refuses one more
        connection from an address that holds `per_address` already."""

        _deadline: asyncio.TimerHandle | None = None
        _address: str | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            address = self.client[0] if self.client else "unknown"
            if limits.open_from[address] >= limits.per_address or not limits.make_room():
                transport.abort()
                return
            limits.open_from[address] += 1
            self._address = address
            self._watch()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_watching()
            if self._address is not None:
                limits.open_from[self._address] -= 1
                if limits.open_from[self._address] <= 0:
                    del limits.open_from[self._address]
                self._address = None
            super().connection_lost(exc)

        def handle_events(self) -> None:
            super().handle_events()
            self._watch()

        def _watch(self) -> None:
            """Time the request being received (or awaited: an idle keep-alive connection gets
            as long as a request would), never a response being sent, however long (the event
            stream). The deadline runs from the wait's start: bytes that trickle in do not
            extend it."""
            if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
                if self._deadline is None:
                    self._deadline = self.loop.call_later(limits.request_seconds, self.drop)
                    limits.waiting[self] = None
            else:
                self._stop_watching()

        def _stop_watching(self) -> None:
            limits.waiting.pop(self, None)
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def drop(self) -> None:
            """Close the connection: its request took too long, or room was needed."""
            self._stop_watching()
            if not self.transport.is_closing():
                self.transport.close()

    return GuardedProtocol
