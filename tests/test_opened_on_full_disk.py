"""A workspace opened read-only because the disk was full (verify V3): the mode lasts until it
is opened again, so a refused write says so instead of "the database is read-only"."""

from __future__ import annotations

import pytest

from npsworkshop.errors import NotSaved
from npsworkshop.store import backups, database
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace


def test_a_write_refused_after_a_full_disk_open_says_to_reopen(
    workspace: Workspace, workshop: Workshop, mini_session: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop.close()  # its WAL checkpointed: what a full disk leaves to be read as immutable
    monkeypatch.setattr(database, "unreadable_for_want_of_space", lambda path: True)
    monkeypatch.setattr(backups, "unreadable_for_want_of_space", lambda path: True)
    with Workshop.open(workspace) as opened_full:
        assert opened_full.snapshot(mini_session).record.title == "Baseline"  # reads work
        monkeypatch.undo()  # space is back: this process still holds the read-only engine
        with pytest.raises(NotSaved, match="the disk was full when the workspace was opened"):
            opened_full.update_details(mini_session, title="Renamed")
    with Workshop.open(workspace) as reopened:
        reopened.update_details(mini_session, title="Renamed")
        assert reopened.snapshot(mini_session).record.title == "Renamed"
