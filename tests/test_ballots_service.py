"""Phone ballots through the service: the reveal writes every vote as a rating with its event in
the ballot box's one transaction; a refused rating leaves nothing; votes survive a reopen; the
undo of a reveal puts every cell back and reopens the round in one transaction, or changes
nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from npsworkshop.errors import InputError, NotFound
from npsworkshop.room import ballot_queries
from npsworkshop.room.ballot import BallotRefused, RatingToWrite
from npsworkshop.room.ballot_schema import file_reader
from npsworkshop.room.ballot_sql import SqlBallotBox
from npsworkshop.room.content import ballots_of, participants_of
from npsworkshop.room.room import Room
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

JO, SAM, ALI = ("a" * 64, "b" * 64, "c" * 64)


@pytest.fixture
def room(workshop: Workshop, mini_session: str) -> Iterator[Room]:
    yield room_of(workshop, mini_session)


def room_of(workshop: Workshop, session_id: str) -> Room:
    read, _close = file_reader(workshop.workspace.database)
    snapshot = workshop.snapshot(session_id)
    box = SqlBallotBox(workshop.ballot_transaction, session_id, read=read)
    return Room(box, participants_of(snapshot), ballots_of(snapshot.pack))


def reveal(workshop: Workshop, session_id: str, room: Room) -> list[RatingToWrite]:
    return room.reveal(lambda db, ratings: workshop.rate_many(session_id, ratings, db=db))


def vote_gridded(room: Room) -> None:
    for participant, device in (("p1", JO), ("p2", SAM), ("p3", ALI)):
        room.bind(participant, device)
    state = room.show_area("gridded")
    room.vote(JO, "gridded", state.round, {"influence": "leader", "processes": None})
    room.vote(SAM, "gridded", state.round, {"influence": "minimum", "processes": "mature"})
    room.vote(ALI, "gridded", state.round, {"influence": "developing", "processes": "mature"})


def rows(workspace: Workspace, sql: str, *args: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(workspace.database)) as db:
        return db.execute(sql, args).fetchall()


def ratings_of(workshop: Workshop, session_id: str) -> set[tuple[str, str | None, str | None]]:
    return {
        (r.participant, r.dimension, r.level)
        for r in workshop.snapshot(session_id).record.ratings
        if r.area == "gridded"
    }


def test_the_reveal_writes_every_vote_and_its_event_in_one_transaction(
    workshop: Workshop, mini_session: str, room: Room
) -> None:
    vote_gridded(room)
    workshop.rate(mini_session, "gridded", "p2", "developing", "influence")  # typed first
    written = reveal(workshop, mini_session, room)

    assert len(written) == 6
    assert ratings_of(workshop, mini_session) == {
        ("p1", "influence", "leader"),
        ("p1", "processes", None),
        ("p2", "influence", "minimum"),
        ("p2", "processes", "mature"),
        ("p3", "influence", "developing"),
        ("p3", "processes", "mature"),
    }
    events = rows(
        workshop.workspace,
        "SELECT at, area_id, json_extract(detail, '$.participant'), "
        "json_extract(detail, '$.dimension'), json_extract(detail, '$.new'), "
        "json_extract(detail, '$.old') FROM event WHERE session_id = ? AND kind = 'rated' "
        "ORDER BY id",
        mini_session,
    )
    typed, batch = events[0], events[1:]
    assert typed[2:] == ("p2", "influence", "developing", "unrated")
    assert [e[2:] for e in batch] == [
        ("p1", "influence", "leader", "unrated"),
        ("p1", "processes", None, "unrated"),
        ("p2", "influence", "minimum", "developing"),  # as rate logs a change
        ("p2", "processes", "mature", "unrated"),
        ("p3", "influence", "developing", "unrated"),
        ("p3", "processes", "mature", "unrated"),
    ]
    # One commit: every event has the one stamp, which is the session's, and the round closed.
    stamps = {e[0] for e in batch}
    assert len(stamps) == 1
    assert rows(
        workshop.workspace, "SELECT updated_at FROM workshop_session WHERE id = ?", mini_session
    ) == [(stamps.pop(),)]
    assert room.status().revealed
    assert rows(
        workshop.workspace, "SELECT count(*) FROM ballot_round WHERE revealed_at IS NOT NULL"
    ) == [(1,)]


def test_a_refused_rating_leaves_nothing(workshop: Workshop, mini_session: str, room: Room) -> None:
    vote_gridded(room)
    events_before = rows(workshop.workspace, "SELECT count(*) FROM event")

    def refused_after_writing(db: sqlite3.Connection, ratings: list[RatingToWrite]) -> None:
        workshop.rate_many(mini_session, ratings, db=db)
        raise NotFound("no participant p3")  # the service refusing part way through

    with pytest.raises(NotFound, match="p3"):
        room.reveal(refused_after_writing)

    assert ratings_of(workshop, mini_session) == set()
    assert rows(workshop.workspace, "SELECT count(*) FROM event") == events_before
    status = room.status()
    assert not status.revealed and status.voted == ("p1", "p2", "p3")  # votes kept, round open
    with pytest.raises(InputError, match="unknown level"):  # checked before anything is written
        workshop.rate_many(mini_session, [RatingToWrite("p1", "plain", "", "expert")])
    assert rows(workshop.workspace, "SELECT count(*) FROM event") == events_before

    reveal(workshop, mini_session, room)  # revealing again once the cause is put right
    assert {p for p, _d, _l in ratings_of(workshop, mini_session)} == {"p1", "p2", "p3"}


def test_rate_many_on_its_own_is_rates_checks(workshop: Workshop, mini_session: str) -> None:
    workshop.rate_many(
        mini_session,
        [RatingToWrite("p1", "plain", "", "mature"), RatingToWrite("p2", "plain", "", None)],
    )
    with pytest.raises(InputError, match="dimension"):
        workshop.rate_many(
            mini_session,
            [
                RatingToWrite("p3", "plain", "", "leader"),
                RatingToWrite("p1", "gridded", "", "leader"),
            ],
        )
    levels = {
        (r.participant, r.level)
        for r in workshop.snapshot(mini_session).record.ratings
        if r.area == "plain"
    }
    assert levels == {("p1", "mature"), ("p2", None)}  # p3's rating went with the refused batch


def test_votes_and_bindings_survive_a_reopen(
    workspace: Workspace, mini_session: str, workshop: Workshop
) -> None:
    vote_gridded(room_of(workshop, mini_session))
    workshop.close()

    with Workshop.open(workspace) as reopened:
        room = room_of(reopened, mini_session)
        status = room.status()
        assert status.area_id == "gridded" and not status.revealed
        assert status.voted == ("p1", "p2", "p3") and status.bound == ("p1", "p2", "p3")
        reveal(reopened, mini_session, room)
        assert ("p1", "influence", "leader") in ratings_of(reopened, mini_session)


def test_the_ballot_tables_are_in_the_workspace_database(
    workshop: Workshop, mini_session: str, room: Room
) -> None:
    vote_gridded(room)
    path: Path = workshop.workspace.database
    assert rows(workshop.workspace, "SELECT count(*) FROM ballot_vote") == [(6,)]
    assert not (path.parent / "ballots.db").exists()


@dataclass(frozen=True)
class Cell:
    """A cell as it was before the reveal (the app's undo keeps these)."""

    area: str
    participant: str
    dimension: str | None
    given: bool
    level: str | None


def revealed_with_one_typed(workshop: Workshop, session_id: str, room: Room) -> list[Cell]:
    """Phones vote on the gridded area, p2's influence was typed first; the reveal; what the
    cells held before it."""
    vote_gridded(room)
    workshop.rate(session_id, "gridded", "p2", "developing", "influence")
    before = {("p2", "influence"): "developing"}
    return [
        Cell(
            "gridded",
            r.participant,
            r.dimension,
            (r.participant, r.dimension) in before,
            before.get((r.participant, r.dimension)),
        )
        for r in reveal(workshop, session_id, room)
    ]


def undo(workshop: Workshop, session_id: str, room: Room, cells: list[Cell]) -> None:
    room.undo_reveal("gridded", lambda db: workshop.restore_ratings(session_id, cells, db=db))


def test_undoing_a_reveal_puts_every_cell_back_and_reopens_the_round_in_one_transaction(
    workshop: Workshop, mini_session: str, room: Room
) -> None:
    cells = revealed_with_one_typed(workshop, mini_session, room)
    events_before = rows(workshop.workspace, "SELECT max(id) FROM event")[0][0]
    undo(workshop, mini_session, room, cells)

    assert ratings_of(workshop, mini_session) == {("p2", "influence", "developing")}
    status = room.status()
    assert not status.revealed and status.voted == ("p1", "p2", "p3")  # votes kept, open again
    events = rows(
        workshop.workspace,
        "SELECT at, kind, json_extract(detail, '$.participant'), "
        "json_extract(detail, '$.dimension'), json_extract(detail, '$.old') "
        "FROM event WHERE id > ? ORDER BY id",
        events_before,
    )
    assert [e[1:4] for e in events if e[1] == "rated"] == [("rated", "p2", "influence")]
    assert sorted(e[2:4] for e in events if e[1] == "rating-cleared") == [
        ("p1", "influence"),
        ("p1", "processes"),
        ("p2", "processes"),
        ("p3", "influence"),
        ("p3", "processes"),
    ]
    assert rows(
        workshop.workspace, "SELECT updated_at FROM workshop_session WHERE id = ?", mini_session
    ) == [(max(e[0] for e in events),)]  # the session stamped as the undo's events
    # Revealing again writes the same votes (the round was reopened, not replaced).
    reveal(workshop, mini_session, room)
    assert ("p1", "influence", "leader") in ratings_of(workshop, mini_session)


def test_a_failure_mid_undo_leaves_nothing_half_undone(
    workshop: Workshop, mini_session: str, room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = revealed_with_one_typed(workshop, mini_session, room)
    revealed = ratings_of(workshop, mini_session)
    events_before = rows(workshop.workspace, "SELECT count(*) FROM event")

    def unchanged() -> None:
        assert ratings_of(workshop, mini_session) == revealed
        assert rows(workshop.workspace, "SELECT count(*) FROM event") == events_before
        assert room.status().revealed

    # The service refuses the last cell after putting the others back: none of it stays.
    with pytest.raises(NotFound, match="p9"):
        undo(workshop, mini_session, room, [*cells, Cell("gridded", "p9", "influence", True, None)])
    unchanged()
    # Every cell is put back, then reopening the round fails (a disk error): none of it stays.
    monkeypatch.setattr(ballot_queries, "UNREVEAL", "UPDATE no_such_table SET x = 1")
    with pytest.raises(sqlite3.OperationalError):
        undo(workshop, mini_session, room, cells)
    unchanged()

    monkeypatch.undo()
    undo(workshop, mini_session, room, cells)  # and then it goes through whole
    assert ratings_of(workshop, mini_session) == {("p2", "influence", "developing")}
    assert not room.status().revealed


def test_a_removal_the_room_has_not_heard_of_yet_refuses_the_phone_and_spares_the_reveal(
    workshop: Workshop, mini_session: str, room: Room
) -> None:
    """V10: between the removal's save and the room hearing of it, the removed person's phone
    cannot bind or vote again (the database's roster is checked), and a vote of theirs that got
    in anyway is left out of the reveal and noted, instead of the reveal failing for everyone."""
    vote_gridded(room)
    workshop.remove_participant(mini_session, "p3")  # the room still lists p3
    with pytest.raises(BallotRefused) as refused:
        room.bind("p3", ALI)
    assert refused.value.code == "not-listed"
    state = room.box.state()
    with closing(sqlite3.connect(workshop.workspace.database)) as db, db:
        db.execute(  # what a vote slipped in before the removal's commit would leave
            "INSERT INTO ballot_vote VALUES (?, 'gridded', ?, 'p3', 'influence', 'leader', 'now')",
            (mini_session, state.round),
        )
    written = reveal(workshop, mini_session, room)
    assert {r.participant for r in written} == {"p1", "p2"}
    assert ("p1", "influence", "leader") in ratings_of(workshop, mini_session)
    assert any(r.participant == "p3" and "left out" in r.reason for r in room.box.refusals())
