"""Where a stopped review carries on, worked out from the stored session only."""

from __future__ import annotations

from datetime import date

from npsworkshop.review.position import SUMMARY, Position, describe_position, resume_position
from npsworkshop.workshop import Workshop


def position(workshop: Workshop, session: str) -> Position:
    return resume_position(workshop.snapshot(session))


def finish_area(workshop: Workshop, session: str, area: str) -> None:
    dims: list[str | None] = [d.id for d in workshop.snapshot(session).pack.area(area).dimensions]
    dims = dims or [None]
    for dim in dims:
        for person in ("p1", "p2", "p3"):
            workshop.rate(session, area, person, "mature", dim)
    workshop.justify(session, area, "Evidence.")
    workshop.set_ambition(session, area, "leader", date(2028, 3, 31))


def test_a_new_session_starts_at_the_first_areas_levels(
    workshop: Workshop, mini_session: str
) -> None:
    assert position(workshop, mini_session) == Position("plain", "ratings")


def test_each_step_of_an_area_in_turn(workshop: Workshop, mini_session: str) -> None:
    workshop.rate(mini_session, "plain", "p1", "mature")
    workshop.abstain(mini_session, "plain", "p2")
    assert position(workshop, mini_session) == Position("plain", "ratings")
    workshop.rate(mini_session, "plain", "p3", "developing")
    assert position(workshop, mini_session) == Position("plain", "justification")
    workshop.justify(mini_session, "plain", "Evidence.")
    assert position(workshop, mini_session) == Position("plain", "ambition")
    workshop.set_ambition(mini_session, "plain", "mature")
    assert position(workshop, mini_session) == Position("gridded", "ratings")


def test_every_dimension_must_be_answered(workshop: Workshop, mini_session: str) -> None:
    finish_area(workshop, mini_session, "plain")
    for person in ("p1", "p2", "p3"):
        workshop.rate(mini_session, "gridded", person, "mature", "influence")
    workshop.justify(mini_session, "gridded", "Evidence.")
    workshop.set_ambition(mini_session, "gridded", "leader")
    # Complete by the rules, but the review still asks for the Processes row.
    assert workshop.snapshot(mini_session).area("gridded").complete
    assert position(workshop, mini_session) == Position("gridded", "ratings")


def test_an_area_where_everyone_said_dont_know_is_asked_again(
    workshop: Workshop, mini_session: str
) -> None:
    for person in ("p1", "p2", "p3"):
        workshop.abstain(mini_session, "plain", person)
    workshop.justify(mini_session, "plain", "Nobody knows.")
    assert position(workshop, mini_session) == Position("plain", "ratings")


def test_stopping_in_the_actions_returns_to_them(workshop: Workshop, mini_session: str) -> None:
    finish_area(workshop, mini_session, "plain")
    workshop.set_last_area(mini_session, "plain")
    assert position(workshop, mini_session) == Position("plain", "actions")
    workshop.set_last_area(mini_session, "gridded")
    assert position(workshop, mini_session) == Position("gridded", "ratings")


def test_a_finished_review_goes_to_the_summary(workshop: Workshop, mini_session: str) -> None:
    for area in ("plain", "gridded", "talent"):
        finish_area(workshop, mini_session, area)
    workshop.set_last_area(mini_session, "plain")
    snap = workshop.snapshot(mini_session)
    assert resume_position(snap) == SUMMARY
    assert describe_position(snap, SUMMARY) == "the summary and sign-off"
    workshop.set_last_area(mini_session, "talent")
    assert position(workshop, mini_session) == Position("talent", "actions")
