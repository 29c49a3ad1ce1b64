"""Participants removed and added while phones vote (red team R3): a removed person's phone loses
its binding at once, never votes as whoever is added next, and their vote is never revealed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from npsworkshop.room.ballot import RatingToWrite
from npsworkshop.room.ballot_sql import SqlBallotBox
from npsworkshop.room.content import Participant, RoomArea, ballots_of, participants_of
from npsworkshop.room.room import Room
from npsworkshop.workshop import Workshop
from room.rooms import PARTICIPANTS, Phone

Web = Callable[..., Any]
COUNCILLORS = "engaging-councillors"
BOB = PARTICIPANTS[2]  # p3, the last key: the one a reused key would hand on


def joined(app: Any, key: str) -> Phone:
    phone = Phone(app)
    phone.open()
    assert phone.join(key).status_code == 200
    return phone


def revealed(room: Room) -> list[RatingToWrite]:
    written: list[RatingToWrite] = []

    def write(_db: sqlite3.Connection, ratings: list[RatingToWrite]) -> None:
        written.extend(ratings)

    room.reveal(write)
    return written


@pytest.mark.parametrize("carol_key", ["p4", "p3"], ids=["new key", "reused key"])
def test_a_removed_participants_phone_never_votes_as_the_next_one_added(
    web: Web, room: Room, carol_key: str
) -> None:
    app = web()
    bob = joined(app, BOB.key)
    room.show_area(COUNCILLORS)
    assert bob.vote("innovator").status_code == 200
    assert room.status().summary == "1 of 3 voted"
    his_ballot = {**bob.form("/vote")["hidden"], "choice": "minimum"}  # a real token for his phone

    room.set_participants(PARTICIPANTS[:2])  # the facilitator removes Bob
    status = room.status()
    assert (
        status.summary == "0 of 2 voted" and status.bound == () and status.waiting == ("p1", "p2")
    )
    assert room.box.bindings() == frozenset() and room.box.votes_of(BOB.key) == {}
    page = bob.open()
    assert "Who are you?" in page and "Voting as" not in page  # back to picking a name
    refused = bob.post("/vote", his_ballot)
    assert refused.status_code == 403 and "Pick your name first" in bob.page

    carol = Participant(carol_key, "Carol Later")
    room.set_participants([*PARTICIPANTS[:2], carol])  # and adds a latecomer
    assert "Carol Later" in bob.open()
    assert bob.post("/vote", his_ballot).status_code == 403
    assert room.box.votes_of(carol_key) == {}
    carols_phone = joined(app, carol_key)
    assert "Voting as" in carols_phone.page and "Carol Later" in carols_phone.page
    assert 'aria-pressed="true"' not in carols_phone.open()  # nothing chosen for her yet
    assert room.status().bound == (carol_key,) and room.status().summary == "0 of 3 voted"
    assert revealed(room) == []  # Bob's innovator is nobody's rating


def test_a_phone_bound_to_someone_no_longer_listed_picks_a_name_again(
    web: Web, room: Room, area_of: Callable[[str], RoomArea]
) -> None:
    """Bob was removed while the app was closed: the room starts without him, his binding is
    still in the ballot box, and his phone is sent to pick a name (and may pick one)."""
    bob = joined(web(), BOB.key)
    room.show_area(COUNCILLORS)
    bob.vote("leader")
    vote_form = bob.form("/vote")["hidden"]
    again = Room(room.box, PARTICIPANTS[:2], area_of)
    app = web(on=again)
    phone = Phone(app)
    phone.client.cookies = bob.client.cookies
    assert "Who are you?" in phone.open()
    assert phone.post("/vote", {**vote_form, "choice": "minimum"}).status_code == 403
    assert again.box.votes_of(BOB.key) == {"": "leader"}  # not changed by the refused vote
    assert phone.join("p2").status_code == 200 and "Sam Patel" in phone.page
    assert again.box.bindings() == frozenset({"p2"}) and again.box.votes_of(BOB.key) == {}
    assert revealed(again) == []


def test_removal_through_the_service_then_a_latecomer(
    workshop: Workshop, mini_session: str, web: Web
) -> None:
    """The app's path: remove Bob in the session, the room hears; add Carol, the room hears."""
    from npsworkshop.room.ballot_schema import memory_transaction

    snapshot = workshop.snapshot(mini_session)
    people = participants_of(snapshot)
    room = Room(SqlBallotBox(memory_transaction(), mini_session), people, ballots_of(snapshot.pack))
    app = web(on=room)
    bob_key = people[-1].key
    bob = joined(app, bob_key)
    area = snapshot.pack.area_ids()[0]
    room.show_area(area)
    bob.open()
    dimension = bob.form("/vote")["hidden"]["dimension"]
    assert bob.vote("leader", dimension).status_code == 200
    old_form = {**bob.form("/vote", dimension=dimension)["hidden"], "choice": "minimum"}

    workshop.remove_participant(mini_session, bob_key)
    room.set_participants(participants_of(workshop.snapshot(mini_session)))
    carol_key = workshop.add_participant(mini_session, "Carol Later", "Officer", "Legal")
    room.set_participants(participants_of(workshop.snapshot(mini_session)))

    assert bob.post("/vote", old_form).status_code == 403
    assert "Who are you?" in bob.page and room.box.votes_of(carol_key) == {}
    carol = joined(app, carol_key)
    assert "Carol Later" in carol.page
    assert room.status().bound == (carol_key,)
    assert all(r.level != "leader" for r in revealed(room))


def test_fixing_a_name_keeps_the_phone_and_its_vote(web: Web, room: Room) -> None:
    """V8: a typo fixed in Bob's name while phones vote keeps his phone bound and his vote for
    the reveal (keys are never handed on, so the key is still Bob)."""
    bob = joined(web(), BOB.key)
    room.show_area(COUNCILLORS)
    bob.vote("leader")
    room.set_participants([*PARTICIPANTS[:2], Participant(BOB.key, "Bob Renamed")])
    assert "Voting as" in bob.open() and "Bob Renamed" in bob.page
    assert room.box.bindings() == frozenset({BOB.key})
    assert [r.level for r in revealed(room)] == ["leader"]
