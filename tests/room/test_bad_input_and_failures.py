"""Phone input that cannot be parsed is refused cleanly (red team R5, R19), a vote the disk or
another program's write lock refuses is a page that says so and an alert for the facilitator
(R9), and the server's log does not grow without bound."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from npsworkshop.room.ballot import BallotRefused, NotRecorded, Vote
from npsworkshop.room.ballot_schema import memory_transaction
from npsworkshop.room.ballot_sql import SqlBallotBox
from npsworkshop.room.batching import VoteBatcher
from npsworkshop.room.content import RoomArea
from npsworkshop.room.room import Room
from npsworkshop.room.server import MAX_LOGGED_ERRORS, _LogToFile
from npsworkshop.room.tokens import DEVICE_COOKIE
from room.rooms import BASE, PARTICIPANTS, SESSION, Phone

Web = Callable[..., Any]
COUNCILLORS = "engaging-councillors"


def joined(app: Any, key: str) -> Phone:
    phone = Phone(app)
    phone.open()
    assert phone.join(key).status_code == 200
    return phone


def test_a_unicode_digit_round_or_length_is_not_understood(web: Web, room: Room) -> None:
    phone = joined(web(), "p1")
    room.show_area(COUNCILLORS)
    phone.open()
    fields = {**phone.form("/vote")["hidden"], "choice": "mature"}
    assert phone.post("/vote", {**fields, "round": "²"}).status_code == 400
    assert phone.post("/vote", {**fields, "round": "١"}).status_code == 400  # Arabic-Indic one
    response = phone.client.post(
        "/vote",
        content=b"x",
        headers={"origin": BASE, "content-length": "²".encode("latin-1")},  # type: ignore[dict-item]
    )
    assert response.status_code in (400, 413)
    huge = phone.client.post(
        "/vote", content=b"x", headers={"origin": BASE, "content-length": "9" * 5000}
    )
    assert huge.status_code == 413  # int() refuses over 4,300 digits: never asked
    assert room.box.votes_of("p1") == {}


@pytest.mark.parametrize("origin", ["http://[", "http://[::1", "http://]x["])
def test_a_malformed_origin_or_referer_is_refused(web: Web, room: Room, origin: str) -> None:
    phone = Phone(web())
    phone.open()
    fields = {**phone.form("/join")["hidden"], "participant": "p1"}
    assert phone.post("/join", fields, origin=origin).status_code == 403
    no_origin = Phone(web(), origin=None)
    no_origin.client.cookies = phone.client.cookies
    assert no_origin.post("/join", fields, referer=origin).status_code == 403
    assert room.box.bindings() == frozenset()


def test_pin_posts_from_made_up_cookies_are_rate_limited_per_address(web: Web) -> None:
    app = web(pin="4821")
    statuses = []
    for n in range(80):
        phone = Phone(app)
        phone.client.cookies.set(DEVICE_COOKIE, f"{n:043d}")
        statuses.append(phone.post("/pin", {"token": "x", "pin": "0000"}).status_code)
    assert statuses[0] == 403 and statuses.count(429) >= 10


class FailingWrites:
    """A memory ballot transaction whose commits fail on demand, as on a full disk."""

    def __init__(self) -> None:
        self.inner = memory_transaction()
        self.error: str | None = None

    @contextlib.contextmanager
    def __call__(self) -> Iterator[sqlite3.Connection]:
        with self.inner() as db:
            yield db
            if self.error is not None:
                raise sqlite3.OperationalError(self.error)


@pytest.mark.parametrize(
    ("error", "said"),
    [
        ("database or disk is full", "the disk is full"),
        ("database is locked", "another program is writing to the database"),
    ],
)
def test_a_vote_the_disk_refuses_says_so_and_alerts_the_facilitator(
    web: Web, area_of: Callable[[str], RoomArea], error: str, said: str
) -> None:
    writes = FailingWrites()
    room = Room(SqlBallotBox(writes, SESSION, read=writes.inner), PARTICIPANTS, area_of)
    phone = joined(web(on=room), "p1")
    room.show_area(COUNCILLORS)
    phone.open()
    writes.error = error
    response = phone.vote("mature")
    assert response.status_code == 503
    assert f"Your vote was not recorded: {said}. Tell the facilitator." in phone.page
    assert phone.form("/vote")  # the ballot again, to vote once the facilitator has sorted it
    assert room.box.votes_of("p1") == {}
    alerts = room.status().alerts
    assert alerts and alerts[0].text.startswith(f"Not saved: 1 phone vote ({said})")
    writes.error = None
    assert phone.vote("mature").status_code == 200 and room.box.votes_of("p1") == {"": "mature"}


def test_every_vote_of_a_failed_batch_is_told() -> None:
    def write(votes: Any) -> list[str | BallotRefused]:
        raise NotRecorded("the disk is full")

    async def three() -> list[Any]:
        batcher = VoteBatcher(write)
        tries = [batcher.vote(Vote(f"d{n}", "a", 1, {"": "mature"})) for n in range(3)]
        return await asyncio.gather(*tries, return_exceptions=True)

    results = asyncio.run(three())
    assert [type(r) for r in results] == [NotRecorded] * 3


def test_the_servers_log_keeps_the_first_errors_and_counts_the_rest(tmp_path: Path) -> None:
    log_file = tmp_path / "npsworkshop.log"
    handler = _LogToFile(log_file)
    for n in range(MAX_LOGGED_ERRORS + 500):
        handler.emit(logging.LogRecord("uvicorn", logging.ERROR, "x", 1, f"boom {n}", None, None))
    text = log_file.read_text()
    assert text.count("--- ") == MAX_LOGGED_ERRORS
    handler.summarise()
    assert "500 more errors in this run were not logged" in log_file.read_text()
