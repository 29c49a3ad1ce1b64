"""A workspace opened read-only because the disk was full (verify V3): a refused write says
so, and once there is space again it reopens for changes, so the retry is saved."""

from __future__ import annotations

import pytest

from npsworkshop.errors import NotSaved
from npsworkshop.store import backups, database
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace


def test_a_full_disk_open_refuses_writes_until_space_is_back_then_reopens(
    workspace: Workspace, workshop: Workshop, mini_session: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop.close()  # its WAL checkpointed: what a full disk leaves to be read as immutable
    monkeypatch.setattr(database, "unreadable_for_want_of_space", lambda path: True)
    monkeypatch.setattr(backups, "unreadable_for_want_of_space", lambda path: True)
    with Workshop.open(workspace) as opened_full:
        assert opened_full.snapshot(mini_session).record.title == "Baseline"  # reads work
        with pytest.raises(NotSaved, match="free space, then try again"):
            opened_full.update_details(mini_session, title="Renamed")
        monkeypatch.undo()  # space is back
        with pytest.raises(NotSaved, match="now open for changes: try again"):
            opened_full.update_details(mini_session, title="Renamed")
        opened_full.update_details(mini_session, title="Renamed")  # the retry is saved
        assert opened_full.snapshot(mini_session).record.title == "Renamed"
    with Workshop.open(workspace) as reopened:
        assert reopened.snapshot(mini_session).record.title == "Renamed"
