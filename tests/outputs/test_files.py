"""Default export names say what the file is; a CSV pair is written whole or not at all; the
CSV carries level numbers and the organisation's code for a regional return."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest

from npsworkshop.exporting import default_stem, export_session
from npsworkshop.interchange.csv_format import areas_csv
from npsworkshop.workshop import Workshop

from .helpers import hostile, hostile_document


@pytest.mark.parametrize(
    ("signed", "anonymous", "ending"),
    [
        (True, False, "2026-11-20-signed-named"),
        (True, True, "2026-11-20-signed-anonymous"),
        (False, False, "2026-11-20-draft-named"),
        (False, True, "2026-11-20-draft-anonymous"),
    ],
)
def test_default_names_say_draft_or_signed_named_or_anonymous(
    workshop: Workshop, signed: bool, anonymous: bool, ending: str
) -> None:
    snapshot = hostile(workshop, signed=signed, scope=["engaging-councillors"])
    for fmt in ("pdf", "docx", "json", "csv"):
        written = export_session(workshop, snapshot.id, fmt, anonymous=anonymous)
        main = written[-1]
        assert main.name.endswith(f"-{ending}.{fmt}"), main.name
        assert main.name.startswith("cyngor-sir-ynys-mon")


def test_a_long_title_is_cut_before_the_date_never_through_it(workshop: Workshop) -> None:
    from report.report_data import imported

    doc = hostile_document(scope=["engaging-councillors"])
    doc["title"] = "Procurement maturity baseline " * 9
    snapshot = imported(workshop, doc)
    stem = default_stem(snapshot, anonymous=False)
    assert stem.endswith("-2026-11-20-draft-named")
    assert len(stem) <= 60 + len("-2026-11-20-draft-named")
    [path] = export_session(workshop, snapshot.id, "pdf")
    [again] = export_session(workshop, snapshot.id, "pdf")
    assert path.name.endswith("-2026-11-20-draft-named.pdf")
    assert again.name.endswith("-2026-11-20-draft-named-2.pdf")


def test_a_long_organisation_leaves_the_title_room_to_tell_sessions_apart(
    workshop: Workshop,
) -> None:
    from report.report_data import imported

    doc = hostile_document(scope=["engaging-councillors"])
    doc["organisation"]["name"] = "The Royal Borough of Kensington and Chelsea and Westminster"
    doc["title"] = "Follow-up reassessment"
    snapshot = imported(workshop, doc)
    stem = default_stem(snapshot, anonymous=True)
    assert stem.startswith("the-royal-borough-of-")
    assert "-follow-up-reassessment-2026-11-20-draft-anonymous" in stem
    assert len(stem) <= 60 + len("-2026-11-20-draft-anonymous")


def test_the_actions_csv_has_ref_code_and_overdue_for_a_regional_return(
    workshop: Workshop,
) -> None:
    from npsworkshop.interchange.csv_format import actions_csv
    from npsworkshop.report.committee import plan_rows
    from report.report_data import imported

    doc = hostile_document()
    doc["organisation"]["code"] = "W06000001"
    late = [a for area in doc["areas"].values() for a in area["actions"] if a["status"] == "open"]
    late[0]["due"] = "2026-10-01"  # before the plan's date: overdue
    snapshot = imported(workshop, doc, sign_off=("Rhian Hughes", "Head of Procurement"))
    rows = list(csv.DictReader(io.StringIO(actions_csv(snapshot).decode("utf-8-sig"))))
    header = list(rows[0])
    assert header[:4] == ["session_id", "organisation", "organisation_code", "ref"]
    plan = plan_rows(snapshot)  # the PDF's and Word's one action plan table
    assert [row["ref"] for row in rows] == [p.ref for p in plan]
    assert [row["overdue"] for row in rows] == ["yes" if p.overdue else "no" for p in plan]
    assert {row["overdue"] for row in rows} == {"yes", "no"}
    assert {row["organisation_code"] for row in rows} == {"W06000001"}


def test_an_output_in_a_missing_folder_or_named_for_another_format_is_refused(
    workshop: Workshop, tmp_path: Path
) -> None:
    """A mistyped folder is not made; a Word file is never written under a .pdf name."""
    from npsworkshop.errors import UserError

    snapshot = hostile(workshop, scope=["engaging-councillors"])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match="does not exist"):
        export_session(workshop, snapshot.id, "pdf", out / "no-such-folder" / "plan.pdf")
    assert not (out / "no-such-folder").exists()
    with pytest.raises(UserError, match=r"ends \.pdf but --format docx writes Word"):
        export_session(workshop, snapshot.id, "docx", out / "plan.pdf")
    assert sorted(out.iterdir()) == []
    [written] = export_session(workshop, snapshot.id, "docx", out / "plan.DOCX")
    [other] = export_session(workshop, snapshot.id, "json", out / "plan-for-region.txt")
    assert written.exists() and other.exists()  # another ending, or none, is the user's choice


def test_the_areas_csv_carries_the_interim_step_the_council_signed(workshop: Workshop) -> None:
    from report.report_data import imported

    doc = hostile_document()
    area_id, area = next(
        (k, a) for k, a in doc["areas"].items() if a["ambition"]["level"] in ("leader", "innovator")
    )
    area["ambition"]["interim"] = {"level": "mature", "by": "2027-09-30"}
    snapshot = imported(workshop, doc, sign_off=("Rhian Hughes", "Head of Procurement"))
    rows = {
        r["area_id"]: r
        for r in csv.DictReader(io.StringIO(areas_csv(snapshot).decode("utf-8-sig")))
    }
    assert (rows[area_id]["interim_level"], rows[area_id]["interim_level_number"]) == (
        "mature",
        "3",
    )
    assert rows[area_id]["interim_by"] == "2027-09-30"
    assert {r["interim_level"] for k, r in rows.items() if k != area_id} == {""}


def test_csv_has_level_numbers_beside_level_ids(workshop: Workshop) -> None:
    snapshot = hostile(workshop)
    rows = list(csv.DictReader(io.StringIO(areas_csv(snapshot).decode("utf-8-sig"))))
    order = ["minimum", "developing", "mature", "leader", "innovator"]
    header = list(rows[0])
    levels = ("weakest_level", "agreed_level", "current_level", "ambition_level", "interim_level")
    for column in levels:
        assert header[header.index(column) + 1] == f"{column}_number"
    for row in rows:
        for column in levels:
            expected = str(order.index(row[column]) + 1) if row[column] else ""
            assert row[f"{column}_number"] == expected
    assert "organisation_code" in header  # empty until the record has a code
    assert all(
        row["organisation_code"] == getattr(snapshot.record, "organisation_code", None)
        or row["organisation_code"] == ""
        for row in rows
    )


def _session_and_folder(workshop: Workshop, tmp_path: Path) -> tuple[Any, Path]:
    folder = tmp_path / "out"
    folder.mkdir()
    return hostile(workshop, scope=["engaging-councillors"]), folder


def test_a_failed_csv_export_writes_neither_file(
    workshop: Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot, folder = _session_and_folder(workshop, tmp_path)
    target = folder / "return.csv"
    real_replace = os.replace
    calls: list[Any] = []

    def failing(source: Any, destination: Any) -> None:
        calls.append(destination)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        export_session(workshop, snapshot.id, "csv", target)
    monkeypatch.setattr(os, "replace", real_replace)
    assert sorted(p.name for p in folder.iterdir()) == []


def test_a_failed_csv_export_over_old_files_keeps_both_old_files(
    workshop: Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot, folder = _session_and_folder(workshop, tmp_path)
    target = folder / "return.csv"
    actions = folder / "return-actions.csv"
    target.write_text("old areas")
    actions.write_text("old actions")
    real_replace = os.replace
    moves: list[Any] = []

    def failing(source: Any, destination: Any) -> None:
        moves.append(destination)
        if (
            Path(destination) == target
            and Path(source).name.startswith(".return.csv.")
            and (not str(source).endswith("replaced.tmp"))
        ):
            raise OSError(28, "No space left on device")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        export_session(workshop, snapshot.id, "csv", target, force=True)
    monkeypatch.setattr(os, "replace", real_replace)
    assert target.read_text() == "old areas"
    assert actions.read_text() == "old actions"
    assert sorted(p.name for p in folder.iterdir()) == ["return-actions.csv", "return.csv"]
