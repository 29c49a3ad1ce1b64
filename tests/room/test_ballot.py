"""The ballot box: rounds, bindings, votes, reveal; durable across a restart."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from npsworkshop.room.ballot import BallotRefused, RatingToWrite, Vote
from npsworkshop.room.ballot_schema import file_reader, memory_transaction
from npsworkshop.room.ballot_sql import SqlBallotBox
from npsworkshop.room.batching import VoteBatcher
from npsworkshop.room.room import Room
from room.rooms import HOSTILE, SESSION, Ballots

JO, SAM = "a" * 64, "b" * 64
DIMS = ("influence", "processes")


def written() -> tuple[
    list[RatingToWrite], Callable[[sqlite3.Connection, list[RatingToWrite]], None]
]:
    got: list[RatingToWrite] = []
    return got, lambda _db, ratings: got.extend(ratings)


def box_with_two() -> SqlBallotBox:
    box = SqlBallotBox(memory_transaction(), SESSION)
    box.bind("p1", JO)
    box.bind("p2", SAM)
    return box


def refusal(call: Callable[[], object]) -> str:
    with pytest.raises(BallotRefused) as caught:
        call()
    return caught.value.code


def test_a_vote_is_counted_and_the_reveal_hands_over_every_choice() -> None:
    box = box_with_two()
    state = box.show_area("gridded", DIMS)
    assert (state.area_id, state.round, state.open) == ("gridded", 1, True)
    box.vote(JO, "gridded", 1, {"influence": "mature"})
    assert box.tally().voted == frozenset()  # one of two dimensions is not a whole ballot
    box.vote(JO, "gridded", 1, {"processes": None})  # abstaining counts as voted
    box.vote(SAM, "gridded", 1, {"influence": "leader"})
    box.vote(SAM, "gridded", 1, {"influence": "developing"})  # changed before the reveal
    assert box.tally().voted == {"p1"}
    got, write = written()
    assert box.reveal(write) == got
    assert sorted(got, key=lambda r: (r.participant, r.dimension)) == [
        RatingToWrite("p1", "gridded", "influence", "mature"),
        RatingToWrite("p1", "gridded", "processes", None),
        RatingToWrite("p2", "gridded", "influence", "developing"),
    ]
    assert box.state().revealed


def test_no_vote_after_the_reveal_for_another_area_or_an_old_round() -> None:
    box = box_with_two()
    box.show_area("plain", ("",))
    assert refusal(lambda: box.vote(JO, "other", 1, {"": "mature"})) == "wrong-area"
    assert refusal(lambda: box.vote(JO, "plain", 2, {"": "mature"})) == "stale-round"
    assert refusal(lambda: box.vote(JO, "plain", 1, {"x": "mature"})) == "bad-choice"
    assert refusal(lambda: box.vote(JO, "plain", 1, {"": "expert"})) == "bad-choice"
    assert refusal(lambda: box.vote("c" * 64, "plain", 1, {"": "mature"})) == "not-bound"
    box.vote(JO, "plain", 1, {"": "mature"})
    box.reveal(written()[1])
    assert refusal(lambda: box.vote(JO, "plain", 1, {"": "leader"})) == "revealed"
    assert refusal(lambda: box.reveal(written()[1])) == "revealed"
    assert box.votes_of("p1") == {"": "mature"}


def test_a_revote_starts_an_empty_round_and_undo_reopens_the_reveal() -> None:
    box = box_with_two()
    box.show_area("plain", ("",))
    box.vote(JO, "plain", 1, {"": "mature"})
    box.reveal(written()[1])
    assert refusal(lambda: box.undo_reveal("other", lambda db: None)) == "not-revealed"
    restored: list[bool] = []
    box.undo_reveal("plain", lambda db: restored.append(db.in_transaction))
    assert restored == [True]  # the ratings are put back inside the undo's transaction
    assert box.state().open and box.votes_of("p1") == {"": "mature"}
    assert refusal(lambda: box.undo_reveal("plain", lambda db: None)) == "not-revealed"
    state = box.revote("plain", ("",))
    assert (state.round, state.open) == (2, True)
    assert box.votes_of("p1") == {} and box.tally().voted == frozenset()
    # Coming back to the area later shows its latest round, not a new one.
    box.show_area("other", ("",))
    assert box.show_area("plain", ("",)).round == 2


def test_a_name_is_bound_to_one_phone_until_released() -> None:
    box = box_with_two()
    assert refusal(lambda: box.bind("p1", "c" * 64)) == "taken"  # another phone, same name
    assert refusal(lambda: box.bind("p3", JO)) == "taken"  # this phone already votes as p1
    box.bind("p1", JO)  # the same phone again is fine
    assert [r.participant for r in box.refusals()] == ["p3", "p1"]
    box.show_area("plain", ("",))
    box.vote(JO, "plain", 1, {"": "minimum"})
    box.release("p1")  # the wrong person had it: their open votes go with the binding
    assert box.votes_of("p1") == {} and box.bound_to(JO) is None
    assert refusal(lambda: box.bind("p1", JO)) == "taken"  # not back to the phone released
    box.bind("p1", "c" * 64)
    assert box.bindings() == {"p1", "p2"}
    box.bind("p3", JO)  # the released phone may still take its owner's own name
    assert box.bound_to(JO) == "p3"


def test_a_typed_rating_closes_that_participants_ballot() -> None:
    box = box_with_two()
    box.show_area("plain", ("",))
    box.vote(JO, "plain", 1, {"": "innovator"})
    box.vote(SAM, "plain", 1, {"": "mature"})
    box.close_for("p1")
    assert box.tally().closed == {"p1"}
    assert refusal(lambda: box.vote(JO, "plain", 1, {"": "leader"})) == "closed"
    got, write = written()
    box.reveal(write)
    assert got == [RatingToWrite("p2", "plain", "", "mature")]


def test_a_signed_off_session_takes_no_vote() -> None:
    box = box_with_two()
    box.show_area("plain", ("",))
    box.mark_signed_off()
    assert refusal(lambda: box.vote(JO, "plain", 1, {"": "mature"})) == "signed-off"
    assert refusal(lambda: box.show_area("gridded", DIMS)) == "signed-off"


def test_the_sessions_own_sign_off_table_is_heeded_once_wired() -> None:
    transaction = memory_transaction()
    with transaction() as db:
        db.execute("CREATE TABLE sign_off (session_id TEXT PRIMARY KEY)")
    box = SqlBallotBox(transaction, SESSION)
    box.bind("p1", JO)
    box.show_area("plain", ("",))
    with transaction() as db:
        db.execute("INSERT INTO sign_off VALUES (?)", (SESSION,))
    assert refusal(lambda: box.vote(JO, "plain", 1, {"": "mature"})) == "signed-off"


def test_a_failed_write_leaves_the_round_open() -> None:
    box = box_with_two()
    box.show_area("plain", ("",))
    box.vote(JO, "plain", 1, {"": "mature"})

    def fail(_db: sqlite3.Connection, _ratings: list[RatingToWrite]) -> None:
        raise RuntimeError("the service refused")

    with pytest.raises(RuntimeError):
        box.reveal(fail)
    assert box.state().open and box.votes_of("p1") == {"": "mature"}


def test_votes_and_bindings_survive_a_restart(
    ballot_file: Callable[[], Ballots], tmp_path: Path
) -> None:
    first = ballot_file()
    box = SqlBallotBox(first.transaction, SESSION)
    box.bind("p1", JO)
    box.show_area("gridded", DIMS)
    box.vote(JO, "gridded", 1, {"influence": "leader", "processes": "minimum"})
    first.close()  # as if the app stopped right after the phone said "recorded"
    reader, close_reader = file_reader(tmp_path / "ballots.db")
    again = SqlBallotBox(ballot_file().transaction, SESSION, read=reader)
    assert again.bound_to(JO) == "p1"
    assert again.state().area_id == "gridded" and again.state().open
    assert again.votes_of("p1") == {"influence": "leader", "processes": "minimum"}
    assert again.tally().voted == {"p1"}
    again.vote(JO, "gridded", 1, {"influence": "mature"})  # the reader sees each commit at once
    assert again.phone_view(JO).votes == {"influence": "mature", "processes": "minimum"}
    close_reader()


def test_sessions_do_not_see_each_others_ballots() -> None:
    transaction = memory_transaction()
    mine, theirs = SqlBallotBox(transaction, "s1"), SqlBallotBox(transaction, "s2")
    mine.bind("p1", JO)
    mine.show_area("plain", ("",))
    theirs.bind("p1", SAM)
    assert theirs.state().area_id is None
    assert refusal(lambda: theirs.vote(JO, "plain", 1, {"": "mature"})) == "no-area"


def test_votes_arriving_together_are_one_transaction_and_refusals_stay_apart() -> None:
    box = box_with_two()
    box.show_area("plain", ("",))
    results = box.vote_many(
        [
            Vote(JO, "plain", 1, {"": "leader"}),
            Vote("c" * 64, "plain", 1, {"": "minimum"}),  # no name bound to this phone
            Vote(SAM, "plain", 1, {"": None}),
        ]
    )
    assert results[0] == "p1" and results[2] == "p2"
    assert isinstance(results[1], BallotRefused) and results[1].code == "not-bound"
    assert box.tally().voted == {"p1", "p2"}


async def test_the_batcher_answers_each_vote_after_the_commit_that_holds_it() -> None:
    box = box_with_two()
    box.show_area("plain", ("",))
    batches: list[int] = []

    def write(votes: Sequence[Vote]) -> list[str | BallotRefused]:
        batches.append(len(votes))
        return box.vote_many(votes)

    batcher = VoteBatcher(write)
    phones = [JO, SAM] * 10 + ["c" * 64]
    results = await asyncio.gather(
        *(batcher.vote(Vote(p, "plain", 1, {"": "mature"})) for p in phones),
        return_exceptions=True,
    )
    assert results[:20] == ["p1", "p2"] * 10
    assert isinstance(results[20], BallotRefused)
    assert sum(batches) == 21 and len(batches) < 21  # the first alone, the rest together
    assert box.votes_of("p1") == {"": "mature"}


async def test_the_status_stream_follows_changes_made_in_other_threads(room: Room) -> None:
    statuses = room.statuses(settle=0.01)
    first = await anext(statuses)
    assert first.area_id is None and first.summary == "0 of 3 voted"
    room.box.bind("p1", JO)
    await asyncio.to_thread(room.show_area, "engaging-councillors")
    await asyncio.to_thread(room.vote, JO, "engaging-councillors", 1, {"": "mature"})
    status = await anext(statuses)
    while status.summary != "1 of 3 voted":  # changes may come as one status or several
        status = await anext(statuses)
    assert status.area_id == "engaging-councillors"
    assert status.names(status.waiting) == ["Sam Patel", HOSTILE]
    await statuses.aclose()
