"""The room against the real workshop service: phones vote on a session's area, the reveal's
ratings go through the service's rating command and are the session's ratings."""

from __future__ import annotations

import sqlite3
from typing import Any

from npsworkshop.room.ballot import RatingToWrite
from npsworkshop.room.ballot_schema import memory_transaction
from npsworkshop.room.ballot_sql import SqlBallotBox
from npsworkshop.room.content import ballots_of, participants_of
from npsworkshop.room.events import EventHub
from npsworkshop.room.gate import Gate
from npsworkshop.room.guards import hosts_for
from npsworkshop.room.room import Room
from npsworkshop.room.webapp import build_app
from npsworkshop.workshop import Workshop
from room.rooms import Phone


def test_phone_votes_become_the_sessions_ratings(workshop: Workshop, mini_session: str) -> None:
    snapshot = workshop.snapshot(mini_session)
    room = Room(
        SqlBallotBox(memory_transaction(), mini_session),
        participants_of(snapshot),
        ballots_of(snapshot.pack),
    )
    gate = Gate(origins=hosts_for("192.168.1.20", 8000))
    app: Any = build_app(room, gate, EventHub(lambda: room.phones_version))
    jo, sam = Phone(app), Phone(app)
    for phone, key in ((jo, "p1"), (sam, "p2")):
        phone.open()
        phone.join(key)
    room.show_area("gridded")
    jo.vote("leader", "influence")
    jo.vote("abstain", "processes")
    sam.vote("minimum", "influence")
    workshop.rate(mini_session, "gridded", "p2", "developing", "processes")  # typed
    room.typed("p2")  # the app closes Sam's phone ballot when it types for Sam

    def write(_db: sqlite3.Connection, ratings: list[RatingToWrite]) -> None:
        # Stands in for the batch rating the lead lands (one transaction): the same command.
        for rating in ratings:
            workshop.rate(
                mini_session,
                rating.area_id,
                rating.participant,
                rating.level,  # type: ignore[arg-type]
                rating.dimension or None,
            )

    room.reveal(write)
    ratings = {
        (r.participant, r.dimension, r.level)
        for r in workshop.snapshot(mini_session).record.ratings
        if r.area == "gridded"
    }
    assert ratings == {
        ("p1", "influence", "leader"),
        ("p1", "processes", None),
        ("p2", "processes", "developing"),  # typed, and Sam's phone vote was not used
    }
    status = room.status()
    assert status.revealed and status.summary == "2 of 3 voted"
    assert status.names(status.waiting) == ["Ali Jones"]
