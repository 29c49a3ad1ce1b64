"""The method's rules: weakest level, moderation, ambition, completeness, progress."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npsworkshop.assessment import rules
from npsworkshop.assessment.rules import Rating
from npsworkshop.errors import Refused
from npsworkshop.framework.levels import LEVELS, as_level, level_at, lowest, ordinal

levels = st.sampled_from(LEVELS)
maybe_levels = st.one_of(st.none(), levels)
ratings = st.lists(
    st.builds(
        Rating,
        participant=st.sampled_from(["p1", "p2", "p3", "p4"]),
        level=maybe_levels,
        dimension=st.sampled_from([None, "influence", "processes"]),
    ),
    max_size=30,
)


def test_levels_are_ordered_lowest_first() -> None:
    assert [ordinal(level) for level in LEVELS] == [1, 2, 3, 4, 5]
    assert level_at(3) == "mature"
    assert lowest(["leader", "developing", "innovator"]) == "developing"
    assert lowest([]) is None
    with pytest.raises(ValueError, match="unknown level"):
        ordinal("expert")
    with pytest.raises(ValueError):
        as_level("average")


def test_weakest_level_names_who_gave_it_and_the_spread() -> None:
    result = rules.weakest_level(
        [
            Rating("p1", "mature"),
            Rating("p2", "developing"),
            Rating("p3", None),
            Rating("p4", "developing"),
        ]
    )
    assert result is not None
    assert result.weakest_level == "developing"
    assert result.weakest_by == ("p2", "p4")
    assert (result.rated, result.abstained) == (3, 1)
    assert result.spread == {"developing": 2, "mature": 1}


def test_weakest_level_across_dimensions() -> None:
    result = rules.weakest_level(
        [Rating("p1", "leader", "influence"), Rating("p1", "minimum", "processes")]
    )
    assert result is not None
    assert result.weakest_level == "minimum"
    assert result.weakest_dimensions == ("processes",)


def test_no_ratings_or_only_abstentions_give_no_result() -> None:
    assert rules.weakest_level([]) is None
    assert rules.weakest_level([Rating("p1", None), Rating("p2", None)]) is None


@given(ratings)
def test_result_is_never_above_any_rating(given_ratings: list[Rating]) -> None:
    result = rules.weakest_level(given_ratings)
    levelled = [r.level for r in given_ratings if r.level is not None]
    if not levelled:
        assert result is None
        return
    assert result is not None
    assert all(ordinal(result.weakest_level) <= ordinal(level) for level in levelled)
    assert result.weakest_level in levelled  # a level somebody gave, never an average
    assert sum(result.spread.values()) == result.rated == len(levelled)


@given(ratings, st.lists(st.sampled_from(["p1", "p9"]), max_size=5))
def test_abstentions_never_change_the_result(given_ratings: list[Rating], who: list[str]) -> None:
    before = rules.weakest_level(given_ratings)
    after = rules.weakest_level([*given_ratings, *(Rating(p, None) for p in who)])
    assert (before.weakest_level if before else None) == (after.weakest_level if after else None)


@given(ratings, levels)
def test_adding_a_rating_never_raises_the_result(given_ratings: list[Rating], level: str) -> None:
    before = rules.weakest_level(given_ratings)
    after = rules.weakest_level([*given_ratings, Rating("p5", as_level(level))])
    assert after is not None
    if before is not None:
        assert ordinal(after.weakest_level) <= ordinal(before.weakest_level)


def test_moderation_needs_a_result_a_difference_and_a_reason() -> None:
    result = rules.weakest_level([Rating("p1", "developing")])
    rules.check_moderation(result, None, None)
    rules.check_moderation(result, "mature", "Finance's rating predates the new policy")
    with pytest.raises(Refused, match="moderation reason"):
        rules.check_moderation(result, "mature", "  ")
    with pytest.raises(Refused, match="clear it"):
        rules.check_moderation(result, "developing", "same")
    with pytest.raises(Refused, match="at least one rating"):
        rules.check_moderation(None, "mature", "why")
    assert rules.current_level(result, "mature") == "mature"
    assert rules.current_level(result, None) == "developing"
    assert rules.current_level(None, None) is None


def test_ambition_below_current_is_refused_equal_means_maintain() -> None:
    assert rules.check_ambition("mature", "leader") == "raise"
    assert rules.check_ambition("mature", "mature") == "maintain"
    assert rules.check_ambition(None, "minimum") == "raise"
    with pytest.raises(Refused, match=r"below the council's current level \(mature\)"):
        rules.check_ambition("mature", "developing")


def test_suggested_ambition_is_one_up_capped() -> None:
    assert rules.suggested_ambition("minimum") == "developing"
    assert rules.suggested_ambition("leader") == "innovator"
    assert rules.suggested_ambition("innovator") == "innovator"
    assert rules.suggested_ambition(None) == "developing"
    assert rules.gap("developing", "leader") == 2
    assert rules.gap(None, "leader") is None


def test_completeness_lists_what_is_missing() -> None:
    result = rules.weakest_level([Rating("p1", "mature")])
    assert rules.missing_for_completeness(None, None, None) == (
        "ratings",
        "justification",
        "ambition",
    )
    assert rules.missing_for_completeness(result.weakest_level, "  ", "leader") == (
        "justification",
    )
    assert rules.missing_for_completeness(result.weakest_level, "Evidence", "leader") == ()


def test_progress_counts_done_and_outstanding_but_not_dropped() -> None:
    progress = rules.progress(["done", "open", "in-progress", "dropped", "done"])
    assert (progress.done, progress.outstanding, progress.dropped) == (2, 2, 1)
    assert progress.total == 5
    assert progress.percent_done == 50.0
    assert progress.percent_outstanding == 50.0
    empty = rules.progress(["dropped"])
    assert empty.percent_done is None


def test_an_interim_step_that_no_longer_lies_between_now_and_the_ambition_is_missing() -> None:
    """CONTRACT §9: current <= interim <= ambition and held_on < interim.by < ambition.by,
    re-checked whenever the result changes (the same function the snapshot and sign-off ask)."""
    from datetime import date

    from npsworkshop.assessment.trend import Step

    held, by = date(2026, 11, 20), date(2028, 3, 31)

    def missing(weakest: str, interim: Step, agreed: str | None = None) -> tuple[str, ...]:
        return rules.missing_for_completeness(
            as_level(weakest),
            "Because.",
            "leader",
            as_level(agreed),
            interim=interim,
            ambition_by=by,
            held_on=held,
        )

    fine = Step("mature", date(2027, 3, 31))
    assert missing("developing", fine) == ()
    assert missing("mature", fine) == ()  # at the interim level: still between
    assert missing("leader", fine) == ("interim",)  # the result rose past it
    assert missing("developing", fine, agreed="leader") == ("interim",)  # so did a moderation
    assert missing("developing", Step("innovator", date(2027, 3, 31))) == ("interim",)
    assert missing("developing", Step("mature", held)) == ("interim",)  # not after the session
    assert missing("developing", Step("mature", by)) == ("interim",)  # not before the ambition
    assert missing("developing", Step("mature")) == ("interim",)  # no date
    assert rules.missing_for_completeness("developing", "Because.", "leader") == ()
    assert "interim" in rules.MISSING_WORDS
