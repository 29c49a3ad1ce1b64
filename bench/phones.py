"""Phones in the room under load (issue 15), on loopback only.

This process plays the workshop app: the room's server runs in its asyncio loop with the ballots
in a file (WAL, synchronous=FULL), a probe measures how late the loop runs a 5 ms timer (what a
keypress would wait), and a facilitator opens each of the 14 areas of nps-2018 in turn, waits for
every phone's vote and reveals, writing the ratings in the reveal's transaction. A separate
process (bench/phones_client.py) is 40 phones: each joins by picking its name, then on every area
fetches its page and votes, all 40 at once, at a bounded rate.

Figures, each beside its floor from the same run:
- vote-to-durable p95: a phone's vote POST until its answer (the answer is sent after the
  commit), as the phone sees it and inside the app (request in to answer out), against the same
  phones voting the same way on a bare Starlette/uvicorn endpoint in the same loop that commits
  one row durably (bench/phones_floor.py), area by area just before the room's votes: the ratio
  is what npsworkshop adds to HTTP and fsync. The issue's bound, 50 ms, is checked as well;
- a keypress stand-in's latency while phones vote (a callback queued on the loop doing the
  app's ~16 ms of work after a rating), against the same with the server idle just before, area
  by area (budget 1.2x on the median of the 14 paired ratios; the p95 ratio is shown too), and
  the loop's raw lateness on a 5 ms timer in both;
- memory growth of the app process from before the server started to after the last reveal
  (budget 40 MB); CPU seconds of both processes;
- no vote lost or duplicated: every phone's vote for every area is in the ballots and in the
  written ratings exactly once, with the level the phone chose.

Run: .venv/bin/python bench/phones.py [--phones-count 40] [--rate 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import phones_storage
from phones_client import LOOPBACK, cpu_seconds, level_for
from phones_floor import FloorServer


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# The app's side -----------------------------------------------------------------------------------


VOTE_BUDGET = 2.0  # the room's vote p95 over the bare endpoint's
IDLE_SECONDS = 1.5  # before each area's votes: the keypress floor, interleaved with the load
KEYPRESS_WORK_MS = 16.0  # the app's work after a rating (docs/performance.md: ~16 ms reload)


def calibrate(target_ms: float) -> int:
    """Iterations of a pure-Python loop that take `target_ms` of CPU on this machine: the fastest
    of several tries (a try a neighbour slowed down would make the stand-in too short)."""
    n = 200_000
    best = min(_cpu_of(n) for _ in range(7))
    return max(1, round(n * target_ms / (best * 1000)))


def _cpu_of(n: int) -> float:
    started = time.thread_time()
    spin(n)
    return time.thread_time() - started


def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i & 7
    return total


class LoopProbe:
    """Every 200 ms or so a keypress stand-in is queued on the loop: a callback doing the app's work
    after a rating (~16 ms of Python). Its latency, queued to done, is what the facilitator feels;
    the loop's lateness on a 5 ms timer is kept too, as the raw delay the web server adds."""

    def __init__(self) -> None:
        self.lag: list[float] = []
        self.keypress: list[float] = []
        self.cpu = 0.0  # the stand-in's own CPU seconds, not the server's
        self.running = True
        self.work = calibrate(KEYPRESS_WORK_MS)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while self.running:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            self.lag.append(time.perf_counter() - started - 0.005)
            done = loop.create_future()
            queued = time.perf_counter()

            def keypress(queued: float = queued, done: asyncio.Future[None] = done) -> None:
                cpu = time.thread_time()
                spin(self.work)
                self.cpu += time.thread_time() - cpu
                self.keypress.append(time.perf_counter() - queued)
                done.set_result(None)

            loop.call_soon(keypress)
            await done
            await asyncio.sleep(0.2)

    def mark(self) -> tuple[int, int]:
        return len(self.lag), len(self.keypress)

    def since(self, mark: tuple[int, int]) -> tuple[list[float], list[float]]:
        return self.lag[mark[0] :], self.keypress[mark[1] :]


async def app_main(count: int, rate: float, wired: bool) -> dict[str, Any]:
    from npsworkshop.framework.loader import find_pack
    from npsworkshop.room import server as server_module
    from npsworkshop.room.content import Participant, room_area
    from npsworkshop.room.room import Room
    from npsworkshop.room.server import RoomServer

    served: list[float] = []  # in the app: a vote's request arriving until its answer starts
    build = server_module.build_app

    def timed_app(*args: Any) -> Any:
        app = build(*args)

        async def timed(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http" or scope["path"] != "/vote":
                await app(scope, receive, send)
                return
            started = time.perf_counter()

            async def answer(message: Any) -> None:
                if message["type"] == "http.response.start":
                    served.append(time.perf_counter() - started)
                await send(message)

            await app(scope, receive, answer)

        return timed

    server_module.build_app = timed_app  # type: ignore[assignment]

    folder = Path(tempfile.mkdtemp(prefix="phones-bench-"))
    if wired:
        storage, session_id, pack = phones_storage.wired(folder, count)
    else:
        pack = find_pack("nps-2018").pack
        session_id = "bench"
        storage = phones_storage.standalone(folder, session_id)
    areas = pack.area_ids()
    write = storage.write
    people = [Participant(f"p{n}", f"Participant {n}") for n in range(1, count + 1)]
    room = Room(
        storage.box,
        people,
        lambda area_id: room_area(pack, area_id),
    )
    probe = LoopProbe()
    probe_task = asyncio.create_task(probe.run())
    await asyncio.sleep(0.5)
    memory_before = rss_mb()
    cpu_before, probe_cpu_before = cpu_seconds(), probe.cpu
    server = RoomServer(room)
    join = await server.start(LOOPBACK, 0)
    floor = FloorServer(folder / "floor.db")
    floor_url = await floor.start(LOOPBACK)
    idle_lag: list[float] = []
    idle_keys: list[float] = []
    phones = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).with_name("phones_client.py")),
        join.url,
        "--floor",
        floor_url,
        "--phones-count",
        str(count),
        "--rate",
        str(rate),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert phones.stdin is not None and phones.stdout is not None

    async def tell(command: str) -> None:
        assert phones.stdin is not None and phones.stdout is not None
        phones.stdin.write(f"{command}\n".encode())
        await phones.stdin.drain()
        answer = await phones.stdout.readline()
        assert answer.strip() == b"ok", answer

    busy_lag: list[float] = []
    busy_keys: list[float] = []
    paired: list[float] = []  # per area: median keypress while voting / median just before
    cpu_floor = 0.0  # the app process's CPU while the phones load the floor, not the room
    await tell("join")
    started = time.perf_counter()
    for index, area_id in enumerate(areas):
        await asyncio.to_thread(room.show_area, area_id)
        # The idle floor, interleaved with the load so a busy neighbour hits both alike.
        mark = probe.mark()
        await asyncio.sleep(IDLE_SECONDS)
        lag, area_idle = probe.since(mark)
        idle_lag += lag
        idle_keys += area_idle
        cpu_started = cpu_seconds()
        await tell(f"floor {index}")
        cpu_floor += cpu_seconds() - cpu_started
        mark = probe.mark()
        await tell(f"vote {index}")
        lag, keys = probe.since(mark)
        busy_lag += lag
        busy_keys += keys
        if keys and area_idle:
            paired.append(statistics.median(keys) / statistics.median(area_idle))
        status = await asyncio.to_thread(room.status)
        assert len(status.voted) == count, status.summary
        await asyncio.to_thread(room.reveal, write)
    voting_seconds = time.perf_counter() - started - IDLE_SECONDS * len(areas)
    assert phones.stdin is not None
    phones.stdin.write(b"done\n")
    await phones.stdin.drain()
    report = json.loads((await phones.stdout.read()).decode().strip().splitlines()[-1])
    await phones.wait()
    await server.stop()
    await floor.stop()
    cpu_app = cpu_seconds() - cpu_before - (probe.cpu - probe_cpu_before) - cpu_floor
    memory_after = rss_mb()
    probe.running = False
    await probe_task

    # No vote lost or duplicated: the ballots and the written ratings, phone by phone.
    votes, ratings = storage.counts()
    storage.close()
    expected = {
        (f"p{phone + 1}", area_id, level_for(phone, index), 1)
        for index, area_id in enumerate(areas)
        for phone in range(count)
    }
    vote_p95, floor_p95 = p95(report["latencies"]), p95(report["floor"])
    idle_p95, busy_p95 = p95(idle_lag), p95(busy_lag)
    return {
        "ballots": "workspace database, service's writer" if wired else "ballot file",
        "phones": count,
        "areas": len(areas),
        "votes": len(report["latencies"]),
        "failures": report["failures"],
        "votes_exact": set(votes) == expected,
        "ratings_exact": set(ratings) == expected,
        "vote_to_durable_p95_ms": round(vote_p95 * 1000, 2),
        "vote_to_durable_median_ms": round(statistics.median(report["latencies"]) * 1000, 2),
        "served_vote_p95_ms": round(p95(served) * 1000, 2),
        "floor_vote_p95_ms": round(floor_p95 * 1000, 2),
        "floor_vote_median_ms": round(statistics.median(report["floor"]) * 1000, 2),
        "vote_to_floor_ratio": round(vote_p95 / floor_p95, 2),
        # The p95 of both is mostly a vote waiting behind the keypress stand-in's 16 ms on the
        # loop; the medians show the room's own cost per vote.
        "vote_to_floor_median_ratio": round(
            statistics.median(report["latencies"]) / statistics.median(report["floor"]), 2
        ),
        "loop_lag_idle_p95_ms": round(idle_p95 * 1000, 3),
        "loop_lag_voting_p95_ms": round(busy_p95 * 1000, 3),
        "keypress_idle_p95_ms": round(p95(idle_keys) * 1000, 2),
        "keypress_voting_p95_ms": round(p95(busy_keys) * 1000, 2),
        "keypress_p95_ratio": round(p95(busy_keys) / p95(idle_keys), 3),
        # The budget's figure: per area, the median keypress while its votes come in over the
        # median in the idle second and a half just before; the median of those 14 ratios.
        "keypress_ratio": round(statistics.median(paired), 3),
        "keypress_ratio_range": [round(min(paired), 2), round(max(paired), 2)],
        "keypress_samples": [len(idle_keys), len(busy_keys)],
        "memory_growth_mb": round(memory_after - memory_before, 1),
        "cpu_app_s": round(cpu_app, 2),
        # Every phone: a page and a join, then a page and a vote per area.
        "cpu_app_per_request_ms": round(cpu_app * 1000 / (2 * count * (len(areas) + 1)), 3),
        "cpu_phones_s": round(report["cpu"], 2),
        "voting_s": round(voting_seconds, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones-count", type=int, default=40)
    parser.add_argument(
        "--wired",
        action="store_true",
        help="ballots in the workspace database through the service's single writer (the app's way)",
    )
    parser.add_argument("--rate", type=float, default=100.0, help="requests a second, all phones")
    args = parser.parse_args()
    figures = asyncio.run(app_main(args.phones_count, args.rate, args.wired))
    # CONTRACT §9: budgets are ratios to a floor from the same run. The floor is the same vote on
    # a bare endpoint (HTTP, a form, one durable commit), so the ratio is what the room adds; the
    # issue's own bounds (50 ms p95; 40 phones x 14 areas) are checked as they are written.
    vote_ratio = figures["vote_to_durable_p95_ms"] / figures["floor_vote_p95_ms"]
    checks = [
        ("40 phones x 14 areas", figures["phones"] >= 40 and figures["areas"] == 14),
        (
            "no vote lost or duplicated",
            figures["votes_exact"] and figures["ratings_exact"] and not figures["failures"],
        ),
        (
            f"vote-to-durable p95 under 50 ms ({figures['vote_to_durable_p95_ms']:.1f} ms)",
            figures["vote_to_durable_p95_ms"] < 50,
        ),
        (
            f"vote-to-durable p95 within {VOTE_BUDGET}x the bare endpoint's ({vote_ratio:.2f}x)",
            vote_ratio <= VOTE_BUDGET,
        ),
        ("keypress stand-in while voting within 1.2x of idle", figures["keypress_ratio"] <= 1.2),
        ("memory growth under 40 MB", figures["memory_growth_mb"] < 40),
    ]
    print(json.dumps(figures, indent=2))
    for name, passed in checks:
        print(f"{'ok  ' if passed else 'FAIL'} {name}")
    return 0 if all(passed for _name, passed in checks) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
