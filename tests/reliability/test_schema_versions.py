"""A database made by every earlier schema version opens, upgrades and reads the same facts.

Each schema revision leaves a fixture database, made by the npsworkshop of that revision
(`make_schema_fixture.py`), with the facts it held beside it. The test opens a COPY of each one
with today's code and reads every session back.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from npsworkshop.assessment.record import facts_document
from npsworkshop.store.backups import list_backups
from npsworkshop.store.database import HEAD, KNOWN_REVISIONS, schema_revision
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "databases"


def test_every_schema_revision_has_a_fixture_database() -> None:
    missing = [r for r in KNOWN_REVISIONS if not (FIXTURES / f"schema-{r}.db").exists()]
    assert missing == [], "run tests/reliability/make_schema_fixture.py for each new revision"


@pytest.mark.parametrize("revision", KNOWN_REVISIONS)
def test_an_old_database_opens_and_reads_every_session(revision: str, tmp_path: Path) -> None:
    fixture = FIXTURES / f"schema-{revision}.db"
    before = hashlib.sha256(fixture.read_bytes()).hexdigest()
    expected = json.loads(
        (FIXTURES / f"schema-{revision}.expected.json").read_text(encoding="utf-8")
    )
    workspace = Workspace(tmp_path)
    workspace.sessions_dir.mkdir()
    shutil.copyfile(fixture, workspace.database)
    assert schema_revision(workspace.database) == revision

    with Workshop.open(workspace) as workshop:
        summaries = {s.id: s for s in workshop.list_sessions()}
        assert set(summaries) == set(expected)
        for session_id, was in expected.items():
            summary = summaries[session_id]
            assert summary.status == was["status"] and summary.tampered is None
            assert summary.progress == was["progress"]
            snapshot = workshop.verified_snapshot(session_id)  # fingerprints still verify
            assert facts_document(snapshot.record) == was["facts"]
            fingerprint = snapshot.record.sign_off.fingerprint if snapshot.record.sign_off else None
            assert fingerprint == was["fingerprint"]
        statuses = sorted(s.status for s in summaries.values())
        assert statuses == ["draft", "signed-off", "signed-off"]

    assert schema_revision(workspace.database) == HEAD
    if revision != HEAD:  # an upgrade is preceded by a verified backup of the old database
        assert [b.reason for b in list_backups(workspace.database)] == ["before-upgrade"]
    assert hashlib.sha256(fixture.read_bytes()).hexdigest() == before  # the fixture is untouched


def test_the_fixture_draft_can_still_be_worked_on(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    workspace.sessions_dir.mkdir()
    shutil.copyfile(FIXTURES / f"schema-{KNOWN_REVISIONS[0]}.db", workspace.database)
    with Workshop.open(workspace) as workshop:
        [draft] = [s for s in workshop.list_sessions() if s.status == "draft"]
        area = "engaging-councillors-and-senior-managers"
        workshop.rate(draft.id, area, "p2", "developing", "processes")
        assert workshop.snapshot(draft.id).area(area).result is not None
