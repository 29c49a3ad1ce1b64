"""The real server: uvicorn on 127.0.0.1 inside a running asyncio loop, as the app will run it."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
from typing import Any

import httpx
import pytest

from npsworkshop.room.network import interfaces, self_check
from npsworkshop.room.qr import qr_lines, qr_matrix, qr_text
from npsworkshop.room.room import Room
from npsworkshop.room.server import RoomServer, RoomServerError
from npsworkshop.store.shutdown import on_termination

COUNCILLORS = "engaging-councillors"


def _handler(_signum: int, _frame: Any) -> None:
    """Stands in for the app's own SIGTERM/SIGHUP handler."""


async def phone_joins(client: httpx.AsyncClient, url: str, key: str) -> None:
    page = (await client.get(url)).text
    token = page.split('name="token" value="')[1].split('"')[0]
    response = await client.post(
        f"{url}join", data={"token": token, "participant": key}, headers={"origin": url[:-1]}
    )
    assert response.status_code == 303


async def test_the_server_serves_follows_and_stops_without_touching_signals(room: Room) -> None:
    previous = {sig: signal.signal(sig, _handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    server = RoomServer(room)
    try:
        join = await server.start("127.0.0.1", 0, pin=None)
        assert join.url == f"http://127.0.0.1:{join.port}/"
        for sig in (signal.SIGTERM, signal.SIGHUP):
            assert signal.getsignal(sig) is _handler  # uvicorn left the app's handlers alone
        assert not join.check.reachable  # loopback: fine for this test, not for phones
        assert any("this laptop only" in finding for finding in join.check.findings)
        async with httpx.AsyncClient(timeout=5) as client:
            await phone_joins(client, join.url, "p1")
            assert room.box.bindings() == {"p1"}
            async with client.stream("GET", f"{join.url}events") as events:
                lines = events.aiter_lines()
                seen = [await anext(lines) for _ in range(4)]
                assert seen[:3] == ["retry: 3000", "", "event: room"]
                before = int(seen[3].removeprefix("data: "))
                await asyncio.to_thread(room.show_area, COUNCILLORS)  # as from an app worker
                while await anext(lines) != "event: room":
                    pass
                assert int((await anext(lines)).removeprefix("data: ")) > before
                # One device may follow on a few pages, not hold every stream the server has.
                more = [client.stream("GET", f"{join.url}events") for _ in range(4)]
                opened = [await stream.__aenter__() for stream in more]
                assert [r.status_code for r in opened] == [200, 200, 200, 503]
                for stream in more:
                    await stream.__aexit__(None, None, None)
                await server.stop()  # ends the open stream too
                assert [line async for line in lines] in ([], [""])
        for sig in (signal.SIGTERM, signal.SIGHUP):
            assert signal.getsignal(sig) is _handler
        again = await server.start("127.0.0.1", join.port)  # the same port, at once
        assert again.port == join.port and server.running
        async with httpx.AsyncClient(timeout=5) as client:
            assert (await client.get(again.url)).status_code == 200
    finally:
        await server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    assert not server.running


async def test_a_taken_port_or_a_foreign_address_is_a_message(room: Room) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(
            RoomServerError, match=re.escape(f"cannot listen on 127.0.0.1 port {port}")
        ):
            await RoomServer(room).start("127.0.0.1", port)
    with pytest.raises(RoomServerError, match=re.escape("cannot listen on 192.0.2.7")):
        await RoomServer(room).start("192.0.2.7", 0)  # TEST-NET: not this machine's


async def test_the_self_check_finds_a_closed_port() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    found = await self_check("127.0.0.1", port)
    assert not found.reachable
    assert f"Port {port} does not accept connections on 127.0.0.1" in " ".join(found.findings)
    assert any("hotspot" in advice for advice in found.advice)


def test_interfaces_come_from_this_machine_with_loopback_last() -> None:
    found = interfaces()
    assert any(i.address == "127.0.0.1" for i in found)
    assert found[-1].loopback and "(this laptop only)" in found[-1].label


def test_the_qr_code_is_the_address_in_half_blocks_dark_on_light() -> None:
    url = "http://192.168.1.20:8000/"
    matrix = qr_matrix(url)
    lines = qr_lines(url)
    assert len(lines) == (len(matrix) + 1) // 2 and {len(line) for line in lines} == {len(matrix)}
    assert set("".join(lines)) <= {"█", "▀", "▄", " "}
    assert lines[0].strip() == ""  # the light quiet zone
    for row, line in enumerate(lines):
        for column, cell in enumerate(line):
            top = matrix[2 * row][column]
            bottom = matrix[2 * row + 1][column] if 2 * row + 1 < len(matrix) else False
            assert cell == {(1, 1): "█", (1, 0): "▀", (0, 1): "▄", (0, 0): " "}[(top, bottom)]
    assert len(matrix) - 4 == 25  # version 2: alphanumeric mode, big modules on a projector
    assert qr_text(url) == "HTTP://192.168.1.20:8000/"
    assert qr_text("http://[fe80::1]:8000/") == "http://[fe80::1]:8000/"  # not alphanumeric


async def test_sigterm_still_reaches_the_apps_own_handler(room: Room) -> None:
    """The app stops on SIGTERM/SIGHUP through its loop's handlers (store.shutdown); uvicorn,
    left to itself, would take those signals over while it serves."""
    loop = asyncio.get_running_loop()
    received: list[int] = []
    got = asyncio.Event()

    def app_handler(signum: int) -> None:
        received.append(signum)
        got.set()

    restore = on_termination(app_handler, loop=loop)
    server = RoomServer(room)
    try:
        join = await server.start("127.0.0.1", 0)
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(got.wait(), 5)
        assert received == [signal.SIGTERM]
        await asyncio.sleep(0.5)  # uvicorn's own handler would be shutting the server down now
        assert server.running  # the app decides what a signal means, not uvicorn
        async with httpx.AsyncClient(timeout=5) as client:
            assert (await client.get(join.url)).status_code == 200
    finally:
        await server.stop()
        restore()
