"""End to end: `npsworkshop export SESSION --format pdf` in a real process writes the plan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .report_data import all_text, document


def _cli(workspace: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "npsworkshop", "--workspace", str(workspace), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_export_writes_a_committee_pdf_and_anonymous_mode_hides_names(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    doc = document("nps-2018", participants=6, actions=2)
    source = tmp_path / "session.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    session = _cli(workspace, "import", str(source))

    written = Path(_cli(workspace, "export", session[:6], "--format", "pdf"))
    assert written.parent == workspace / "exports"
    assert written.suffix == ".pdf"
    data = written.read_bytes()
    assert data.startswith(b"%PDF-")
    text = all_text(data)
    assert "Page 1 of" in text and "DRAFT" in text
    names = [person["name"] for person in doc["participants"]]
    assert all(name in text for name in names)

    # Another process, the same record: the same bytes.
    again = Path(_cli(workspace, "export", session, "--format", "pdf"))
    assert again != written and again.read_bytes() == data

    hidden = tmp_path / "anonymous.pdf"
    assert _cli(
        workspace, "export", session, "--format", "pdf", "--anonymous", "--output", str(hidden)
    ) == str(hidden)
    text = all_text(hidden.read_bytes())
    assert "Participant A" in text
    for person in doc["participants"]:
        assert person["name"] not in text
        assert f"({person['department']})" not in text
