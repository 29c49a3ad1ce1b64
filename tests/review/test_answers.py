"""Typed answers: dates as people write them, the service's limits, the suggested ambition date."""

from __future__ import annotations

from datetime import date

import pytest

from npsworkshop.review.area_questions import default_ambition_date
from npsworkshop.review.checks import date_check, parse_date, text_check
from npsworkshop.review.wording import wrap


@pytest.mark.parametrize("typed", ["2028-03-31", "31/03/2028", " 31/03/2028 "])
def test_dates_in_iso_or_english_order(typed: str) -> None:
    assert parse_date(typed) == date(2028, 3, 31)


@pytest.mark.parametrize(
    "typed", ["03/31/2028", "2028-02-30", "next March", "2028", "31.03.2028", "31-03-2028"]
)
def test_what_is_not_a_date_is_refused_with_the_format_to_use(typed: str) -> None:
    """The app's own parser (issue 11: the review took 31.03.2028, the app refused it)."""
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(typed)


def test_a_date_check_knows_optional_required_and_too_early() -> None:
    optional = date_check("The date", required=False, not_before=date(2026, 11, 20))
    assert optional("") is None
    assert optional("2026-11-20") is None
    assert optional("2026-11-19") == "The date cannot be before 2026-11-20"
    assert date_check("The date", required=True)("") == (
        "The date is needed; write it as DD/MM/YYYY or YYYY-MM-DD, for example 31/03/2028"
    )


def test_text_checks_refuse_what_the_service_would() -> None:
    assert text_check("The name")("Siân O’Connor") is None
    assert text_check("The name")(" ") == "The name must not be empty"
    assert text_check("The owner", "line")("") is None
    assert text_check("The owner", "line")("a\x1b[31mb") is not None
    assert text_check("The evidence", "required-text")("Line one\nline two") is None


@pytest.mark.parametrize(
    ("held_on", "expected"),
    [
        (date(2026, 11, 20), date(2028, 3, 31)),
        (date(2026, 3, 31), date(2027, 3, 31)),
        (date(2026, 4, 1), date(2028, 3, 31)),
    ],
)
def test_the_suggested_ambition_date_is_a_year_end_at_least_a_year_away(
    held_on: date, expected: date
) -> None:
    assert default_ambition_date(held_on) == expected


def test_bullets_wrap_under_their_text() -> None:
    text = (
        "Planned approach including:\n• Comprehensive training and development plan for all staff"
    )
    assert wrap(text, 40, "  ") == [
        "  Planned approach including:",
        "  • Comprehensive training and",
        "    development plan for all staff",
    ]
