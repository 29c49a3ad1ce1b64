"""The phones for bench/phones.py: one process, 40 phones, each a bare HTTP/1.1 keep-alive client.

Commands arrive on stdin from the app's process (`join`, `vote AREA_INDEX`, `floor AREA_INDEX`,
`done`); each is answered `ok` once every phone has done it; `done` prints the vote times as JSON.
`floor` votes the same way on the bare endpoint of bench/phones_floor.py (its own connection per
phone), the floor of a vote. Loopback only, at a bounded rate over all phones.

Run by bench/phones.py: phones_client.py URL --floor FLOOR_URL --phones-count N --rate R
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from urllib.parse import urlencode, urlsplit

LEVELS = ("minimum", "developing", "mature", "leader", "innovator")
LOOPBACK = "127.0.0.1"


def level_for(phone: int, area_index: int) -> str:
    """The level phone `phone` votes on the area at `area_index` (the app checks it)."""
    return LEVELS[(phone + area_index) % len(LEVELS)]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Pace:
    """At most `rate` requests a second across all phones."""

    def __init__(self, rate: float) -> None:
        self.gap = 1.0 / rate
        self.next = time.perf_counter()
        self.lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self.lock:
            now = time.perf_counter()
            delay = self.next - now
            self.next = max(now, self.next) + self.gap
        if delay > 0:
            await asyncio.sleep(delay)


def hidden(page: str, name: str) -> str:
    return page.split(f'name="{name}" value="')[1].split('"')[0]


class PhoneClient:
    """A phone's HTTP/1.1 keep-alive connection, as small as a client gets: the load generator
    should cost far less than the server it loads, so its own delays do not pass for the app's."""

    def __init__(self, host: str, port: int, source: str = LOOPBACK) -> None:
        """`source`: the phone's own address (a room's phones each have one; the server limits
        connections per address)."""
        self.host, self.port, self.source = host, port, source
        self.cookie = ""
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        try:
            return await self._request(method, path, form)
        except (ConnectionError, IndexError, asyncio.IncompleteReadError):
            # The server closed an idle keep-alive connection (after 5 s): as a browser does,
            # open a new one and send again.
            await self.close()
            self.streams = None
            return await self._request(method, path, form)

    async def _request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(
                self.host, self.port, local_addr=(self.source, 0)
            )
        reader, writer = self.streams
        body = urlencode(form).encode() if form is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
        if form is not None:
            head += [
                f"Origin: http://{self.host}:{self.port}",
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        status = int((await reader.readline()).split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "set-cookie":
                self.cookie = value.strip().split(";")[0]
        return status, (await reader.readexactly(length)).decode()

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()


def _loopback_port(url: str) -> int:
    parts = urlsplit(url)
    assert parts.hostname == LOOPBACK and parts.port, "loopback only"
    return parts.port


async def phones_main(url: str, floor_url: str, count: int, rate: float) -> None:
    port, floor_port = _loopback_port(url), _loopback_port(floor_url)
    pace = Pace(rate)
    sources = [f"127.0.{1 + n // 250}.{1 + n % 250}" for n in range(count)]  # one each
    clients = [PhoneClient(LOOPBACK, port, source) for source in sources]
    floor_clients = [PhoneClient(LOOPBACK, floor_port, source) for source in sources]
    latencies: list[float] = []
    floor_latencies: list[float] = []
    failures: list[str] = []

    async def join(phone: int) -> None:
        client = clients[phone]
        await pace.wait()
        _status, page = await client.request("GET", "/")
        await pace.wait()
        form = {"token": hidden(page, "token"), "participant": f"p{phone + 1}"}
        status, _page = await client.request("POST", "/join", form)
        if status != 303:
            failures.append(f"join p{phone + 1}: {status}")

    async def vote(phone: int, area_index: int, client: PhoneClient, into: list[float]) -> None:
        await pace.wait()
        _status, page = await client.request("GET", "/")
        fields = {n: hidden(page, n) for n in ("token", "area", "round", "dimension")}
        fields["choice"] = level_for(phone, area_index)
        await pace.wait()
        started = time.perf_counter()
        status, _page = await client.request("POST", "/vote", fields)
        into.append(time.perf_counter() - started)
        if status != 303:
            failures.append(f"vote p{phone + 1} area {area_index}: {status}")

    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := (await reader.readline()).decode().split():
        if line[0] == "join":
            await asyncio.gather(*(join(p) for p in range(count)))
        elif line[0] == "vote":
            area = int(line[1])
            await asyncio.gather(*(vote(p, area, clients[p], latencies) for p in range(count)))
        elif line[0] == "floor":
            area = int(line[1])
            await asyncio.gather(
                *(vote(p, area, floor_clients[p], floor_latencies) for p in range(count))
            )
        elif line[0] == "done":
            break
        print("ok", flush=True)
    for client in clients + floor_clients:
        await client.close()
    report = {"latencies": latencies, "floor": floor_latencies, "failures": failures}
    print(json.dumps(report | {"cpu": cpu_seconds()}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--floor", required=True, help="the bare endpoint's URL (the floor)")
    parser.add_argument("--phones-count", type=int, default=40)
    parser.add_argument("--rate", type=float, default=100.0)
    args = parser.parse_args()
    asyncio.run(phones_main(args.url, args.floor, args.phones_count, args.rate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
