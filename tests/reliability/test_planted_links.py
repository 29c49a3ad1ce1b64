"""Lock files and the crash log never follow a symbolic link (issue 10 M7): a link planted in
`sessions/locks/` must not make a sign-off truncate a file the user can write."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import complete
from npsworkshop.crashlog import write_crash_log
from npsworkshop.errors import Failure
from npsworkshop.store import lock
from npsworkshop.workshop import Workshop


def victim(tmp_path: Path) -> Path:
    path = tmp_path / "precious.txt"
    path.write_text("the council's only copy\n", encoding="utf-8")
    return path


def test_a_link_planted_as_a_session_lock_is_refused_and_its_target_untouched(
    workshop: Workshop, mini_session: str, tmp_path: Path
) -> None:
    complete(workshop, mini_session)
    target = victim(tmp_path)
    planted = lock.session_lock_path(lock.locks_dir(workshop.workspace.database), mini_session)
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.unlink(missing_ok=True)
    planted.symlink_to(target)
    with pytest.raises(Failure, match="is a symbolic link, not a lock file"):
        workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service")
    assert target.read_text(encoding="utf-8") == "the council's only copy\n"
    assert not workshop.snapshot(mini_session).signed_off


def test_a_fifo_planted_as_a_lock_is_refused_without_hanging(
    workshop: Workshop, mini_session: str
) -> None:
    planted = lock.session_lock_path(lock.locks_dir(workshop.workspace.database), mini_session)
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.unlink(missing_ok=True)
    os.mkfifo(planted)
    with pytest.raises(Failure, match="is not a regular file"):
        workshop.rate(mini_session, "plain", "p1", "mature")


def test_the_crash_log_never_follows_a_link(tmp_path: Path) -> None:
    target = victim(tmp_path)
    log = tmp_path / "sessions" / "npsworkshop.log"
    log.parent.mkdir()
    log.symlink_to(target)
    assert write_crash_log(log, RuntimeError("boom")) is None
    assert target.read_text(encoding="utf-8") == "the council's only copy\n"
