"""Import: a whole session from a validated interchange document, in one transaction, all of it
or nothing; a signed-off document only when its facts give the fingerprint it carries."""

from __future__ import annotations

import json
import re
import secrets
from datetime import date
from typing import Any

from npsworkshop.assessment import record as facts
from npsworkshop.assessment import rules
from npsworkshop.errors import InputError, Refused
from npsworkshop.framework.loader import LoadedPack
from npsworkshop.framework.models import Pack
from npsworkshop.store.tables import (
    ActionRow,
    EventRow,
    OutcomeRow,
    ParticipantRow,
    RatingRow,
    SignOffRow,
)
from npsworkshop.workshop import followup, imported_followup, inputs, interim, reading
from npsworkshop.workshop.actions import action_values
from npsworkshop.workshop.sessions import check_scope, insert_rows, insert_session
from npsworkshop.workshop.transactions import Database, now

_PARTICIPANT_IDS = "SELECT key, id FROM participant WHERE session_id = ?"
_SIGNED_ELSEWHERE = (
    "SELECT session_id FROM sign_off WHERE fingerprint = ? AND session_id != ? "
    "ORDER BY signed_at LIMIT 1"
)


def import_session(
    db: Database,
    spec: inputs.SessionImport,
    source: str,
    expected_fingerprint: str | None,
    loaded: LoadedPack,
) -> str:
    """Create the session; with `expected_fingerprint` (a signed-off file's), refused unless the
    facts signed off are exactly the facts in the file, and not created again when a session
    signed with it is already here and still verifies (its id is returned: "already here"); when
    every copy here was changed after sign-off, the file is imported as a session of its own."""
    pack = loaded.pack
    scope = check_scope(pack, spec.session.scope, "scope", source)
    problems = import_problems(spec, pack, scope) + imported_followup.structure_problems(spec, pack)
    if spec.sign_off is None:  # a signed document is checked for structure and fingerprint only
        problems += interim.import_problems(spec)
    if problems:
        raise InputError(source, problems)
    session_id = secrets.token_hex(6)
    try:
        _write(db, spec, source, expected_fingerprint, loaded, scope, session_id)
    except _AlreadyHere as here:  # the same signed record again: nothing was written
        with db.read() as session:
            intact = followup.signed_copies(db, session, here.fingerprint)[0]
        if intact is not None:
            return intact
        # Only tampered copies are here: the genuine file is how a good copy comes back.
        _write(db, spec, source, expected_fingerprint, loaded, scope, session_id, again=True)
    return session_id


class _AlreadyHere(Exception):
    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint


def _write(
    db: Database,
    spec: inputs.SessionImport,
    source: str,
    expected_fingerprint: str | None,
    loaded: LoadedPack,
    scope: list[str],
    session_id: str,
    again: bool = False,
) -> None:
    with db.write(None, "imported") as (session, _):
        insert_session(session, session_id, spec.session, loaded, scope)
        # Rows go in as bulk INSERTs, not ORM objects: a large workshop is a thousand rows and
        # building objects for them cost more than writing them (bench/large_session.py).
        insert_rows(
            session,
            ParticipantRow,
            [
                {
                    "session_id": session_id,
                    "key": person.id,
                    "name": person.name,
                    "role": person.role,
                    "department": person.department,
                    "position": position,
                }
                for position, person in enumerate(spec.participants, start=1)
            ],
        )
        person_ids: dict[str, int] = {
            key: number
            for key, number in session.connection().exec_driver_sql(_PARTICIPANT_IDS, (session_id,))
        }
        stamp = now()
        ratings: list[dict[str, Any]] = []
        outcomes: list[dict[str, Any]] = []
        actions: list[dict[str, Any]] = []
        for area_id in scope:
            area = spec.areas.get(area_id)
            if area is None:
                continue
            ratings += [
                {
                    "session_id": session_id,
                    "participant_id": person_ids[rating.participant],
                    "area_id": area_id,
                    "dimension_id": rating.dimension or "",
                    "level": rating.level,
                    "note": rating.note or None,
                    "updated_at": stamp,
                }
                for rating in area.ratings
            ]
            ambition = area.ambition
            result = _result(area)
            outcomes.append(
                {
                    "session_id": session_id,
                    "area_id": area_id,
                    "justification": area.justification or None,
                    "agreed_level": area.agreed_level,
                    "moderation_reason": area.moderation_reason or None,
                    "ambition_level": ambition.level if ambition else None,
                    "ambition_by": ambition.by.isoformat() if ambition and ambition.by else None,
                    "ambition_rationale": (ambition.rationale or None) if ambition else None,
                    # The file's justification was written for the file's result.
                    "justified_for": rules.current_level(result, area.agreed_level)
                    if area.justification
                    else None,
                    **interim.columns(ambition.interim if ambition else None),
                }
            )
            actions += [
                {
                    **action_values(session_id, area_id, action, len(actions) + offset),
                    "carried_from": action.carried_from,
                }
                for offset, action in enumerate(area.actions, start=1)
            ]
        insert_rows(session, RatingRow, ratings)
        insert_rows(session, OutcomeRow, outcomes)
        insert_rows(session, ActionRow, actions)
        if spec.baseline is not None:  # a follow-up: linked as `followup` links it
            imported_followup.link(db, session, session_id, spec, actions, source)
        # An ORM object, not a bulk row: tests/reliability/test_kill.py pauses the import at
        # this event's construction (every other row is written by then).
        session.add(
            EventRow(
                session_id=session_id,
                at=stamp,
                kind="imported",
                detail=json.dumps({"source": source}),
            )
        )
        if spec.sign_off is not None:
            signed = spec.sign_off
            recorded = reading.recorded_and_pack(db, session, session_id)[0]
            fingerprint = facts.fingerprint(
                recorded, signed.name, signed.role, signed.signed_on.isoformat()
            )
            insert_rows(
                session,
                SignOffRow,
                [
                    {
                        "session_id": session_id,
                        "name": signed.name,
                        "role": signed.role,
                        "signed_on": signed.signed_on.isoformat(),
                        "fingerprint": fingerprint,
                        "signed_at": stamp,
                        "imported_file": source,
                        "imported_on": date.today().isoformat(),
                    }
                ],
            )
            session.add(
                EventRow(
                    session_id=session_id,
                    at=stamp,
                    kind="signed-off",
                    detail=json.dumps(
                        {
                            "name": signed.name,
                            "role": signed.role,
                            "fingerprint": fingerprint,
                            "source": source,
                        }
                    ),
                )
            )
            if expected_fingerprint is not None and expected_fingerprint != fingerprint:
                raise InputError(
                    source,
                    [
                        "fingerprint: does not match the signed-off facts in the file (it was "
                        "changed after sign-off); nothing was imported; remove sign_off to "
                        "import as a draft"
                    ],
                )
            here = session.connection().exec_driver_sql(
                _SIGNED_ELSEWHERE, (fingerprint, session_id)
            )
            if not again and here.first() is not None:  # rolled back, then checked
                raise _AlreadyHere(fingerprint)


def import_problems(spec: inputs.SessionImport, pack: Pack, scope: list[str]) -> list[str]:
    """Every rule the document breaks, each naming its JSON path."""
    problems: list[str] = []
    keys = [p.id for p in spec.participants]
    for index, key in enumerate(keys):
        if keys.index(key) != index:
            problems.append(f"participants[{index}].id: {key!r} is used twice")
    known = set(keys)
    for area_id, area in spec.areas.items():
        where = f"areas.{area_id}"
        if area_id not in pack.area_ids():
            problems.append(f"{where}: unknown area in pack {pack.id}")
            continue
        if area_id not in scope:
            problems.append(f"{where}: area is not in scope")
            continue
        dims = [d.id for d in pack.area(area_id).dimensions]
        seen: set[tuple[str, str | None]] = set()
        for index, rating in enumerate(area.ratings):
            at = f"{where}.ratings[{index}]"
            if rating.participant not in known:
                problems.append(f"{at}.participant: unknown participant {rating.participant!r}")
            if dims and rating.dimension not in dims:
                problems.append(f"{at}.dimension: required for this area; one of {', '.join(dims)}")
            if not dims and rating.dimension is not None:
                problems.append(f"{at}.dimension: this area has no dimensions")
            if (rating.participant, rating.dimension) in seen:
                problems.append(f"{at}: a second rating by {rating.participant} for the same row")
            seen.add((rating.participant, rating.dimension))
        result = _result(area)
        try:
            rules.check_moderation(result, area.agreed_level, area.moderation_reason)
        except Refused as exc:
            problems.append(f"{where}.agreed_level: {exc.message}")
        if area.ambition is not None:
            try:
                rules.check_ambition(
                    rules.current_level(result, area.agreed_level), area.ambition.level
                )
            except Refused as exc:
                problems.append(f"{where}.ambition.level: {exc.message}")
    problems += baseline_problems(spec, pack)
    if spec.sign_off is not None:
        try:  # a sign-off is never dated before its workshop nor after the day it was made
            rules.check_sign_off_date(spec.sign_off.signed_on, spec.session.held_on, date.today())
        except Refused as exc:
            problems.append(f"sign_off.signed_on: {exc.message}")
        for area_id in scope:
            maybe = spec.areas.get(area_id)
            result = _result(maybe) if maybe else None
            missing = rules.missing_for_completeness(
                result.weakest_level if result else None,
                maybe.justification if maybe else None,
                maybe.ambition.level if maybe and maybe.ambition else None,
                maybe.agreed_level if maybe else None,
            )
            if missing:
                problems.append(
                    f"sign_off: area {area_id} is not complete (missing {', '.join(missing)}); "
                    "only a complete session can be signed off"
                )
    return problems


_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_SESSION_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def baseline_problems(spec: inputs.SessionImport, pack: Pack) -> list[str]:
    """The structure of a follow-up's `baseline` block (checked on signed documents too: no
    file npsworkshop writes breaks it): an id and a fingerprint as npsworkshop writes them, a
    baseline held before its follow-up, and areas of the pack."""
    baseline = spec.baseline
    if baseline is None:
        return []
    problems: list[str] = []
    if not _SESSION_ID.fullmatch(baseline.session):
        problems.append(
            f"baseline.session: {baseline.session[:80]!r} is not a session id (letters, digits, "
            "'.', '_' and '-', at most 64)"
        )
    if not _FINGERPRINT.fullmatch(baseline.fingerprint):
        problems.append(
            f"baseline.fingerprint: {baseline.fingerprint[:80]!r} is not a fingerprint "
            "(64 lower-case hexadecimal characters)"
        )
    if baseline.held_on >= spec.session.held_on:
        problems.append(
            f"baseline.held_on: {baseline.held_on.isoformat()} is not before the follow-up's "
            f"date ({spec.session.held_on.isoformat()})"
        )
    known = pack.area_ids()
    problems += [
        f"baseline.areas: {area_id[:80]!r} is not an area of pack {pack.id}"
        for area_id in baseline.areas
        if area_id not in known
    ]
    return problems


def _result(area: inputs.ImportedArea) -> rules.AreaResult | None:
    return rules.weakest_level(
        rules.Rating(r.participant, r.level, r.dimension) for r in area.ratings
    )
