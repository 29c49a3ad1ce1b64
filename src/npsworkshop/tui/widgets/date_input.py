"""A date typed as YYYY-MM-DD (or 31/03/2028); blank means no date."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input

from npsworkshop.dates import typed_date

DATE_FORMATS = "YYYY-MM-DD or DD/MM/YYYY"
DATE_HINT = f"{DATE_FORMATS}; optional."


class DateInput(Input):
    def __init__(self, value: date | None = None, *, id: str | None = None) -> None:
        super().__init__(value.isoformat() if value else "", id=id, compact=True)

    def chosen(self) -> date | None:
        """The date typed, None when blank; ValueError (in words) when it is not a date."""
        return typed_date(self.value)
