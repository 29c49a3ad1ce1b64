"""A missing or empty database is damage when backups hold sessions (issue 10 M6): npsworkshop
refuses to start an empty one over them, names the newest good backup and the restore command,
and starts fresh only when the backups are moved aside (an explicit choice)."""

from __future__ import annotations

import shutil

import pytest

from conftest import complete
from npsworkshop.store import backups, recovery
from npsworkshop.store.recovery import Damaged
from npsworkshop.workshop import Workshop


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_lost_database_is_not_replaced_by_an_empty_one(
    workshop: Workshop, mini_session: str, how: str
) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")  # backs up
    workshop.close()
    database = workshop.workspace.database
    for path in database.parent.glob("npsworkshop.db*"):
        path.unlink()
    if how == "emptied":
        database.write_bytes(b"")
    with pytest.raises(Damaged) as caught:
        Workshop.open(workshop.workspace)
    message = str(caught.value)
    assert "will not start an empty database" in message and "1 signed off" in message
    newest = backups.list_backups(database)[0]
    assert f"npsworkshop backups restore {newest.name}" in message
    assert not database.exists() or database.stat().st_size == 0  # nothing was created

    recovery.restore(database, newest.name)  # the way back it named
    with Workshop.open(workshop.workspace) as restored:
        assert restored.snapshot(mini_session).signed_off


def test_moving_the_backups_aside_is_the_explicit_choice_to_start_fresh(
    workshop: Workshop, mini_session: str
) -> None:
    workshop.close()
    database = workshop.workspace.database
    backups.backup_now(database, "sign-off")
    for path in database.parent.glob("npsworkshop.db*"):
        path.unlink()
    with pytest.raises(Damaged):
        Workshop.open(workshop.workspace)
    shutil.move(backups.backups_dir(database), database.parent / "old-backups")
    with Workshop.open(workshop.workspace) as fresh:
        assert fresh.list_sessions() == []
