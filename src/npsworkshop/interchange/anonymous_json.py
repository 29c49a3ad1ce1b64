"""The anonymous JSON report (CONTRACT §9): the export with participants as letters only.

It is a report, not an interchange document: it carries `"anonymous": true` and the named
record's fingerprint as `"named_fingerprint"` (null for a draft), and `import` refuses it.
Participants become `{"id": "A"}`; rating participant ids and `weakest_by` become letters; names,
departments and rating notes are left out; the roles are listed once, sorted, as
`"attendee_roles"`, never beside a letter.
"""

from __future__ import annotations

import json
from typing import Any

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.interchange.json_format import export_document
from npsworkshop.report.anonymity import letters, sorted_roles


def anonymous_document(snapshot: SessionSnapshot) -> dict[str, Any]:
    document = export_document(snapshot)
    shown = letters(snapshot)
    document["participants"] = [{"id": shown[p.key]} for p in snapshot.record.participants]
    document["attendee_roles"] = sorted_roles(snapshot)
    for area in document["areas"].values():
        for rating in area["ratings"]:
            rating["participant"] = shown.get(rating["participant"], rating["participant"])
            rating.pop("note", None)
        result = area.get("result")
        if result is not None:
            result["weakest_by"] = [shown.get(key, key) for key in result["weakest_by"]]
    document["named_fingerprint"] = document.pop("fingerprint", None)
    document["anonymous"] = True
    return document


def export_anonymous_json(snapshot: SessionSnapshot) -> bytes:
    text = json.dumps(anonymous_document(snapshot), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
