"""Exporting the session interchange format, version 1 (CONTRACT §4): the session's facts with
each area's computed result and, when signed off, the fingerprint; it imports again to the same
export. Apart from json_format.py (import), so an export never loads the input models that
validate an import.
"""

from __future__ import annotations

import json
from typing import Any

from npsworkshop.assessment.record import facts_document
from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.interchange.progress_format import trend_fields
from npsworkshop.workshop.followup import trend as followup_trend


def export_document(snapshot: SessionSnapshot) -> dict[str, Any]:
    """The interchange document of a session, with computed results and the fingerprint."""
    document = facts_document(snapshot.record)
    document["framework"]["title"] = snapshot.record.framework.title
    for area in snapshot.areas:
        result = area.result
        document["areas"][area.id]["result"] = (
            None
            if result is None
            else {
                "weakest_level": result.weakest_level,
                "weakest_by": list(result.weakest_by),
                "rated": result.rated,
                "abstained": result.abstained,
                "spread": dict(result.spread),
            }
        )
    for row in followup_trend(snapshot):
        if row.area_id in document["areas"]:
            document["areas"][row.area_id]["trend"] = trend_fields(row)
    document["id"] = snapshot.id
    document["status"] = snapshot.status
    signed = snapshot.record.sign_off
    document["fingerprint"] = signed.fingerprint if signed else None
    if signed is not None and signed.imported_file is not None:
        on = signed.imported_on.isoformat() if signed.imported_on else None
        document["imported"] = {"file": signed.imported_file, "on": on}
    return document


def export_json(snapshot: SessionSnapshot) -> bytes:
    return (json.dumps(export_document(snapshot), ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8"
    )
