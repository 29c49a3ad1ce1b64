"""The fields of a session's details, shared by the new-session and edit-session forms so both
ask the same questions in the same words (ids `field-<name>` for the problems shown in place)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Select

from npsworkshop.tui.literal import printable
from npsworkshop.tui.widgets.date_input import DateInput
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.wording import ORGANISATION_TYPES


def organisation_field(value: str = "") -> FormField:
    control = Input(
        value, id="organisation", placeholder="e.g. Testshire County Council", compact=True
    )
    return FormField("Organisation", control, id="field-organisation_name")


def organisation_type_field(value: str = "") -> FormField:
    kinds = list(ORGANISATION_TYPES)
    if value and value not in {v for _, v in kinds}:  # an older session's own wording
        kinds.append((printable(value), value))
    control: Select[str] = Select(
        kinds, id="organisation-type", prompt="Not given", compact=True, value=value or Select.NULL
    )
    return FormField("Type of organisation", control, id="field-organisation_type")


def title_field(value: str = "") -> FormField:
    control = Input(
        value, id="title", placeholder="e.g. Procurement maturity baseline 2026", compact=True
    )
    return FormField("Title", control, id="field-title")


def held_on_field(value: date) -> FormField:
    return FormField(
        "Date of the workshop",
        DateInput(value, id="held-on"),
        hint="YYYY-MM-DD (31/03/2027 works too)",
        id="field-held_on",
    )


def facilitator_field(value: str = "") -> FormField:
    control = Input(value, id="facilitator", placeholder="Your name", compact=True)
    return FormField("Facilitator", control, id="field-facilitator")


def organisation_type_of(select: Select[str]) -> str:
    return "" if select.value is Select.NULL else str(select.value)
