"""What the regional store keeps of one signed-off session, computed from its verified facts.

Only figures leave the council: who the council is, when, on which pack, and per area the level
(the agreed level where moderated, else the weakest), the ambition and the count of actions by
their signed status. Participants, ratings, notes and every other free text stay behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from npsworkshop.assessment import rules
from npsworkshop.assessment.record import recorded_fingerprint_matches
from npsworkshop.assessment.snapshot import RecordedSession
from npsworkshop.errors import InputError
from npsworkshop.region.councils import KEY_MAX, council_key, council_type


@dataclass(frozen=True)
class AreaFigures:
    area_id: str
    level: str
    ambition: str | None
    actions_open: int
    actions_in_progress: int
    actions_done: int
    actions_dropped: int


@dataclass(frozen=True)
class Publication:
    """One session as published; `source` (a file or a session id) is only for messages."""

    fingerprint: str
    council_code: str | None
    council_name: str
    council_type: str
    council_type_text: str
    pack_id: str
    pack_version: str
    held_on: date
    signed_on: date
    areas: tuple[AreaFigures, ...]
    source: str

    @property
    def council_key(self) -> str:
        return council_key(self.council_code, self.council_name)


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80  # as a pack's ids (framework.models.Slug)
VERSION_MAX = 100


def is_pack_id(value: str) -> bool:
    """A pack's kind of id: lower-case words joined by hyphens, at most SLUG_MAX characters."""
    return len(value) <= SLUG_MAX and bool(_SLUG.match(value))


def _identifier_problems(record: RecordedSession) -> list[str]:
    """Ids the store keys on must be a pack's kind of id (a file may say anything)."""
    problems = [
        f"{where}: {value!r} is not a pack id (lower-case words joined by hyphens, at most "
        f"{SLUG_MAX} characters)"
        for where, value in [
            ("framework.id", record.framework.id),
            *((f"scope[{i}]", area) for i, area in enumerate(record.scope)),
        ]
        if not is_pack_id(value)
    ]
    if len(council_key(None, record.organisation_name)) > KEY_MAX:
        problems.append(
            "organisation.name: too long once its letters are folded for comparison (at most "
            f"{KEY_MAX - len('name:')} characters then)"
        )
    if not record.framework.version or len(record.framework.version) > VERSION_MAX:
        problems.append(f"framework.version: must be 1 to {VERSION_MAX} characters")
    return problems


def _date_problems(held_on: date, signed_on: date) -> list[str]:
    """A session is published after it was held and signed: one dated later than today would
    stay its council's latest in every report until it is withdrawn."""
    today = date.today()
    return [
        f"{field}: {value.isoformat()} is in the future (today is {today.isoformat()}); a "
        "session can be published once it has been held and signed off"
        for field, value in (("held_on", held_on), ("sign_off.signed_on", signed_on))
        if value > today
    ]


def publication_of(record: RecordedSession, source: str) -> Publication:
    """The published figures of a signed-off record; InputError for a draft or a forged one."""
    signed = record.sign_off
    if signed is None:
        raise InputError(source, ["sign_off: a draft cannot be published; sign it off first"])
    if not recorded_fingerprint_matches(record):
        raise InputError(
            source,
            [
                f"fingerprint: {signed.fingerprint} does not match the session's facts (the "
                "record was changed after sign-off); nothing was published"
            ],
        )
    outcomes = {o.area: o for o in record.outcomes}
    areas: list[AreaFigures] = []
    problems = _identifier_problems(record) + _date_problems(record.held_on, signed.signed_on)
    for area_id in record.scope:
        outcome = outcomes.get(area_id)
        result = rules.weakest_level(
            rules.Rating(participant=r.participant, level=r.level, dimension=r.dimension)
            for r in record.ratings
            if r.area == area_id
        )
        level = rules.current_level(result, outcome.agreed_level if outcome else None)
        if level is None:
            problems.append(f"areas.{area_id}: has no level, so it cannot be compared")
            continue
        statuses = [a.status for a in record.actions if a.area == area_id]
        ambition = outcome.ambition if outcome else None
        areas.append(
            AreaFigures(
                area_id=area_id,
                level=level,
                ambition=ambition.level if ambition else None,
                actions_open=statuses.count("open"),
                actions_in_progress=statuses.count("in-progress"),
                actions_done=statuses.count("done"),
                actions_dropped=statuses.count("dropped"),
            )
        )
    if problems:
        raise InputError(source, problems)
    return Publication(
        fingerprint=signed.fingerprint,
        council_code=record.organisation_code,
        council_name=record.organisation_name,
        council_type=council_type(record.organisation_type),
        council_type_text=record.organisation_type,
        pack_id=record.framework.id,
        pack_version=record.framework.version,
        held_on=record.held_on,
        signed_on=signed.signed_on,
        areas=tuple(areas),
        source=source,
    )
