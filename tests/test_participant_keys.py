"""Red team R3: a participant's key is never reused within a session, and removing someone
removes everything the phones kept for them, in the removal's own transaction."""

from __future__ import annotations

from contextlib import closing

from npsworkshop.workshop import Workshop
from reliability.helpers import raw

DEVICE = "d" * 64
BALLOT_TABLES = ("ballot_binding", "ballot_released", "ballot_vote", "ballot_closed")


def test_a_removed_participants_key_is_never_given_to_a_newcomer(
    workshop: Workshop, mini_session: str
) -> None:
    keys = [p.key for p in workshop.snapshot(mini_session).record.participants]
    last = keys[-1]
    workshop.rate(mini_session, "plain", last, "leader")
    workshop.remove_participant(mini_session, last)
    newcomer = workshop.add_participant(mini_session, "Dave Later", "Buyer", "")
    assert newcomer not in keys
    workshop.remove_participant(mini_session, newcomer)
    again = workshop.add_participant(mini_session, "Eve Later", "Buyer", "")
    assert again not in {*keys, newcomer}
    ratings = workshop.snapshot(mini_session).record.ratings
    assert all(r.participant != last for r in ratings)


def test_removing_a_participant_drops_their_phone_and_votes(
    workshop: Workshop, mini_session: str
) -> None:
    key = workshop.snapshot(mini_session).record.participants[-1].key
    other = workshop.snapshot(mini_session).record.participants[0].key
    with closing(raw(workshop.workspace)) as db:
        for participant, device in ((key, DEVICE), (other, "e" * 64)):
            db.execute(
                "INSERT INTO ballot_binding VALUES (?, ?, ?, '2026-11-20')",
                (mini_session, participant, device),
            )
            db.execute(
                "INSERT INTO ballot_released VALUES (?, ?, ?, '2026-11-20')",
                (mini_session, participant, "f" * 64),
            )
            db.execute(
                "INSERT INTO ballot_vote VALUES (?, 'plain', 1, ?, '', 'innovator', '2026-11-20')",
                (mini_session, participant),
            )
            db.execute(
                "INSERT INTO ballot_closed VALUES (?, 'gridded', 1, ?, '2026-11-20')",
                (mini_session, participant),
            )
    workshop.remove_participant(mini_session, key)
    with closing(raw(workshop.workspace)) as db:
        for table in BALLOT_TABLES:
            left = db.execute(
                f"SELECT participant FROM {table} WHERE session_id = ?", (mini_session,)
            )
            assert [row[0] for row in left] == [other], table
