"""Imported sign-offs (issue 10 M1, CONTRACT section 9): a sign_off without its matching
fingerprint is refused (exit 2, "remove sign_off to import as a draft"); an imported one is kept,
marked with where it came from (not a fact, never hashed), in the JSON and in `sessions`."""

from __future__ import annotations

import copy
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from conftest import complete
from npsworkshop.cli import main
from npsworkshop.errors import InputError
from npsworkshop.interchange.json_format import export_document, import_file
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace
from test_interchange import write


@pytest.fixture
def signed_export(workshop: Workshop, mini_session: str) -> dict[str, object]:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    return export_document(workshop.snapshot(mini_session))


def test_a_forged_sign_off_without_its_fingerprint_is_refused(
    workshop: Workshop, signed_export: dict[str, object], tmp_path: Path
) -> None:
    """The red-team forgery: delete the fingerprint line, edit a rating and the signer."""
    forged = copy.deepcopy(signed_export)
    del forged["fingerprint"]
    forged["areas"]["plain"]["ratings"][1]["level"] = "innovator"  # type: ignore[index]
    forged["sign_off"]["name"] = "Someone Else"  # type: ignore[index]
    before = len(workshop.list_sessions())
    with pytest.raises(InputError) as caught:
        import_file(workshop, write(tmp_path, forged, "forged.json"))
    assert caught.value.exit_status == 2
    assert "sign_off:" in str(caught.value)
    assert "remove sign_off to import as a draft" in str(caught.value)
    assert len(workshop.list_sessions()) == before  # nothing written
    forged["sign_off"] = None  # as the message says: it imports as a draft
    draft = import_file(workshop, write(tmp_path, forged, "draft.json"))
    assert not workshop.snapshot(draft).signed_off


def test_a_wrong_fingerprint_says_how_to_import_as_a_draft(
    workshop: Workshop, signed_export: dict[str, object], tmp_path: Path
) -> None:
    forged = copy.deepcopy(signed_export)
    forged["sign_off"]["name"] = "Someone Else"  # type: ignore[index]
    with pytest.raises(InputError, match="remove sign_off to import as a draft"):
        import_file(workshop, write(tmp_path, forged, "forged.json"))


def test_an_imported_sign_off_is_marked_in_the_json_and_the_sessions_list(
    workshop: Workshop,
    signed_export: dict[str, object],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write(tmp_path, signed_export, "from-the-council.json")
    assert "imported" not in signed_export  # the session signed here is not marked
    other = Workspace(tmp_path / "other")  # another council's laptop, with the same pack
    shutil.copytree(tmp_path / "content", other.root / "content")
    with Workshop.open(other) as elsewhere:
        session_id = import_file(elsewhere, path)
        exported = export_document(elsewhere.snapshot(session_id))
        assert exported["imported"] == {"file": str(path), "on": date.today().isoformat()}
        assert exported["fingerprint"] == signed_export["fingerprint"]  # never hashed
        summaries = {s.id: s for s in elsewhere.list_sessions()}
        assert summaries[session_id].imported and summaries[session_id].status == "signed-off"
    assert main(["--workspace", str(other.root), "sessions"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert "signed-off (imported)" in lines[session_id]
    workshop.close()
    assert main(["--workspace", str(workshop.workspace.root), "sessions"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert "(imported)" not in lines[signed_export["id"]]  # type: ignore[index]


def test_a_signed_file_already_here_is_not_imported_again(
    workshop: Workshop,
    signed_export: dict[str, object],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Red team R14: one signed record, one session here, whichever copy of the file comes in."""
    here = str(signed_export["id"])
    path = write(tmp_path, signed_export, "again.json")
    assert import_file(workshop, path) == here  # its own export back: nothing written
    workshop.close()
    root = str(workshop.workspace.root)
    for _ in range(2):
        assert main(["--workspace", root, "import", str(path)]) == 0
        out, err = capsys.readouterr()
        assert out.splitlines()[-1] == here
        assert f"already here as {here}" in err and "nothing was imported" in err
    assert main(["--workspace", root, "sessions"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2  # the heading and the one session


def test_the_genuine_file_comes_back_beside_a_tampered_copy(
    workshop: Workshop,
    signed_export: dict[str, object],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Verify V4: "already here" only for a copy that still verifies; the genuine signed file
    is imported as a session of its own, naming the tampered copy, and then is "already here"."""
    tampered = str(signed_export["id"])
    path = write(tmp_path, signed_export, "genuine.json")
    workshop.close()
    database = workshop.workspace.sessions_dir / "npsworkshop.db"
    with sqlite3.connect(database) as connection:
        connection.execute("DROP TRIGGER rating_signed_update")
        connection.execute("UPDATE rating SET level = 'innovator'")
    connection.close()
    root = str(workshop.workspace.root)
    assert main(["--workspace", root, "import", str(path)]) == 0
    out, err = capsys.readouterr()
    genuine = out.splitlines()[-1]
    assert genuine != tampered and "already here" not in err
    assert f"session {tampered} here, signed off with the same fingerprint, is tampered" in err
    assert main(["--workspace", root, "import", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == genuine and f"already here as {genuine}" in err
    assert main(["--workspace", root, "export", genuine, "--format", "json"]) == 0
