"""Import and export (CONTRACT §4): strict, all or nothing, and stable round trips."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import complete
from npsworkshop.errors import InputError, UserError
from npsworkshop.interchange.csv_format import actions_csv, areas_csv, safe_cell
from npsworkshop.interchange.json_format import export_document, import_file
from npsworkshop.workshop import Workshop

GOOD: dict[str, Any] = {
    "format": "npsworkshop/session",
    "format_version": 1,
    "framework": {"id": "mini"},
    "organisation": {"name": "Example Borough Council", "type": "london borough"},
    "title": "Procurement maturity baseline 2026",
    "held_on": "2026-11-20",
    "facilitator": "A. Facilitator",
    "scope": ["plain", "gridded"],
    "participants": [
        {"id": "p1", "name": "Jo Smith", "role": "Category manager", "department": "Adults"},
        {"id": "p2", "name": "Sam Patel", "role": "Finance", "department": "Children's Services"},
    ],
    "areas": {
        "plain": {
            "ratings": [
                {"participant": "p1", "level": "mature", "note": "Social value in big tenders"},
                {"participant": "p2", "level": "developing"},
            ],
            "justification": "Children's services only seek social value in a few contracts.",
            "agreed_level": None,
            "moderation_reason": None,
            "ambition": {"level": "leader", "by": "2028-03-31", "rationale": "Corporate plan"},
            "actions": [
                {
                    "title": "Adopt a social value policy",
                    "owner": "Head of Procurement",
                    "due": "2027-03-31",
                    "status": "open",
                }
            ],
        },
        "gridded": {
            "ratings": [
                {"participant": "p1", "dimension": "influence", "level": "leader"},
                {"participant": "p1", "dimension": "processes", "level": "minimum"},
                {"participant": "p2", "dimension": "influence", "level": None},
            ],
            "justification": "No structured project approach.",
            "ambition": {"level": "developing", "by": "2027-12-31"},
        },
    },
    "sign_off": None,
}


def write(tmp_path: Path, document: Any, name: str = "session.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_import_computes_the_weakest_levels(workshop: Workshop, tmp_path: Path) -> None:
    session_id = import_file(workshop, write(tmp_path, GOOD))
    snap = workshop.snapshot(session_id)
    plain, gridded = snap.areas
    assert plain.result is not None and plain.result.weakest_level == "developing"
    assert plain.result.weakest_by == ("p2",)
    assert gridded.result is not None and gridded.result.weakest_level == "minimum"
    assert plain.ambition is not None and plain.ambition.level == "leader"
    assert snap.complete


def test_export_import_export_is_stable(workshop: Workshop, tmp_path: Path) -> None:
    first = export_document(workshop.snapshot(import_file(workshop, write(tmp_path, GOOD))))
    second_id = import_file(workshop, write(tmp_path, first, "again.json"))
    second = export_document(workshop.snapshot(second_id))
    for document in (first, second):
        document.pop("id")
    assert first == second
    assert first["areas"]["plain"]["result"] == {
        "weakest_level": "developing",
        "weakest_by": ["p2"],
        "rated": 2,
        "abstained": 0,
        "spread": {"developing": 1, "mature": 1},
    }


def test_a_signed_off_file_keeps_its_fingerprint_and_is_read_only(
    workshop: Workshop, mini_session: str, tmp_path: Path
) -> None:
    complete(workshop, mini_session)
    fingerprint = workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    exported = export_document(workshop.snapshot(mini_session))
    assert exported["fingerprint"] == fingerprint
    again = import_file(workshop, write(tmp_path, exported))
    snap = workshop.snapshot(again)
    assert snap.record.sign_off is not None and snap.record.sign_off.fingerprint == fingerprint
    forged = copy.deepcopy(exported)
    forged["areas"]["plain"]["justification"] = "Something nicer"
    with pytest.raises(InputError, match="fingerprint: does not match"):
        import_file(workshop, write(tmp_path, forged, "forged.json"))


def mutate(path: str, value: Any) -> dict[str, Any]:
    """GOOD with the value at a dotted path replaced (a value of DELETE removes the key)."""
    document = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    node: Any = document
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    key: Any = int(last) if last.isdigit() else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value
    return document


DELETE = object()

BAD_FILES = [
    ("format", "something/else", "format: must be 'npsworkshop/session'"),
    ("format_version", 2, "format_version: this npsworkshop reads version 1"),
    ("title", DELETE, "title: is required"),
    ("title", "   ", "title: must not be empty"),
    ("held_on", "20/11/2026", "held_on: '20/11/2026' is not a date; write it as YYYY-MM-DD"),
    ("held_on", 1764547200, "held_on: 1764547200 is not a date"),  # a Unix timestamp
    ("held_on", "1764547200", "held_on: '1764547200' is not a date"),
    ("held_on", "9999-12-31", "held_on: '9999-12-31': the year must be between 1900 and 2199"),
    ("held_on", "2026-11-20T00:00:00", "held_on: '2026-11-20T00:00:00' is not a date"),
    ("areas.plain.ambition.by", "2028-02-30", "ambition.by: '2028-02-30' is not a date in the"),
    ("organisation.colour", "blue", "organisation.colour: is not a known field"),
    ("scope", ["plain", "nowhere"], "scope[1]: unknown area 'nowhere'"),
    ("framework.id", "nps-1999", "no framework pack with id 'nps-1999'"),
    ("framework.version", "9", "framework.version: the file was made with mini version 9"),
    ("participants.1.id", "p1", "participants[1].id: 'p1' is used twice"),
    ("areas.plain.ratings.0.level", "expert", "areas.plain.ratings[0].level: 'expert' is not"),
    ("areas.plain.ratings.0.participant", "p9", "areas.plain.ratings[0].participant: unknown"),
    ("areas.gridded.ratings.0.dimension", DELETE, "areas.gridded.ratings[0].dimension: required"),
    ("areas.plain.ratings.0.dimension", "influence", "ratings[0].dimension: this area has no"),
    ("areas.plain.actions.0.status", "finished", "actions[0].status: 'finished' is not accepted"),
    ("areas.plain.actions.0.due", "soon", "areas.plain.actions[0].due: 'soon' is not a date"),
    ("areas.plain.ambition.level", "minimum", "areas.plain.ambition.level: the ambition"),
    ("areas.plain.agreed_level", "leader", "areas.plain.agreed_level: an agreed level"),
    ("areas.talent", {"ratings": []}, "areas.talent: area is not in scope"),
    ("areas.nowhere", {"ratings": []}, "areas.nowhere: unknown area"),
    ("fingerprint", "0" * 64, "fingerprint: a fingerprint needs the sign_off"),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD_FILES)
def test_malformed_files_are_refused_with_the_field_named_and_nothing_written(
    workshop: Workshop, tmp_path: Path, path: str, value: Any, message: str
) -> None:
    bad = write(tmp_path, mutate(path, value))
    with pytest.raises(UserError) as caught:
        import_file(workshop, bad)
    assert caught.value.exit_status == 2
    assert message in str(caught.value)
    assert workshop.list_sessions() == []


def test_sign_off_of_an_incomplete_session_is_refused(workshop: Workshop, tmp_path: Path) -> None:
    document = mutate("areas.gridded.ambition", None)
    document["sign_off"] = {"name": "Chief", "role": "CEO", "signed_on": "2026-11-21"}
    document["fingerprint"] = "0" * 64
    with pytest.raises(InputError, match="sign_off: area gridded is not complete"):
        import_file(workshop, write(tmp_path, document))
    assert workshop.list_sessions() == []


def test_files_that_are_not_json_are_refused(workshop: Workshop, tmp_path: Path) -> None:
    cases = {"broken.json": b'{"format": ', "latin1.json": b"\xff\xfe\x00", "list.json": b"[]"}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError, match=name):
            import_file(workshop, path)
    with pytest.raises(InputError, match="cannot be read"):
        import_file(workshop, tmp_path / "missing.json")
    assert workshop.list_sessions() == []


def test_an_oversized_file_is_refused(workshop: Workshop, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (5 * 1024 * 1024 + 1))
    with pytest.raises(InputError, match="at most"):
        import_file(workshop, path)


def test_csv_opens_in_excel_and_neutralises_formulas(workshop: Workshop, tmp_path: Path) -> None:
    hostile = mutate("areas.plain.justification", '=HYPERLINK("http://evil")')
    hostile["areas"]["plain"]["actions"][0]["owner"] = "@SUM(A1)"
    snap = workshop.snapshot(import_file(workshop, write(tmp_path, hostile)))
    data = areas_csv(snap)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["area_id"] for r in rows] == ["plain", "gridded"]
    assert rows[0]["weakest_level"] == "developing"
    assert rows[0]["weakest_by"] == "Sam Patel (Children's Services)"
    assert rows[0]["justification"] == '\'=HYPERLINK("http://evil")'
    actions = list(csv.DictReader(io.StringIO(actions_csv(snap).decode("utf-8-sig"))))
    assert actions[0]["owner"] == "'@SUM(A1)"
    assert safe_cell("-1") == "'-1" and safe_cell("+x") == "'+x" and safe_cell("plain") == "plain"


BAD_BASELINES = [
    ("session", "\x1b]0;PWNED\x07[red]x[/]", "baseline.session: '\\x1b]0;PWNED"),
    ("fingerprint", "not-a-fingerprint", "baseline.fingerprint: 'not-a-fingerprint' is not a"),
    ("fingerprint", "A" * 64, "baseline.fingerprint: 'AAAA"),
    ("held_on", "2099-01-01", "baseline.held_on: 2099-01-01 is not before the follow-up's"),
    ("areas", {"no-such-area": {"level": "mature"}}, "baseline.areas: 'no-such-area' is not an"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_BASELINES)
def test_a_followups_baseline_block_is_checked_for_structure(
    workshop: Workshop, mini_session: str, tmp_path: Path, field: str, value: Any, message: str
) -> None:
    """Red team R11: the block went in unchecked (an ESC in the fingerprint broke the Word
    export for good; a short one was a database CHECK failure, exit 1)."""
    from datetime import date

    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Pat Chief", "Chief Executive", date(2026, 11, 27))
    followup = workshop.cycle.start_followup(
        mini_session, held_on=date(2027, 11, 20), title=None, by="A. F.", today=date(2027, 6, 1)
    )
    document = export_document(workshop.snapshot(followup))
    assert import_file(workshop, write(tmp_path, document, "good.json"))  # as exported: imports
    before = len(workshop.list_sessions())
    document["baseline"][field] = value
    with pytest.raises(UserError) as caught:
        import_file(workshop, write(tmp_path, document, "bad.json"))
    assert caught.value.exit_status == 2
    assert message in str(caught.value)
    assert len(workshop.list_sessions()) == before  # nothing written
