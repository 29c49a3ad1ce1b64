"""A follow-up moved to another machine with its baseline (verify V9): import links it to the
baseline by fingerprint, and its papers find the baseline's history the same way."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from npsworkshop.exporting import baseline_history, export_session
from npsworkshop.interchange.json_format import export_json, import_file
from npsworkshop.workshop import Workshop, imported_followup, importing
from npsworkshop.workspace import Workspace
from outputs.followup_data import baseline, followup
from report.report_data import all_text, flat


class _Later(date):
    """Today on the other machine: after the fixture's sign-off and follow-up dates."""

    @classmethod
    def today(cls) -> _Later:
        return cls(2028, 1, 10)


def test_a_moved_followup_shows_its_baselines_history(
    workshop: Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "date", _Later)
    monkeypatch.setattr(imported_followup, "date", _Later)
    signed = baseline(workshop)
    later = followup(workshop, signed)
    (tmp_path / "baseline.json").write_bytes(export_json(workshop.snapshot(signed)))
    (tmp_path / "followup.json").write_bytes(export_json(later))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with Workshop.open(Workspace(elsewhere)) as other:
        moved_baseline = import_file(other, tmp_path / "baseline.json")
        moved = import_file(other, tmp_path / "followup.json")
        assert moved_baseline != signed  # another id here: found by fingerprint
        history = baseline_history(other, other.snapshot(moved))
        [written] = export_session(other, moved, "pdf", tmp_path / "f.pdf")
    assert history is not None and history.missing is None and history.actions
    text = flat(all_text(written.read_bytes()))
    assert "not in this workspace" not in text and "No history available" not in text
    assert "Carried forward to this reassessment" in text
