"""Rooms for the phone tests: the shipped packs' areas, a roster with a hostile name, ballots in
memory or in a file, and a Starlette test client that speaks like a phone on our own page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from npsworkshop.framework.loader import find_pack
from npsworkshop.framework.models import Pack
from npsworkshop.room.ballot_schema import file_transaction, memory_transaction
from npsworkshop.room.ballot_sql import SqlBallotBox
from npsworkshop.room.content import RoomArea, room_area
from npsworkshop.room.events import EventHub
from npsworkshop.room.gate import Gate
from npsworkshop.room.guards import hosts_for
from npsworkshop.room.room import Room
from npsworkshop.room.webapp import build_app
from room.rooms import PARTICIPANTS, SESSION, Ballots


def pytest_configure(config: pytest.Config) -> None:
    # Starlette 1.x prefers httpx2 for its test client; httpx works the same for these tests.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="session")
def nps() -> Pack:
    return find_pack("nps-2018").pack


@pytest.fixture(scope="session")
def toolkit() -> Pack:
    return find_pack("nps-2018-draft-toolkit").pack


@pytest.fixture
def area_of(nps: Pack, toolkit: Pack) -> Callable[[str], RoomArea]:
    """Areas of both shipped packs by id (the toolkit's have dimensions)."""

    def find(area_id: str) -> RoomArea:
        for pack in (nps, toolkit):
            if area_id in pack.area_ids():
                return room_area(pack, area_id)
        raise KeyError(area_id)

    return find


@pytest.fixture
def ballot_file(tmp_path: Path) -> Iterator[Callable[[], Ballots]]:
    """Open the same ballot file again and again (as an app restart would)."""
    opened: list[Ballots] = []

    def open_file() -> Ballots:
        transaction, close = file_transaction(tmp_path / "ballots.db")
        opened.append(Ballots(transaction, close))
        return opened[-1]

    yield open_file
    for ballots in opened:
        ballots.close()


@pytest.fixture
def room(area_of: Callable[[str], RoomArea]) -> Room:
    return Room(SqlBallotBox(memory_transaction(), SESSION), PARTICIPANTS, area_of)


@pytest.fixture
def web(room: Room) -> Callable[..., Any]:
    """The phones' app for `room` as served on 192.168.1.20:8000, with or without a PIN."""

    def build(pin: str | None = None, on: Room = room) -> Any:
        gate = Gate(origins=hosts_for("192.168.1.20", 8000), pin=pin)
        return build_app(on, gate, EventHub(lambda: on.phones_version))

    return build
