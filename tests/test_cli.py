"""The command line as other programs use it: outputs, exit statuses, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from npsworkshop.cli import main
from npsworkshop.workspace import Workspace
from test_interchange import GOOD, mutate, write


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "npsworkshop", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_import_export_sign_off_round_trip(workspace: Workspace, tmp_path: Path) -> None:
    ws = str(workspace.root)
    imported = run("--workspace", ws, "import", str(write(tmp_path, GOOD)))
    assert imported.returncode == 0, imported.stderr
    session_id = imported.stdout.strip().splitlines()[-1]

    listed = run("--workspace", ws, "sessions")
    assert listed.returncode == 0
    line = listed.stdout.splitlines()[1]
    assert line.startswith(session_id)
    assert "Example Borough Council" in line and "draft" in line and "2/2 areas complete" in line

    signed = run("--workspace", ws, "sign-off", session_id[:5], "--name", "Chief", "--role", "CEO")
    assert signed.returncode == 0, signed.stderr
    fingerprint = signed.stdout.strip()
    assert len(fingerprint) == 64

    exported = run("--workspace", ws, "export", session_id, "--format", "json")
    assert exported.returncode == 0, exported.stderr
    path = Path(exported.stdout.strip().splitlines()[-1])
    assert path.parent == workspace.exports_dir
    assert path.name == (
        "example-borough-council-procurement-maturity-baseline-2026-2026-11-20-signed-named.json"
    )
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["fingerprint"] == fingerprint
    assert document["areas"]["plain"]["result"]["weakest_level"] == "developing"

    again = run("--workspace", ws, "export", session_id, "--format", "json")
    assert Path(again.stdout.strip()).name.endswith("-2026-11-20-signed-named-2.json")

    csv_out = run("--workspace", ws, "export", session_id, "--format", "csv")
    written = [Path(p) for p in csv_out.stdout.split()]
    assert [p.suffix for p in written] == [".csv", ".csv"]
    assert written[0].name.endswith("-actions.csv") and all(p.exists() for p in written)


def test_workspace_from_the_environment(workspace: Workspace) -> None:
    result = run("sessions", env={"NPSWORKSHOP_HOME": str(workspace.root)})
    assert result.returncode == 0
    assert "No sessions yet" in result.stdout
    assert workspace.database.exists()


def test_bad_input_exits_2_without_a_traceback(workspace: Workspace, tmp_path: Path) -> None:
    ws = str(workspace.root)
    bad = write(tmp_path, mutate("areas.plain.ratings.0.level", "expert"))
    result = run("--workspace", ws, "import", str(bad))
    assert result.returncode == 2
    assert f"{bad}: areas.plain.ratings[0].level" in result.stderr
    assert "Traceback" not in result.stderr
    assert not workspace.database.exists()  # nothing written: the database was not even created

    for args in (
        ["export", "nope", "--format", "json"],
        ["export", "x", "--format", "docx"],
        ["sign-off", "nope", "--name", "A", "--role", "B"],
        ["frobnicate"],
    ):
        result = run("--workspace", ws, *args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert result.stderr.strip()


def test_an_existing_output_is_not_overwritten(workspace: Workspace, tmp_path: Path) -> None:
    ws = str(workspace.root)
    session_id = run("--workspace", ws, "import", str(write(tmp_path, GOOD))).stdout.strip()
    target = tmp_path / "out.json"
    target.write_text("keep me", encoding="utf-8")
    result = run(
        "--workspace", ws, "export", session_id, "--format", "json", "--output", str(target)
    )
    assert result.returncode == 2 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    forced = run(
        "--workspace",
        ws,
        "export",
        session_id,
        "--format",
        "json",
        "--output",
        str(target),
        "--force",
    )
    assert forced.returncode == 0 and json.loads(target.read_text(encoding="utf-8"))["title"]


def test_export_of_a_tampered_record_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    import sqlite3

    ws = str(workspace.root)
    session_id = run("--workspace", ws, "import", str(write(tmp_path, GOOD))).stdout.strip()
    assert (
        run("--workspace", ws, "sign-off", session_id, "--name", "A", "--role", "B").returncode == 0
    )
    db = sqlite3.connect(workspace.database)
    db.execute("DROP TRIGGER rating_signed_update")
    db.execute("UPDATE rating SET level = 'innovator'")
    db.commit()
    db.close()
    result = run("--workspace", ws, "export", session_id, "--format", "json")
    assert result.returncode == 1
    assert "no longer matches its fingerprint" in result.stderr
    assert not list(workspace.exports_dir.glob("*.json"))


def test_content_check(tmp_path: Path) -> None:
    ok = run("content", "check")
    assert ok.returncode == 0, ok.stderr
    assert "ok   nps-2018 " in ok.stdout and "ok   nps-2018-draft-toolkit " in ok.stdout

    bad = tmp_path / "bad"
    bad.mkdir()
    shipped = Path(__file__).parent.parent / "content" / "nps-2018" / "pack.toml"
    text = shipped.read_text(encoding="utf-8")
    marker = 'mature = """'
    assert marker in text or "mature = " in text
    (bad / "pack.toml").write_text(text.replace("[[enablers]]", "[[enablers]]\ncolour = 1", 1))
    result = run("content", "check", str(bad))
    assert result.returncode == 2
    assert f"{bad / 'pack.toml'}: enablers[0].colour: is not a known field" in result.stderr


def test_unexpected_errors_are_logged_not_shown(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*_args: object) -> int:
        raise RuntimeError("secret participant text")

    monkeypatch.setitem(__import__("npsworkshop.cli").cli.COMMANDS, "sessions", explode)
    status = main(["--workspace", str(workspace.root), "sessions"])
    err = capsys.readouterr().err
    assert status == 1
    assert "secret participant text" not in err and "Traceback" not in err
    assert "RuntimeError" in err and str(workspace.log_file) in err
    assert "secret participant text" in workspace.log_file.read_text(encoding="utf-8")


def test_a_default_csv_export_never_overwrites_the_actions_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    ws = str(workspace.root)
    session_id = run("--workspace", ws, "import", str(write(tmp_path, GOOD))).stdout.strip()
    stem = "example-borough-council-procurement-maturity-baseline-2026-2026-11-20-draft-named"
    workspace.exports_dir.mkdir(parents=True, exist_ok=True)
    keep = workspace.exports_dir / f"{stem}-actions.csv"
    keep.write_text("keep me", encoding="utf-8")
    result = run("--workspace", ws, "export", session_id, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert keep.read_text(encoding="utf-8") == "keep me"
    assert [Path(p).name for p in result.stdout.split()] == [
        f"{stem}-2-actions.csv",
        f"{stem}-2.csv",
    ]
