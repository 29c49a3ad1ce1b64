"""Anonymous output (CONTRACT §9): participants only as letters, in every format alike.

Names, departments (a department can name a person in a small council) and rating notes are
left out; roles appear only in the attendees list, sorted, never beside a letter or a rating.
The facilitator, the signer, action owners and free text are printed as written, so they are
checked here: a warning names the field when one contains a participant's name as a whole word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.labels import participant_letter
from npsworkshop.report.text import line

if TYPE_CHECKING:
    from npsworkshop.report.since_baseline import BaselineHistory

MIN_NAME_PART = 3  # "Jo" alone is too common a word to warn about


def letters(snapshot: SessionSnapshot) -> dict[str, str]:
    """Each participant's letter (A, B, ... Z, AA...), in the record's order."""
    return {
        person.key: participant_letter(index)
        for index, person in enumerate(snapshot.record.participants)
    }


def participant_labels(snapshot: SessionSnapshot, *, anonymous: bool) -> dict[str, str]:
    """How each participant is shown beside a rating: "Participant A" in anonymous output,
    else the name with the department in brackets."""
    if anonymous:
        return {key: f"Participant {letter}" for key, letter in letters(snapshot).items()}
    labels: dict[str, str] = {}
    for person in snapshot.record.participants:
        name, department = line(person.name), line(person.department)
        labels[person.key] = f"{name} ({department})" if department else name
    return labels


def sorted_roles(snapshot: SessionSnapshot) -> list[str]:
    return sorted(
        (line(p.role) or "Role not recorded" for p in snapshot.record.participants),
        key=str.casefold,
    )


def printed_as_written(snapshot: SessionSnapshot) -> Iterator[tuple[str, str]]:
    """(field, text) for every field anonymous output prints unchanged."""
    record = snapshot.record
    yield "title", record.title
    yield "facilitator", record.facilitator
    if record.sign_off is not None:
        yield "sign_off.name", record.sign_off.name
        yield "sign_off.role", record.sign_off.role
    for area in snapshot.areas:
        where = f"areas.{area.id}"
        yield f"{where}.justification", area.justification or ""
        yield f"{where}.moderation_reason", area.moderation_reason or ""
        if area.ambition is not None:
            yield f"{where}.ambition.rationale", area.ambition.rationale or ""
        for index, action in enumerate(area.actions):
            yield f"{where}.actions[{index}].title", action.title
            yield f"{where}.actions[{index}].owner", action.owner or ""


def _patterns(name: str) -> list[re.Pattern[str]]:
    """The whole name (any case), and each capitalised part of it long enough to be telling
    ("Raman", not "and" or "lead"), in its own case, as whole words: a warning that fires on
    every sentence is a warning nobody reads."""
    whole = name.strip()
    found = [re.compile(rf"(?<!\w){re.escape(whole)}(?!\w)", re.IGNORECASE)] if whole else []
    parts = [p for p in name.split() if len(p) >= MIN_NAME_PART and p[0].isupper() and p != whole]
    found += [re.compile(rf"(?<!\w){re.escape(part)}(?!\w)") for part in dict.fromkeys(parts)]
    return found


def name_warnings(snapshot: SessionSnapshot, history: BaselineHistory | None = None) -> list[str]:
    """One warning per field that names a participant (by their letter, never their name);
    `history`: a follow-up's baseline log, whose notes on carried actions are printed too."""
    from npsworkshop.report.since_baseline import carried_actions, history_notes

    fields = list(printed_as_written(snapshot))
    fields += history_notes(carried_actions(snapshot, history, anonymous=True))
    people = [
        (letter, _patterns(person.name))
        for person, letter in zip(
            snapshot.record.participants, letters(snapshot).values(), strict=True
        )
    ]
    warnings: list[str] = []
    for field, text in fields:
        if not text:
            continue
        named = [letter for letter, patterns in people if any(p.search(text) for p in patterns)]
        if named:
            who = ", ".join(f"participant {letter}" for letter in named)
            warnings.append(
                f"anonymous export: {field} contains the name of {who}; it is printed as written"
            )
    return warnings
