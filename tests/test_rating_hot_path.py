"""The rating hot path (`Workshop.rate` in plain SQL, see bench/rating.py) keeps every guarantee of
the service's other changes: one transaction with its event row, and the refusals."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from conftest import complete
from npsworkshop.errors import NotFound, Refused
from npsworkshop.workshop import Workshop


def events(workshop: Workshop, session_id: str) -> list[tuple[str, dict[str, object]]]:
    with closing(sqlite3.connect(workshop.workspace.database)) as db:
        rows = db.execute(
            "SELECT kind, detail FROM event WHERE session_id = ? ORDER BY id", (session_id,)
        ).fetchall()
    return [(kind, json.loads(detail)) for kind, detail in rows]


def test_a_rating_is_one_change_with_its_event(workshop: Workshop, mini_session: str) -> None:
    workshop.rate(mini_session, "gridded", "p2", "mature", "influence")
    workshop.rate(mini_session, "gridded", "p2", None, "influence")
    kinds = events(workshop, mini_session)[-2:]
    assert kinds == [
        (
            "rated",
            {"participant": "p2", "dimension": "influence", "new": "mature", "old": "unrated"},
        ),
        ("rated", {"participant": "p2", "dimension": "influence", "new": None, "old": "mature"}),
    ]
    [rating] = [r for r in workshop.snapshot(mini_session).record.ratings if r.participant == "p2"]
    assert (rating.area, rating.dimension, rating.level) == ("gridded", "influence", None)


def test_a_refused_rating_leaves_nothing_behind(workshop: Workshop, mini_session: str) -> None:
    before = events(workshop, mini_session)
    with pytest.raises(NotFound, match="no participant 'p9'"):
        workshop.rate(mini_session, "plain", "p9", "mature")
    with pytest.raises(NotFound, match="not in the scope"):
        workshop.rate(mini_session, "elsewhere", "p1", "mature")
    assert events(workshop, mini_session) == before
    workshop.rate(mini_session, "plain", "p1", "mature")  # the connection is usable again
    assert events(workshop, mini_session)[-1][0] == "rated"


def test_a_sign_off_removed_behind_a_running_service_is_still_caught(
    workshop: Workshop, mini_session: str
) -> None:
    """The service remembers how far it has read the event log; a sign-off logged after that,
    by another process, whose row is then deleted, still keeps the session read-only."""
    workshop.rate(mini_session, "plain", "p1", "mature")
    with Workshop.open(workshop.workspace) as other:
        complete(other, mini_session)
        other.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    with closing(sqlite3.connect(workshop.workspace.database)) as db:
        db.execute("DROP TRIGGER sign_off_delete")
        db.execute("DELETE FROM sign_off")
        db.commit()
    with pytest.raises(Refused, match="sign-off has been removed"):
        workshop.rate(mini_session, "plain", "p1", "innovator")
