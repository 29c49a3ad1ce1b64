"""--anonymous in every format (CONTRACT §9): no participant's name, department or rating note
anywhere, participants as the same letters everywhere, roles only in a sorted attendees list,
warnings naming the field where text printed as written contains a name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from npsworkshop.cli import main
from npsworkshop.exporting import anonymity_key, export_session
from npsworkshop.report.anonymity import letters
from npsworkshop.workshop import Workshop

from .helpers import HOSTILE, forbidden_words, hostile, json_of, text_of


@pytest.mark.parametrize("fmt", ["pdf", "docx", "csv", "json"])
def test_no_name_or_department_in_any_anonymous_format(
    fmt: str, workshop: Workshop, tmp_path: Path
) -> None:
    snapshot = hostile(workshop)
    written = export_session(workshop, snapshot.id, fmt, tmp_path / f"out.{fmt}", anonymous=True)
    for path in written:
        text = text_of(path)
        leaks = [word for word in forbidden_words() if word.casefold() in text.casefold()]
        assert leaks == [], (path.name, leaks)
        assert "Cabinet never saw it" not in text  # rating notes are left out
    named = export_session(workshop, snapshot.id, fmt, tmp_path / f"named.{fmt}")
    if fmt != "csv":  # the actions CSV has no people in it; the areas CSV names the weakest
        assert any(HOSTILE[0][0] in text_of(p) or "Ŵynfford" in text_of(p) for p in named)


def test_the_letters_agree_across_formats(workshop: Workshop, tmp_path: Path) -> None:
    snapshot = hostile(workshop)
    [document] = export_session(workshop, snapshot.id, "json", tmp_path / "a.json", anonymous=True)
    data = json_of(document)
    assert [p["id"] for p in data["participants"]] == ["A", "B", "C", "D", "E"]
    assert "name" not in json.dumps(data["participants"])
    key_to_letter = letters(snapshot, anonymity_key(workshop))
    [csv_path] = [
        p
        for p in export_session(workshop, snapshot.id, "csv", tmp_path / "a.csv", anonymous=True)
        if not p.stem.endswith("-actions")
    ]
    csv_text = csv_path.read_text(encoding="utf-8-sig")
    pdf_text = text_of(
        export_session(workshop, snapshot.id, "pdf", tmp_path / "a.pdf", anonymous=True)[0]
    )
    for area in snapshot.areas:
        assert area.result is not None
        weakest = sorted(key_to_letter[k] for k in area.result.weakest_by)
        assert data["areas"][area.id]["result"]["weakest_by"] == weakest
        assert "; ".join(weakest) in csv_text
        for rating in data["areas"][area.id]["ratings"]:
            assert rating["participant"] in key_to_letter.values()
            assert "note" not in rating
        assert f"Participant {weakest[0]}" in pdf_text
    assert data["attendee_roles"] == sorted(
        (p.role for p in snapshot.record.participants), key=str.casefold
    )


def test_an_anonymous_json_is_a_report_that_import_refuses(
    workshop: Workshop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = hostile(workshop)
    [path] = export_session(workshop, snapshot.id, "json", tmp_path / "a.json", anonymous=True)
    data = json_of(path)
    assert data["anonymous"] is True
    assert snapshot.record.sign_off is not None
    assert "named_fingerprint" not in data and "fingerprint" not in data  # docs/outputs.md
    assert snapshot.record.sign_off.fingerprint not in path.read_text(encoding="utf-8")
    before = len(workshop.list_sessions())
    status = main(["--workspace", str(workshop.workspace.root), "import", str(path)])
    assert status == 2
    err = capsys.readouterr().err
    assert "anonymous" in err and str(path) in err
    assert len(workshop.list_sessions()) == before


def test_a_name_in_text_printed_as_written_is_a_warning_naming_the_field(
    workshop: Workshop, tmp_path: Path
) -> None:
    from report.report_data import imported

    from .helpers import hostile_document

    doc = hostile_document(scope=["engaging-councillors"])
    doc["facilitator"] = "Gwenllïan Ŵynfford"
    area = doc["areas"]["engaging-councillors"]
    area["justification"] = "As D'Arcy-Ó Briain said, the forward plan is late."
    area["actions"][0]["owner"] = "Zoë ap Maelgwyn"
    snapshot = imported(workshop, doc)
    workshop.notices.clear()
    export_session(workshop, snapshot.id, "csv", tmp_path / "a.csv", anonymous=True)
    notices = "\n".join(workshop.notices)
    letter = [
        letters(snapshot, anonymity_key(workshop))[p.key] for p in snapshot.record.participants
    ]
    assert f"facilitator contains the name of participant {letter[0]}" in notices
    assert (
        "areas.engaging-councillors.justification contains the name of participant "
        f"{letter[1]}" in notices
    )
    assert (
        "areas.engaging-councillors.actions[0].owner contains the name of participant "
        f"{letter[4]}" in notices
    )
    for word in forbidden_words():
        assert word not in notices  # the warning names the letter, never the person
    workshop.notices.clear()
    export_session(workshop, snapshot.id, "csv", tmp_path / "b.csv")
    assert workshop.notices == []  # named output: nothing to warn about


def test_the_cli_prints_the_warnings(
    workshop: Workshop, capsys: pytest.CaptureFixture[str]
) -> None:
    from report.report_data import imported

    from .helpers import hostile_document

    doc = hostile_document(scope=["engaging-councillors"])
    doc["facilitator"] = "Tegwen O’Flaherty"
    snapshot = imported(workshop, doc)
    root = str(workshop.workspace.root)
    args = ["--workspace", root, "export", snapshot.id, "--format", "json", "--anonymous"]
    assert main(args) == 0
    err = capsys.readouterr().err
    third = letters(snapshot, anonymity_key(workshop))[snapshot.record.participants[2].key]
    assert f"facilitator contains the name of participant {third}" in err


def test_a_common_word_inside_a_name_is_not_a_warning(workshop: Workshop, tmp_path: Path) -> None:
    """'and' in "Children and Families lead" is no one's name: a warning on every sentence
    would bury the one that matters (the owner named in full below)."""
    from report.report_data import imported

    from .helpers import hostile_document

    doc = hostile_document(scope=["engaging-councillors"])
    doc["participants"][0]["name"] = "Children and Families commissioning lead"
    area = doc["areas"]["engaging-councillors"]
    area["justification"] = "Evidence: officers' accounts and the 2025 audit report."
    area["actions"][0]["owner"] = "children and families commissioning lead"
    snapshot = imported(workshop, doc)
    workshop.notices.clear()
    export_session(workshop, snapshot.id, "csv", tmp_path / "a.csv", anonymous=True)
    notices = "\n".join(workshop.notices)
    assert "justification contains" not in notices
    first = letters(snapshot, anonymity_key(workshop))[snapshot.record.participants[0].key]
    assert f"actions[0].owner contains the name of participant {first}" in notices
