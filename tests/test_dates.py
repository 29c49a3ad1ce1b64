"""The one date parser: strict ISO in files and on the command line; DD/MM/YYYY also where people
type (the app and the review), never the US month-first order; messages name the value."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from npsworkshop.dates import iso_date, typed_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2028-03-31", date(2028, 3, 31)), (date(2028, 3, 31), date(2028, 3, 31))],
)
def test_iso_dates_are_read(value: object, expected: date) -> None:
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/03/2028", "'31/03/2028' is not a date; write it as YYYY-MM-DD"),
        ("31.03.2028", "'31.03.2028' is not a date"),
        (1764547200, "1764547200 is not a date"),
        (1764547200.0, "1764547200.0 is not a date"),
        ("1764547200", "'1764547200' is not a date"),
        ("2028-3-31", "'2028-3-31' is not a date"),
        ("2028-02-30", "'2028-02-30' is not a date in the calendar"),
        ("9999-12-31", "'9999-12-31': the year must be between 1900 and 2199"),
        (date(9999, 12, 31), "'9999-12-31': the year must be between"),
        (datetime(2028, 3, 31, 12, 0), "is not a date"),
        ("", "'' is not a date"),
    ],
)
def test_anything_else_is_refused_naming_the_value(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        iso_date(value)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/03/2028", date(2028, 3, 31)),
        ("1/4/2028", date(2028, 4, 1)),
        (" 2028-03-31 ", date(2028, 3, 31)),
        ("", None),
        ("   ", None),
    ],
)
def test_typed_dates_take_uk_and_iso(text: str, expected: date | None) -> None:
    assert typed_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/31/2028", "'03/31/2028' is not a date in the calendar"),  # US order: never guessed
        ("31.03.2028", "'31.03.2028' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD"),
        ("31/03/28", "'31/03/28' is not a date"),
        ("31/12/9999", "'31/12/9999': the year must be between"),
        ("1764547200", "'1764547200' is not a date"),
        ("tomorrow", "'tomorrow' is not a date"),
    ],
)
def test_typed_dates_refuse_the_rest(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        typed_date(text)
    assert str(caught.value).startswith(message)
