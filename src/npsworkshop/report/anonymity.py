"""Anonymous output (CONTRACT §9): participants only as letters, in every format alike.

Names, departments (a department can name a person in a small council) and rating notes are
left out; roles appear only in the attendees list, sorted, never beside a letter or a rating.
The facilitator, the signer, action owners and free text are printed as written, so they are
checked here: a warning names the field when one contains a participant's name as a whole word.

The letters follow neither the record's order nor the names (the named plan lists attendees by
name, so an order shared with it would name each letter): they follow a keyed hash of the
session and the participant's key, with a secret kept in the workspace (`files.workspace_secret`),
so every anonymous export of one session from one workspace gives each person the same letter,
and nobody without the secret can line a letter up with a person.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.labels import participant_letter
from npsworkshop.report.text import line

if TYPE_CHECKING:
    from npsworkshop.report.since_baseline import BaselineHistory

MIN_NAME_PART = 3  # "Jo" alone is too common a word to warn about


def one_off_key() -> bytes:
    """A key for output nobody needs to match with another export (tests, previews)."""
    return secrets.token_bytes(32)


def letters(snapshot: SessionSnapshot, key: bytes) -> dict[str, str]:
    """Each participant's letter (A, B, ... Z, AA...), in letter order: the order of a keyed
    hash (HMAC-SHA256 with `key`) of the session id and the participant's key."""
    session = snapshot.record.id

    def shuffled(person_key: str) -> bytes:
        return hmac.new(key, f"{session}\0{person_key}".encode(), hashlib.sha256).digest()

    keys = sorted((p.key for p in snapshot.record.participants), key=shuffled)
    return {person_key: participant_letter(index) for index, person_key in enumerate(keys)}


def named_order(snapshot: SessionSnapshot) -> list[str]:
    """Participants' keys in the order every named list of people uses: by name (then role,
    department and key, so ties are stable), never the record's order."""
    people = sorted(
        snapshot.record.participants,
        key=lambda p: (
            line(p.name).casefold(),
            line(p.role).casefold(),
            line(p.department).casefold(),
            p.key,
        ),
    )
    return [p.key for p in people]


def participant_labels(
    snapshot: SessionSnapshot, *, anonymous: bool, key: bytes | None = None
) -> dict[str, str]:
    """How each participant is shown beside a rating, in the order lists of people follow:
    "Participant A", "Participant B"... in anonymous output (`key`: the letters' key, a one-off
    key when None), else the name with the department in brackets, sorted by name."""
    if anonymous:
        shown = letters(snapshot, key or one_off_key())
        return {person: f"Participant {letter}" for person, letter in shown.items()}
    labels: dict[str, str] = {}
    for person_key in named_order(snapshot):
        person = snapshot.participant(person_key)
        name, department = line(person.name), line(person.department)
        labels[person_key] = f"{name} ({department})" if department else name
    return labels


def in_shown_order(people: dict[str, str], keys: Iterable[str]) -> list[str]:
    """`keys` in the order of `people` (a `participant_labels` or `letters` mapping), so no list
    of letters or names follows the record's order; unknown keys last."""
    place = {key: index for index, key in enumerate(people)}
    return sorted(keys, key=lambda key: place.get(key, len(place)))


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


def name_warnings(
    snapshot: SessionSnapshot, history: BaselineHistory | None = None, *, key: bytes | None = None
) -> list[str]:
    """One warning per field that names a participant (by their letter, never their name);
    `history`: a follow-up's baseline log, whose notes on carried actions are printed too;
    `key`: the letters' key of the export warned about."""
    from npsworkshop.report.since_baseline import carried_actions, history_notes

    fields = list(printed_as_written(snapshot))
    fields += history_notes(carried_actions(snapshot, history, anonymous=True))
    return naming_warnings(snapshot, fields, key=key, output="anonymous export")


def naming_warnings(
    snapshot: SessionSnapshot,
    fields: Iterable[tuple[str, str | None]],
    *,
    key: bytes | None,
    output: str,
) -> list[str]:
    """One warning per (field, text) whose text names a participant: the whole name in any
    case, or a telling part of it ("Zoë" of "Zoë Ó Súilleabháin"). `output` says what is
    warned about ("anonymous export", "anonymous progress update")."""
    shown = letters(snapshot, key or one_off_key())
    people = [
        (letter, _patterns(snapshot.participant(person_key).name))
        for person_key, letter in shown.items()
    ]
    warnings: list[str] = []
    for field, text in fields:
        if not text:
            continue
        named = [letter for letter, patterns in people if any(p.search(text) for p in patterns)]
        if named:
            who = ", ".join(f"participant {letter}" for letter in named)
            warnings.append(
                f"{output}: {field} contains the name of {who}; it is printed as written"
            )
    return warnings
