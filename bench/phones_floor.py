"""The floor of bench/phones.py's vote: the least a durable vote over HTTP costs on this machine.

A bare Starlette endpoint under uvicorn configured as the room's (`room.server.quiet_uvicorn`),
in the same process and event loop as the room's server: GET / answers a tiny page carrying the
hidden fields a vote form has; POST /vote reads the url-encoded form, commits one row durably through one
writer connection in a worker thread (WAL, synchronous=FULL, as the ballots) and answers 303, as
the room does. The phones (bench/phones_client.py) load it exactly as they load the room, at the
same rate, so the room's vote p95 over this one is what npsworkshop adds: its guards, its
ballots' SQL, its batching and its events, not HTTP or fsync.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

FIELDS = ("token", "area", "round", "dimension")
PAGE = "".join(f'<input type="hidden" name="{name}" value="1">' for name in FIELDS)


class FloorServer:
    """One start, one stop, on 127.0.0.1."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._db: sqlite3.Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._server: Any = None
        self._lock = threading.Lock()

    def _commit(self, key: str, level: str) -> None:
        assert self._db is not None
        with self._lock:  # the one writer
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT OR REPLACE INTO vote VALUES (?, ?)", (key, level))
            self._db.execute("COMMIT")

    async def start(self, address: str) -> str:
        """Serve on `address` (a free port); returns the URL."""
        import anyio.to_thread
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import HTMLResponse, RedirectResponse, Response
        from starlette.routing import Route

        from npsworkshop.room.server import listen, quiet_uvicorn

        db = sqlite3.connect(self.database, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE IF NOT EXISTS vote (k TEXT PRIMARY KEY, level TEXT)")
        self._db = db

        async def page(request: Request) -> Response:
            return HTMLResponse(PAGE)

        async def vote(request: Request) -> Response:
            form = dict(parse_qsl((await request.body()).decode()))
            key = f"{request.client.port if request.client else 0}"  # one row per phone
            await anyio.to_thread.run_sync(self._commit, key, form.get("choice", ""))
            return RedirectResponse("/", status_code=303)

        app = Starlette(routes=[Route("/", page), Route("/vote", vote, methods=["POST"])])
        sock = listen(address, 0)
        self._server = quiet_uvicorn(app)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            await asyncio.sleep(0.01)
        return f"http://{address}:{sock.getsockname()[1]}/"

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
        if self._db is not None:
            self._db.close()
