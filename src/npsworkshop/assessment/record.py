"""A session's recorded facts in the interchange shape (CONTRACT §4), and their fingerprint.

The fingerprint is sha256 over the canonical JSON (sorted keys, no insignificant white space, UTF-8)
of the facts: no database ids, no timestamps of the app's own, no computed results. The same facts
give the same fingerprint on any machine, so an exported and re-imported session keeps it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from npsworkshop.assessment.baseline import baseline_document, step_document
from npsworkshop.assessment.snapshot import RecordedSession

FORMAT = "npsworkshop/session"
FORMAT_VERSION = 1


def facts_document(record: RecordedSession, *, include_sign_off: bool = True) -> dict[str, Any]:
    """The interchange document of what was recorded (no computed fields)."""
    areas: dict[str, Any] = {}
    outcomes = {o.area: o for o in record.outcomes}
    for area_id in record.scope:
        outcome = outcomes.get(area_id)
        ambition = outcome.ambition if outcome else None
        areas[area_id] = {
            "ratings": [
                {
                    "participant": r.participant,
                    **({"dimension": r.dimension} if r.dimension is not None else {}),
                    "level": r.level,
                    "note": r.note,
                }
                for r in record.ratings
                if r.area == area_id
            ],
            "justification": outcome.justification if outcome else None,
            "agreed_level": outcome.agreed_level if outcome else None,
            "moderation_reason": outcome.moderation_reason if outcome else None,
            "ambition": None
            if ambition is None
            else {
                "level": ambition.level,
                "by": ambition.by.isoformat() if ambition.by else None,
                "rationale": ambition.rationale,
                **({"interim": step_document(ambition.interim)} if ambition.interim else {}),
            },
            "actions": [
                {
                    "title": a.title,
                    "owner": a.owner,
                    "due": a.due.isoformat() if a.due else None,
                    "status": a.status,
                    **({"carried_from": a.carried_from} if a.carried_from else {}),
                }
                for a in record.actions
                if a.area == area_id
            ],
        }
    sign_off = record.sign_off if include_sign_off else None
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "framework": {
            "id": record.framework.id,
            "version": record.framework.version,
            "sha256": record.framework.sha256,
        },
        "organisation": {
            "name": record.organisation_name,
            "type": record.organisation_type,
            # Absent means a version-1 document with its fingerprint unchanged (CONTRACT §9).
            **({"code": record.organisation_code} if record.organisation_code else {}),
        },
        "title": record.title,
        "held_on": record.held_on.isoformat(),
        "facilitator": record.facilitator,
        "scope": list(record.scope),
        "participants": [
            {"id": p.key, "name": p.name, "role": p.role, "department": p.department}
            for p in record.participants
        ],
        "areas": areas,
        **({"baseline": baseline_document(record.baseline)} if record.baseline else {}),
        "sign_off": None
        if sign_off is None
        else {
            "name": sign_off.name,
            "role": sign_off.role,
            "signed_on": sign_off.signed_on.isoformat(),
        },
    }


def canonical_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def fingerprint(record: RecordedSession, name: str, role: str, signed_on: str) -> str:
    """sha256 hex of the facts as they are signed off by `name`, `role` on `signed_on`."""
    document = facts_document(record, include_sign_off=False)
    document["sign_off"] = {"name": name, "role": role, "signed_on": signed_on}
    return hashlib.sha256(canonical_json(document)).hexdigest()


def recorded_fingerprint_matches(record: RecordedSession) -> bool:
    """True when a signed-off record still has the facts it was signed with."""
    if record.sign_off is None:
        return True
    expected = fingerprint(
        record, record.sign_off.name, record.sign_off.role, record.sign_off.signed_on.isoformat()
    )
    return expected == record.sign_off.fingerprint
