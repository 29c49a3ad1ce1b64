"""store/form_drafts.py: a form's unsaved text, one small JSON file per session (trial F13)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from npsworkshop.store.form_drafts import drafts_file, drop_draft, keep_draft, read_draft

AT = datetime(2026, 11, 29, 14, 5, tzinfo=UTC)


def test_kept_read_and_dropped_per_form(tmp_path: Path) -> None:
    keep_draft(tmp_path, "abc123", "justification:plain", {"justification": "Ynys Môn £1m"}, AT)
    keep_draft(tmp_path, "abc123", "ambition:plain", {"ambition-rationale": "Because"}, AT)
    draft = read_draft(tmp_path, "abc123", "justification:plain")
    assert draft is not None and draft.fields == {"justification": "Ynys Môn £1m"}
    assert draft.at == AT
    assert read_draft(tmp_path, "other", "justification:plain") is None
    drop_draft(tmp_path, "abc123", "justification:plain")
    assert read_draft(tmp_path, "abc123", "justification:plain") is None
    assert read_draft(tmp_path, "abc123", "ambition:plain") is not None
    drop_draft(tmp_path, "abc123", "ambition:plain")
    assert not (tmp_path / "drafts" / "abc123.json").exists()  # the last one takes the file
    assert not list((tmp_path / "drafts").glob(".*"))  # no temporary file left behind


def test_a_damaged_or_foreign_file_is_no_drafts_and_is_replaced(tmp_path: Path) -> None:
    path = drafts_file(tmp_path, "abc123")
    assert path is not None
    path.parent.mkdir()
    for text in ("{not json", "[1, 2]", '{"justification:plain": {"fields": 3, "at": "x"}}'):
        path.write_text(text, encoding="utf-8")
        assert read_draft(tmp_path, "abc123", "justification:plain") is None
    keep_draft(tmp_path, "abc123", "justification:plain", {"justification": "Again"}, AT)
    draft = read_draft(tmp_path, "abc123", "justification:plain")
    assert draft is not None and draft.fields == {"justification": "Again"}


def test_a_session_id_that_is_not_a_file_name_keeps_nothing(tmp_path: Path) -> None:
    for session_id in ("../escape", ".hidden", "a/b", ""):
        assert drafts_file(tmp_path, session_id) is None
        keep_draft(tmp_path, session_id, "justification:plain", {"justification": "x"}, AT)
        assert read_draft(tmp_path, session_id, "justification:plain") is None
    assert not (tmp_path / "drafts").exists() and not (tmp_path.parent / "escape.json").exists()


def test_no_workspace_folder_no_file(tmp_path: Path) -> None:
    """A form open over a workspace whose sessions folder has gone makes no new tree."""
    missing = tmp_path / "gone"
    keep_draft(missing, "abc123", "justification:plain", {"justification": "x"}, AT)
    assert not missing.exists()
