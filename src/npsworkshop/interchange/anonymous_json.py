"""The anonymous JSON report (CONTRACT §9): the export with participants as letters only.

It is a report, not an interchange document: it carries `"anonymous": true`, and `import`
refuses it. Participants become `{"id": "A"}`, listed and rated in letter order; rating
participant ids and `weakest_by` become letters; names, departments and rating notes are left
out; the roles are listed once, sorted, as `"attendee_roles"`, never beside a letter.

Unlike the contract's `"named_fingerprint"`, no digest of the named record (nor a follow-up's
`baseline.fingerprint`) is carried: anyone who knows who attended could recompute an unkeyed
digest for each guess of who is which letter and confirm the right one (docs/outputs.md).
"""

from __future__ import annotations

import json
from typing import Any

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.interchange.json_export import export_document
from npsworkshop.report.anonymity import in_shown_order, letters, one_off_key, sorted_roles


def anonymous_document(snapshot: SessionSnapshot, *, key: bytes | None = None) -> dict[str, Any]:
    """`key`: the letters' key (the workspace's, so every format agrees), one-off when None."""
    document = export_document(snapshot)
    shown = letters(snapshot, key or one_off_key())
    document["participants"] = [{"id": letter} for letter in shown.values()]
    document["attendee_roles"] = sorted_roles(snapshot)
    for area in document["areas"].values():
        place = {person: index for index, person in enumerate(shown)}
        area["ratings"].sort(key=lambda r: place.get(r["participant"], len(place)))
        for rating in area["ratings"]:
            rating["participant"] = shown.get(rating["participant"], rating["participant"])
            rating.pop("note", None)
        result = area.get("result")
        if result is not None:
            weakest = in_shown_order(shown, result["weakest_by"])
            result["weakest_by"] = [shown.get(person, person) for person in weakest]
    document.pop("fingerprint", None)
    baseline = document.get("baseline")
    if isinstance(baseline, dict):
        baseline.pop("fingerprint", None)
    document["anonymous"] = True
    return document


def export_anonymous_json(snapshot: SessionSnapshot, *, key: bytes | None = None) -> bytes:
    text = json.dumps(anonymous_document(snapshot, key=key), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
