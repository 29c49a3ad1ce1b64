"""Signed session documents made in memory with the project's own fingerprint code.

Writing one council's session through the service takes a workspace and dozens of transactions;
a report test needs many councils, so these are built from the facts, fingerprinted by
`assessment.record` and exported by `interchange.json_format` exactly as `export` writes them.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from npsworkshop.assessment.baseline import BaselineAreaFact, BaselineFact, StepFact
from npsworkshop.assessment.record import fingerprint
from npsworkshop.assessment.snapshot import (
    ActionFact,
    AmbitionFact,
    FrameworkRef,
    OutcomeFact,
    ParticipantFact,
    RatingFact,
    RecordedSession,
    SignOffFact,
    build_snapshot,
)
from npsworkshop.framework.levels import LevelId
from npsworkshop.framework.loader import LoadedPack, find_pack
from npsworkshop.interchange.json_format import export_document

PARTICIPANT = "Jo Secretname"


def nps_pack() -> LoadedPack:
    return find_pack("nps-2018")


def signed_document(
    name: str,
    levels: dict[str, LevelId],
    *,
    held_on: date,
    code: str | None = None,
    council_type: str = "unitary",
    signed_on: date | None = None,
    agreed: dict[str, LevelId] | None = None,
    statuses: tuple[str, ...] = ("open", "done"),
    loaded: LoadedPack | None = None,
    sign: bool = True,
    followup: bool = False,
) -> dict[str, Any]:
    """The export of a signed session of `name` rating each area of `levels` at that level.

    `followup` adds the improvement cycle's optional facts: a baseline, interim steps and a
    carried action (CONTRACT §5)."""
    loaded = loaded or nps_pack()
    pack = loaded.pack
    agreed = agreed or {}
    ratings = []
    for area_id, level in levels.items():
        rows = [d.id for d in pack.area(area_id).dimensions] or [None]
        ratings += [
            RatingFact(participant="p1", area=area_id, dimension=row, level=level) for row in rows
        ]
        ratings += [RatingFact(participant="p2", area=area_id, dimension=row) for row in rows]
    record = RecordedSession(
        id="s1",
        organisation_name=name,
        organisation_type=council_type,
        organisation_code=code,
        title=f"Baseline {held_on.year}",
        held_on=held_on,
        facilitator="A. Facilitator",
        framework=FrameworkRef(
            id=pack.id, title=pack.title, version=pack.version, sha256=loaded.sha256
        ),
        scope=tuple(levels),
        participants=(
            ParticipantFact(key="p1", name=PARTICIPANT, role="Officer", department="Finance"),
            ParticipantFact(key="p2", name="Sam Hidden", role="Officer", department="Adults"),
        ),
        ratings=tuple(ratings),
        outcomes=tuple(
            OutcomeFact(
                area=area_id,
                justification="Evidence.",
                agreed_level=agreed.get(area_id),
                moderation_reason="Agreed in the room." if area_id in agreed else None,
                ambition=AmbitionFact(
                    level="innovator",
                    by=date(2030, 3, 31),
                    interim=StepFact(level="leader", by=date(2029, 3, 31)) if followup else None,
                ),
            )
            for area_id in levels
        ),
        actions=tuple(
            ActionFact(
                id=i * 10 + j,
                area=area_id,
                title=f"Action {j}",
                status=status,  # type: ignore[arg-type]
                carried_from="A1" if followup and i == j == 0 else None,
            )
            for i, area_id in enumerate(levels)
            for j, status in enumerate(statuses)
        ),
        baseline=BaselineFact(
            session="baseline1",
            fingerprint="b" * 64,
            held_on=date(held_on.year - 2, 1, 1),
            areas={area: BaselineAreaFact(level="minimum") for area in levels},
        )
        if followup
        else None,
    )
    if sign:
        signed_on = signed_on or held_on
        found = fingerprint(record, "Pat Chief", "Chief Executive", signed_on.isoformat())
        record = record.model_copy(
            update={
                "sign_off": SignOffFact(
                    name="Pat Chief",
                    role="Chief Executive",
                    signed_on=signed_on,
                    fingerprint=found,
                )
            }
        )
    return export_document(build_snapshot(record, pack))


def write(folder: Path, document: dict[str, Any], name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = name or (document.get("fingerprint") or "draft")[:16]
    path = folder / f"{stem}.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
