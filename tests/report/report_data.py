"""Sessions for the PDF tests: interchange documents built from a pack, deterministically.

`document(...)` returns a CONTRACT §4 session document for any pack, with Welsh, accented and
typographic text throughout; `imported(...)` puts it through the real import (and sign-off) so the
PDF is rendered from a snapshot exactly as the app would give it.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.framework.levels import LEVELS
from npsworkshop.framework.loader import find_pack
from npsworkshop.framework.models import Pack
from npsworkshop.interchange.json_format import import_file
from npsworkshop.workshop import Workshop

FIRST = [
    "Siân",
    "Gwenllïan",
    "Dafydd",
    "Zoë",
    "Chloé",
    "Łukasz",
    "Aoife",
    "Jo",
    "Sam",
    "Ali",
    "Priya",
    "Ŵyn",
    "Rhodri",
    "Bethan",
    "Kwame",
    "Ffion",
    "Seán",
    "Noémie",
    "Tomás",
    "Ngozi",
]
LAST = ["Jones", "ap Llŷr", "Brontë", "O’Neill", "Patel", "Nowak", "Smith", "Prys", "Müller"]
DEPARTMENTS = [
    "Adults and Health",
    "Children’s Services",
    "Finance",
    "Legal and Democratic Services",
    "Place and Economy",
    "Housing",
    "Procurement",
    "Environment and Highways",
]
ROLES = [
    "Category manager",
    "Head of Finance",
    "Commissioner",
    "Contract manager",
    "Solicitor",
    "Service director",
    "Procurement officer",
]
OWNERS = [
    "Head of Procurement",
    "Chief Executive",
    "Director of Finance (Section 151 officer)",
    "Monitoring Officer",
    "Cabinet Member for Resources",
    "Strategic Director, Place and Economy",
    "Commercial Lead",
]
VERBS = [
    "Report the procurement pipeline",
    "Agree a social value policy",
    "Train contract managers",
    "Publish a forward plan of tenders",
    "Set up a supplier forum",
    "Review the contract procedure rules",
    "Introduce category plans",
    "Map strategic suppliers",
]
TAILS = [
    "to Cabinet each quarter",
    "with the VCSE sector in Ynys Môn and Gwynedd",
    "for contracts over £100,000",
    "with the “Buy Local” pledge",
    "so that small firms can bid — including micro-businesses",
    "across the council and its partners",
]
STATUSES = ["open", "in-progress", "done", "open", "dropped", "done", "in-progress"]


def pack(pack_id: str, workspace: Path | None = None) -> Pack:
    return find_pack(pack_id, workspace).pack


def _justification(rng: random.Random, title: str, long: bool) -> str:
    first = (
        f"Evidence for “{title}”: the workshop heard from every directorate. "
        f"Spend under management is £{rng.randint(20, 90)}m a year; only "
        f"{rng.randint(5, 60)}% of it is covered by category plans."
    )
    if not long:
        return first
    middle = (
        "Children’s Services and Adults and Health reported different practice: some "
        "commissioners take procurement advice at the start of a project, others only once a "
        "specification has been written. Ceredigion’s shared service model was mentioned as an "
        "example worth following, as was the council’s own work with Cwmni Cydweithredol Ŵyl."
    )
    last = (
        "The weakest level was taken, as the method requires, because the council’s level is the "
        "level of its weakest part — not an average. Evidence seen: contract register (March), "
        "Cabinet minutes, the 2025–26 internal audit report and the supplier survey."
    )
    return f"{first}\n{middle}\n\n{last}\n\n{middle} {first}"


def document(
    pack_id: str,
    *,
    workspace: Path | None = None,
    participants: int = 5,
    actions: int = 2,
    long: bool = False,
    complete: bool = True,
    moderate: bool = True,
    seed: int = 2018,
    scope: list[str] | None = None,
) -> dict[str, Any]:
    """A session document rating every area in scope of `pack_id`."""
    rng = random.Random(seed)
    framework = pack(pack_id, workspace)
    people = [
        {
            "id": f"p{n + 1}",
            "name": f"{FIRST[n % len(FIRST)]} {LAST[(n * 7 + n // len(FIRST)) % len(LAST)]}",
            "role": ROLES[n % len(ROLES)],
            "department": DEPARTMENTS[(n * 3) % len(DEPARTMENTS)],
        }
        for n in range(participants)
    ]
    in_scope = scope or list(framework.area_ids())
    areas: dict[str, Any] = {}
    for index, area in enumerate(a for a in framework.areas() if a.id in in_scope):
        if not complete and index % 3 == 2:
            areas[area.id] = {"ratings": []}
            continue
        rows: list[str | None] = [d.id for d in area.dimensions] or [None]
        ratings: list[dict[str, Any]] = []
        for person_index, person in enumerate(people):
            for dim in rows:
                level: str | None = LEVELS[rng.randint(1, 3)]
                if person_index % 6 == 5:
                    level = None
                rating: dict[str, Any] = {"participant": person["id"], "level": level}
                if dim:
                    rating["dimension"] = dim
                ratings.append(rating)
        # The weakest level: somebody always says "developing" somewhere, in some areas "minimum".
        weakest = "minimum" if index % 4 == 3 else "developing"
        ratings[0]["level"] = weakest
        agreed = None
        reason = None
        if moderate and index % 5 == 1:
            agreed = "mature"
            reason = (
                "The one “developing” rating came from a team that has since adopted the "
                "council’s contract procedure rules; the workshop agreed “mature”."
            )
        current = agreed or weakest
        ambition_level = LEVELS[min(LEVELS.index(current) + 1 + index % 2, 4)]
        entry: dict[str, Any] = {
            "ratings": ratings,
            "justification": _justification(rng, area.title, long),
            "agreed_level": agreed,
            "moderation_reason": reason,
            "ambition": {
                "level": ambition_level,
                "by": f"{2027 + index % 2}-03-31",
                "rationale": "The corporate plan asks for this by the end of the medium-term "
                "financial strategy."
                if index % 2 == 0
                else None,
            },
            "actions": [
                {
                    "title": f"{VERBS[(index + n) % len(VERBS)]} {TAILS[(index * 3 + n) % len(TAILS)]}",
                    "owner": OWNERS[(index + n) % len(OWNERS)],
                    "due": date(2027, 1 + (index + n) % 12, 1 + n % 28).isoformat(),
                    "status": STATUSES[(index + n) % len(STATUSES)],
                }
                for n in range(actions)
            ],
        }
        if not complete and index % 3 == 1:
            entry["justification"] = None
        areas[area.id] = entry
    return {
        "format": "npsworkshop/session",
        "format_version": 1,
        "framework": {"id": pack_id},
        "organisation": {
            "name": "Cyngor Sir Ynys Môn – Isle of Anglesey County Council",
            "type": "Welsh principal council",
        },
        "title": "Procurement maturity baseline 2026",
        "held_on": "2026-11-20",
        "facilitator": "Eleri Morgan-Ŵyn",
        "scope": in_scope,
        "participants": people,
        "areas": areas,
        "sign_off": None,
    }


def imported(
    workshop: Workshop,
    doc: dict[str, Any],
    *,
    sign_off: tuple[str, str] | None = None,
) -> SessionSnapshot:
    """Import `doc` through the real interchange path; sign it off when asked."""
    path = (
        workshop.workspace.root
        / f"import-{len(list(workshop.workspace.root.glob('import-*')))}.json"
    )
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    session_id = import_file(workshop, path)
    if sign_off is not None:
        day = date(2026, 12, 3)
        workshop.sign_off(session_id, sign_off[0], sign_off[1], day, today=day)
    return workshop.snapshot(session_id)


# Reading a PDF back ---------------------------------------------------------------------------


def pages_text(data: bytes) -> list[str]:
    """The text of each page, as pypdf extracts it."""
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Text with line wrapping and runs of white space reduced to single spaces (and NFC)."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).split())


def all_text(data: bytes) -> str:
    return flat(" ".join(pages_text(data)))


# Snapshots without a database -----------------------------------------------------------------


def snapshot_of(pack_value: Pack, **fields: Any) -> SessionSnapshot:
    """A snapshot built straight from facts: fast, for property tests and golden files."""
    from npsworkshop.assessment.snapshot import FrameworkRef, RecordedSession, build_snapshot
    from npsworkshop.framework.loader import pack_sha256

    values: dict[str, Any] = {
        "id": "0123456789ab",
        "organisation_name": "Testshire County Council",
        "title": "Baseline",
        "held_on": date(2026, 11, 20),
        "facilitator": "A. Facilitator",
        "framework": FrameworkRef(
            id=pack_value.id,
            title=pack_value.title,
            version=pack_value.version,
            sha256=pack_sha256(pack_value),
        ),
        "scope": pack_value.area_ids(),
    }
    values.update(fields)
    return build_snapshot(RecordedSession(**values), pack_value)


def plain_area(
    mini_pack: Pack, justification: str, *, name: str = "Jo Smith", **fields: Any
) -> SessionSnapshot:
    """The mini pack's "plain" area alone, rated by one person, with `justification`."""
    from npsworkshop.assessment.snapshot import OutcomeFact, ParticipantFact, RatingFact

    return snapshot_of(
        mini_pack,
        scope=("plain",),
        participants=(ParticipantFact(key="p1", name=name),),
        ratings=(RatingFact(participant="p1", area="plain", level="mature"),),
        outcomes=(OutcomeFact(area="plain", justification=justification),),
        **fields,
    )
