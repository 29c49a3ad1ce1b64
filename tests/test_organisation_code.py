"""The council's GSS code in a workspace (migration 0005, CONTRACT §6 and §9): stored upper case,
refused when malformed (naming the field and the value), a fact only when present."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import complete
from npsworkshop.assessment.record import canonical_json, facts_document, fingerprint
from npsworkshop.cli import main
from npsworkshop.errors import InputError, Refused
from npsworkshop.interchange.json_format import export_document, import_file
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, validate
from npsworkshop.workspace import Workspace
from schema_steps import upgrade_to

FIXTURES = Path(__file__).parent / "fixtures" / "databases"
DRAFT = dict(organisation_name="Sheffield City Council", title="Baseline", held_on="2026-11-20")


def new_session(workshop: Workshop, code: str | None) -> str:
    draft = validate(NewSession, "session", **DRAFT, pack_id="mini", organisation_code=code)
    return workshop.create_session(draft)


def test_a_code_is_stored_upper_case_and_read_back(workshop: Workshop) -> None:
    session_id = new_session(workshop, " e08000019 ")
    assert workshop.snapshot(session_id).record.organisation_code == "E08000019"
    assert workshop.snapshot(new_session(workshop, "")).record.organisation_code is None
    assert workshop.snapshot(new_session(workshop, None)).record.organisation_code is None


@pytest.mark.parametrize("bad", ["X08000019", "E0800001", "E080000190", "E08 000019", "E0800001x"])
def test_a_malformed_code_is_refused_naming_the_field_and_the_value(
    workshop: Workshop, mini_session: str, bad: str
) -> None:
    with pytest.raises(InputError) as caught:
        new_session(workshop, bad)
    assert f"organisation_code: {bad!r} is not a GSS code" in str(caught.value)
    assert caught.value.exit_status == 2
    with pytest.raises(InputError, match=f"organisation_code: {bad!r} is not a GSS code"):
        workshop.update_details(mini_session, organisation_code=bad)
    assert workshop.snapshot(mini_session).record.organisation_code is None


def test_a_draft_gains_changes_and_loses_its_code(workshop: Workshop, mini_session: str) -> None:
    workshop.update_details(mini_session, organisation_code="w06000001")
    assert workshop.snapshot(mini_session).record.organisation_code == "W06000001"
    workshop.update_details(mini_session, title="Renamed")  # other changes keep it
    assert workshop.snapshot(mini_session).record.organisation_code == "W06000001"
    workshop.update_details(mini_session, organisation_code=None)
    assert workshop.snapshot(mini_session).record.organisation_code is None


def test_a_signed_session_refuses_a_code_like_any_other_fact(
    workshop: Workshop, mini_session: str
) -> None:
    workshop.update_details(mini_session, organisation_code="E10000001")
    complete(workshop, mini_session)
    signed = workshop.sign_off(mini_session, "Pat Chief", "Chief Executive")
    with pytest.raises(Refused, match="read-only"):
        workshop.update_details(mini_session, organisation_code="E10000002")
    db = sqlite3.connect(workshop.workspace.database)  # the trigger, for anyone going round
    with pytest.raises(sqlite3.IntegrityError, match="signed off and read-only"):
        db.execute("UPDATE workshop_session SET organisation_code = NULL")
    db.close()
    snap = workshop.verified_snapshot(mini_session)
    assert snap.record.organisation_code == "E10000001"
    assert snap.record.sign_off is not None and snap.record.sign_off.fingerprint == signed


def test_the_database_refuses_a_code_written_round_the_service(
    workshop: Workshop, mini_session: str
) -> None:
    db = sqlite3.connect(workshop.workspace.database)
    for bad in ("e08000019", "E0800001", ""):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint"):
            db.execute("UPDATE workshop_session SET organisation_code = ?", (bad,))
    db.close()


def test_json_writes_the_code_only_when_set_and_hashes_it_only_then(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)
    record = workshop.record(mini_session)[0]
    plain = facts_document(record)
    assert "code" not in plain["organisation"]
    coded_record = record.model_copy(update={"organisation_code": "E08000019"})
    coded = facts_document(coded_record)
    assert coded["organisation"]["code"] == "E08000019"
    # Without a code the hashed document is exactly the version-1 document of before 0005.
    before = {key: value for key, value in plain.items() if key != "sign_off"}
    before["sign_off"] = {"name": "N", "role": "R", "signed_on": "2026-11-27"}
    expected = hashlib.sha256(canonical_json(before)).hexdigest()
    assert fingerprint(record, "N", "R", "2026-11-27") == expected
    assert fingerprint(coded_record, "N", "R", "2026-11-27") != expected


def test_a_session_signed_before_0005_keeps_its_fingerprint(tmp_path: Path) -> None:
    """The 0004 fixture's signed sessions (signed by the release before the code existed) open
    at 0005, verify, and hash to the fingerprints recorded when they were signed."""
    expected = json.loads((FIXTURES / "schema-0004.expected.json").read_text(encoding="utf-8"))
    workspace = Workspace(tmp_path)
    workspace.sessions_dir.mkdir()
    shutil.copyfile(FIXTURES / "schema-0004.db", workspace.database)
    signed = {sid: was for sid, was in expected.items() if was["fingerprint"]}
    assert len(signed) == 2
    with Workshop.open(workspace) as workshop:
        for session_id, was in signed.items():
            record = workshop.verified_snapshot(session_id).record
            assert record.organisation_code is None
            assert "code" not in facts_document(record)["organisation"]
            assert hashlib.sha256(canonical_json(was["facts"])).hexdigest() == was["fingerprint"]
            assert record.sign_off is not None
            assert record.sign_off.fingerprint == was["fingerprint"]


def write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_signed_file_carrying_a_code_imports_and_verifies(
    workshop: Workshop, mini_session: str, tmp_path: Path
) -> None:
    workshop.update_details(mini_session, organisation_code="E08000019")
    complete(workshop, mini_session)
    signed = workshop.sign_off(mini_session, "Pat Chief", "Chief Executive")
    exported = export_document(workshop.verified_snapshot(mini_session))
    assert exported["organisation"]["code"] == "E08000019"
    again = import_file(workshop, write(tmp_path, exported, "signed.json"))
    snap = workshop.verified_snapshot(again)
    assert snap.record.organisation_code == "E08000019"
    assert snap.record.sign_off is not None and snap.record.sign_off.fingerprint == signed
    assert export_document(snap)["organisation"] == exported["organisation"]
    for changed in ("E08000020", None):  # a code added, changed or removed is a changed fact
        forged = copy.deepcopy(exported)
        forged["organisation"]["code"] = changed
        if changed is None:
            del forged["organisation"]["code"]
        with pytest.raises(InputError, match="fingerprint: does not match"):
            import_file(workshop, write(tmp_path, forged, "forged.json"))


def test_a_draft_file_with_a_lower_case_code_is_stored_upper_case(
    workshop: Workshop, mini_session: str, tmp_path: Path
) -> None:
    document = export_document(workshop.snapshot(mini_session))
    document["organisation"]["code"] = "e06000001"
    session_id = import_file(workshop, write(tmp_path, document, "draft.json"))
    assert workshop.snapshot(session_id).record.organisation_code == "E06000001"


def test_import_of_a_bad_code_exits_2_naming_file_field_and_value(
    workshop: Workshop, mini_session: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = export_document(workshop.snapshot(mini_session))
    document["organisation"]["code"] = "S12000033"  # Scotland: not an English or Welsh council
    path = write(tmp_path, document, "bad.json")
    root = str(workshop.workspace.root)
    workshop.close()
    status = main(["--workspace", root, "import", str(path)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"{path}: organisation.code: 'S12000033' is not a GSS code" in err
    with Workshop.open(Workspace(Path(root))) as again:
        assert len(again.list_sessions()) == 1  # nothing was written


def test_0005_adds_only_its_column_and_keeps_every_trigger(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"

    def shape() -> tuple[list[str], list[tuple[str, str]]]:
        with closing(sqlite3.connect(path)) as db:
            columns = [row[1] for row in db.execute("PRAGMA table_info(workshop_session)")]
            triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            return columns, sorted(triggers.fetchall())

    upgrade_to(path, "0004")
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "INSERT INTO workshop_session VALUES ('abcdef012345', 'Council', '', 'T', "
            "'2026-11-20', '', 'mini', 'Mini', '1', ?, '{}', '[\"plain\"]', 'now', 'now')",
            ("0" * 64,),
        )
    columns, triggers = shape()
    upgrade_to(path, "0005")
    assert shape() == ([*columns, "organisation_code"], triggers)
    with closing(sqlite3.connect(path)) as db:  # a session of 0004 reads as "no code"
        assert db.execute("SELECT organisation_code FROM workshop_session").fetchall() == [(None,)]


def test_a_followup_keeps_the_councils_code(workshop: Workshop, mini_session: str) -> None:
    workshop.update_details(mini_session, organisation_code="E10000001")
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Pat Chief", "Chief Executive", date(2026, 11, 27))
    followup = workshop.cycle.start_followup(
        mini_session,
        held_on=date(2027, 11, 20),
        title=None,
        by="A. Facilitator",
        today=date(2027, 6, 30),
    )
    assert workshop.snapshot(followup).record.organisation_code == "E10000001"
