"""The room's web server: uvicorn serving the phones' app inside the running event loop.

The workshop app awaits `RoomServer.start(address, port)` in its own loop (a worker) and gets the
join address, its QR code and the self-check; `stop()` ends it. uvicorn installs no signal
handlers here (the app's own SIGTERM/SIGHUP handling stays in charge), configures no logging (its
messages go to the workspace's log file, never to the screen) and starts no lifespan.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from npsworkshop.crashlog import write_crash_log
from npsworkshop.room.connections import ConnectionLimits, guarded_protocol
from npsworkshop.room.events import EventHub
from npsworkshop.room.gate import Gate
from npsworkshop.room.guards import hosts_for
from npsworkshop.room.network import Reachability, self_check
from npsworkshop.room.qr import qr_lines
from npsworkshop.room.room import Room
from npsworkshop.room.webapp import build_app

if TYPE_CHECKING:
    import uvicorn


class RoomServerError(Exception):
    """The server could not start (the address is not this machine's, the port is taken)."""


@dataclass(frozen=True)
class JoinInfo:
    """What the facilitator shows: the address as text and as a QR code, the PIN, the check."""

    url: str
    address: str
    port: int
    pin: str | None
    qr: tuple[str, ...]  # lines to show dark on light
    check: Reachability


MAX_LOGGED_ERRORS = 20  # per server run: whoever can make the server fail cannot fill the disk


class _LogToFile(logging.Handler):
    """uvicorn's errors go to the workspace's crash log (or nowhere), never to the terminal: the
    first MAX_LOGGED_ERRORS of a run in full, then only how many more there were (at stop)."""

    def __init__(self, log_file: Path | None) -> None:
        super().__init__(logging.ERROR)
        self.log_file = log_file
        self.logged = 0
        self.unlogged = 0

    def emit(self, record: logging.LogRecord) -> None:
        if self.log_file is None:
            return
        if self.logged >= MAX_LOGGED_ERRORS:
            self.unlogged += 1
            return
        self.logged += 1
        error = record.exc_info[1] if record.exc_info else None
        if error is None:
            error = RuntimeError(record.getMessage())
        write_crash_log(self.log_file, error, "phone voting server")

    def summarise(self) -> None:
        """One line for the errors not logged in full (the server is stopping)."""
        if self.log_file is not None and self.unlogged:
            more = RuntimeError(f"{self.unlogged} more errors in this run were not logged")
            write_crash_log(self.log_file, more, "phone voting server")
        self.logged = self.unlogged = 0


def quiet_uvicorn(app: Any, limits: ConnectionLimits | None = None) -> uvicorn.Server:
    """uvicorn serving `app` as the room runs it: no signal handlers (the process's stay in
    charge), no logging setup, no lifespan, no server or date header, bounded connections. The
    bench's floor (bench/phones_floor.py) runs its bare endpoint through it too."""
    import uvicorn

    limits = limits or ConnectionLimits()

    class QuietServer(uvicorn.Server):
        """A uvicorn server that leaves the process's signal handlers alone."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

        def install_signal_handlers(self) -> None:  # uvicorn before 0.29
            return

    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan="off",
        server_header=False,
        date_header=False,
        timeout_graceful_shutdown=2,
        limit_concurrency=300,
        h11_max_incomplete_event_size=16 * 1024,
        timeout_keep_alive=int(limits.request_seconds) or 1,
        http=guarded_protocol(limits),  # a request's own deadline, connections per address
    )
    return QuietServer(config)


def listen(address: str, port: int) -> socket.socket:
    """A non-blocking listening socket on `address:port` (0: any free port); RoomServerError
    with a sentence when it cannot."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise RoomServerError(f"cannot listen on {address} port {port}: {exc.strerror}") from None
    return sock


class RoomServer:
    """Serves one room's phones while voting is on. One start, one stop; start again later."""

    def __init__(
        self, room: Room, *, log_file: Path | None = None, limits: ConnectionLimits | None = None
    ) -> None:
        self.room = room
        self.limits = limits or ConnectionLimits()
        self._log_file = log_file
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._hub: EventHub | None = None
        self._socket: socket.socket | None = None
        self._unfollow: Callable[[], None] = lambda: None
        self._log = _LogToFile(None)
        self._gate: Gate | None = None
        self.join: JoinInfo | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self, address: str, port: int = 0, *, pin: str | None = None) -> JoinInfo:
        """Listen on `address:port` (port 0: any free one) and serve the room; returns the join
        details once the server accepts connections. RoomServerError when it cannot."""
        if self.running:
            raise RoomServerError("phone voting is already running")
        sock = listen(address, port)
        port = sock.getsockname()[1]
        hub = EventHub(lambda: self.room.phones_version)
        hub.attach(asyncio.get_running_loop())
        self._unfollow = self.room.on_phones_change(hub.notify)
        gate = self._gate = Gate(origins=hosts_for(address, port), pin=pin)
        app = build_app(self.room, gate, hub)
        logger = logging.getLogger("uvicorn")
        logger.propagate = False
        self._log = _LogToFile(self._log_file)
        logger.handlers = [self._log]
        server = quiet_uvicorn(app, self.limits)
        self._server, self._hub, self._socket = server, hub, sock
        self._task = asyncio.create_task(server.serve(sockets=[sock]), name="phone voting")
        while not server.started:
            if self._task.done():
                await self._stopped()
                raise RoomServerError(f"the phone voting server did not start on {address}")
            await asyncio.sleep(0.01)
        hub.notify()
        shown = f"[{address}]" if ":" in address else address
        url = f"http://{shown}:{port}/"
        check = await self_check(address, port)
        self.join = JoinInfo(url, address, port, pin, tuple(qr_lines(url)), check)
        return self.join

    def change_pin(self, pin: str) -> JoinInfo:
        """A new room PIN from now on (phones already bound carry on); the new join details."""
        if self._gate is None or self.join is None:
            raise RoomServerError("phone voting is not running")
        self._gate.change_pin(pin)
        self.join = replace(self.join, pin=pin)
        return self.join

    async def stop(self) -> None:
        """Stop serving: open event streams end, requests in flight get up to two seconds."""
        server, task, hub = self._server, self._task, self._hub
        if server is None or task is None:
            return
        if hub is not None:
            hub.stop()
        server.should_exit = True
        with contextlib.suppress(Exception):
            await task
        await self._stopped()

    async def _stopped(self) -> None:
        self._log.summarise()
        self._unfollow()
        self._unfollow = lambda: None
        if self._socket is not None:
            self._socket.close()
        self._server = self._task = self._hub = self._socket = self._gate = None
        self.join = None

    def __repr__(self) -> str:
        where: Any = self.join.url if self.join else "stopped"
        return f"RoomServer({where})"
