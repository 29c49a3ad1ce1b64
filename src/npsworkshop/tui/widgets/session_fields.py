"""The fields of a session's details, shared by the new-session and edit-session forms so both
ask the same questions in the same words and read them the same way (ids `field-<name>` for the
problems shown in place)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.widgets import Input, Select

from npsworkshop.tui.literal import printable
from npsworkshop.tui.widgets.date_input import DateInput
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.wording import ORGANISATION_TYPES

GSS_CODE = re.compile(r"[EW]\d{8}")  # CONTRACT §9: optional; e08000035 is taken as E08000035


@dataclass(frozen=True)
class Details:
    """What the details fields start with: a new session's defaults, or a draft's values."""

    held_on: date
    organisation_name: str = ""
    organisation_type: str = ""
    organisation_code: str | None = None
    title: str = ""
    facilitator: str = ""


def details_fields(details: Details) -> ComposeResult:
    """Council, its type and GSS code; the title; the date and the facilitator."""
    with Horizontal(classes="form-row"):
        yield organisation_field(details.organisation_name)
        yield organisation_type_field(details.organisation_type)
        yield organisation_code_field(details.organisation_code or "")
    yield title_field(details.title)
    with Horizontal(classes="form-row"):
        yield held_on_field(details.held_on)
        yield FormField(
            "Facilitator",
            Input(details.facilitator, id="facilitator", placeholder="Your name", compact=True),
            id="field-facilitator",
        )


def title_field(value: str) -> FormField:
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


def organisation_field(value: str) -> FormField:
    control = Input(
        value, id="organisation", placeholder="e.g. Testshire County Council", compact=True
    )
    return FormField("Organisation", control, id="field-organisation_name")


def organisation_type_field(value: str) -> FormField:
    """The contract's council types by their readable names; an older session's own wording
    (not one of the ids) stays a choice so editing never loses it."""
    kinds = list(ORGANISATION_TYPES)
    if value and value not in {v for _, v in kinds}:
        kinds.append((printable(value), value))
    control: Select[str] = Select(
        kinds, id="organisation-type", prompt="Not given", compact=True, value=value or Select.NULL
    )
    return FormField("Type of organisation", control, id="field-organisation_type")


def organisation_code_field(value: str) -> FormField:
    control = Input(value, id="organisation-code", placeholder="e.g. E10000014", compact=True)
    return FormField(
        "GSS code (optional)",
        control,
        hint="ONS code: E or W, 8 digits",
        id="field-organisation_code",
    )


def details_entered(form: DOMNode, fallback: date) -> tuple[dict[str, Any], dict[str, str]]:
    """The details as typed (for NewSession or update_details) and the problems found before
    the service sees them: a date or GSS code that is not one, named with its value."""
    problems: dict[str, str] = {}
    try:
        held_on = form.query_one("#held-on", DateInput).chosen()
    except ValueError as error:
        held_on, problems["held_on"] = None, str(error)
    else:
        if held_on is None:
            problems["held_on"] = f"is required: the date of the workshop, e.g. {fallback}"
    code = form.query_one("#organisation-code", Input).value
    if code.strip() and not GSS_CODE.fullmatch(code.strip().upper()):
        problems["organisation_code"] = (
            f"{code!r} is not a GSS code: E or W and 8 digits, e.g. E10000014"
        )
    kind: Select[str] = form.query_one("#organisation-type", Select)
    values: dict[str, Any] = {
        "organisation_name": form.query_one("#organisation", Input).value,
        "organisation_type": "" if kind.value is Select.NULL else str(kind.value),
        "organisation_code": code.strip().upper() or None,
        "title": form.query_one("#title", Input).value,
        "held_on": held_on or fallback,
        "facilitator": form.query_one("#facilitator", Input).value,
    }
    return values, problems
