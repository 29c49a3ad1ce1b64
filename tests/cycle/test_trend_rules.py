"""Trend (change, ambition and interim reached) and the interim-step rule (CONTRACT §5, §9)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npsworkshop.assessment.trend import (
    BaselineArea,
    Step,
    area_trend,
    check_interim,
    compare,
    interim_problems,
)
from npsworkshop.errors import Refused
from npsworkshop.framework.levels import LEVELS, LevelId, ordinal

HELD = date(2026, 11, 20)


def test_change_is_current_minus_baseline() -> None:
    base = BaselineArea(
        "developing", Step("leader", date(2028, 3, 31)), Step("mature", date(2027, 3, 31))
    )
    t = area_trend("a", base, "mature")
    assert (t.baseline_level, t.level, t.change) == ("developing", "mature", 1)
    assert (t.baseline_ambition, t.ambition_reached, t.interim_reached) == ("leader", False, True)
    assert area_trend("a", base, "minimum").change == -1


def test_nulls_where_a_side_has_no_level_or_no_target() -> None:
    t = area_trend("a", BaselineArea("mature", Step("leader")), None)
    assert (t.change, t.ambition_reached, t.interim_reached) == (None, None, None)
    t = area_trend("a", BaselineArea(None), "mature")
    assert (t.change, t.baseline_ambition, t.ambition_reached) == (None, None, None)
    t = area_trend("a", None, "mature")
    assert t.baseline_level is None and t.change is None
    t = area_trend("a", BaselineArea("mature", Step("mature")), "mature")
    assert t.ambition_reached is True and t.interim_reached is None


def test_compare_follows_the_area_order_and_covers_either_side() -> None:
    rows = compare(["x", "y", "z"], {"z": BaselineArea("mature")}, {"x": "leader", "y": None})
    assert [r.area_id for r in rows] == ["x", "y", "z"]


levels = st.sampled_from(LEVELS)


@given(st.none() | levels, st.none() | levels, st.none() | levels)
def test_trend_properties(
    base: LevelId | None, now: LevelId | None, ambition: LevelId | None
) -> None:
    t = area_trend("a", BaselineArea(base, Step(ambition) if ambition else None), now)
    if base and now:
        assert t.change == ordinal(now) - ordinal(base)
    else:
        assert t.change is None
    if now is None or ambition is None:
        assert t.ambition_reached is None
    else:
        assert t.ambition_reached == (ordinal(now) >= ordinal(ambition))


def test_an_interim_step_lies_between_now_and_the_ambition() -> None:
    ambition = Step("leader", date(2029, 3, 31))
    check_interim("developing", Step("mature", date(2028, 3, 31)), ambition, HELD)
    check_interim("mature", Step("mature", date(2027, 3, 31)), ambition, HELD)  # hold, then rise
    check_interim("developing", Step("leader", date(2027, 3, 31)), ambition, HELD)
    with pytest.raises(Refused, match="below the council's current level"):
        check_interim("leader", Step("mature", date(2028, 3, 31)), ambition, HELD)
    with pytest.raises(Refused, match="above the ambition"):
        check_interim("developing", Step("innovator", date(2028, 3, 31)), ambition, HELD)


def test_an_interim_date_lies_between_the_session_and_the_ambition() -> None:
    ambition = Step("leader", date(2029, 3, 31))
    assert interim_problems("developing", Step("mature", HELD), ambition, HELD)
    assert interim_problems("developing", Step("mature", date(2029, 3, 31)), ambition, HELD)
    assert interim_problems("developing", Step("mature", None), ambition, HELD)
    assert not interim_problems(
        "developing", Step("mature", date(2030, 1, 1)), Step("leader"), HELD
    )
