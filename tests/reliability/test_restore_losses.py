"""A restore that would drop sign-offs or progress entries lists them and asks first (issue 10
M6): on a terminal "Restore anyway? [y/N]"; `--yes` goes ahead; neither refuses, exit 2,
nothing changed."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date

import pytest

from conftest import complete
from npsworkshop import cli
from npsworkshop.store import backups, recovery
from npsworkshop.store.backups import Backup
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.progress_log import Update
from npsworkshop.workspace import Workspace

TODAY = date(2026, 11, 29)


def run(workspace: Workspace, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "npsworkshop", "--workspace", str(workspace.root), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.fixture
def early(workshop: Workshop, mini_session: str) -> Backup:
    """A backup of the draft; then the session is signed off (by someone with a bracketed
    title) and two progress entries recorded on A2, and the service closed."""
    made = backups.make_backup(workshop.workspace.database, "open")
    workshop.update_details(mini_session, title="Baseline [draft] 2026")
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service", date(2026, 11, 27))
    for day, status in ((27, "in-progress"), (28, "done")):
        workshop.cycle.record_progress(
            mini_session, Update("A2", status, None, date(2026, 11, day), "Sam Patel"), TODAY
        )
    workshop.cycle.record_progress(
        mini_session, Update("A1", "dropped", None, date(2026, 11, 28), "Jo"), TODAY
    )
    workshop.close()
    return made


def test_the_losses_are_named(workspace: Workspace, mini_session: str, early: Backup) -> None:
    dropped = recovery.would_drop(workspace.database, early)
    assert [(s.session_id, s.title, s.signer, s.signed_on) for s in dropped.signed] == [
        (mini_session, "Baseline [draft] 2026", "Chief Executive", "2026-11-27")
    ]
    assert [(a.ref, a.count) for a in dropped.entries] == [("A2", 2), ("A1", 1)]
    assert dropped.entry_count == 3
    assert dropped.entries[0].latest == "2026-11-28 done by Sam Patel"


def test_without_a_terminal_or_yes_nothing_changes(
    workspace: Workspace, mini_session: str, early: Backup
) -> None:
    before = workspace.database.read_bytes()
    refused = run(workspace, "backups", "restore", early.name)
    assert refused.returncode == 2, refused.stderr
    assert f"signed-off session {mini_session} (Baseline [draft] 2026)" in refused.stderr
    assert "signed off by Chief Executive on 2026-11-27" in refused.stderr
    assert "action A2: 2 progress entries (latest 2026-11-28 done by Sam Patel)" in refused.stderr
    assert f"backups restore {early.name} --yes" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert workspace.database.read_bytes() == before
    assert not (workspace.sessions_dir / recovery.SET_ASIDE_DIR).exists()


def test_yes_restores_and_says_what_it_dropped(
    workspace: Workspace, mini_session: str, early: Backup
) -> None:
    done = run(workspace, "backups", "restore", early.name, "--yes")
    assert done.returncode == 0, done.stderr
    assert f"signed-off session {mini_session}" in done.stdout
    assert f"Restored {early.name}" in done.stdout
    with Workshop.open(workspace, backup=False) as again:
        assert not again.snapshot(mini_session).signed_off
    # The sign-off's backup still holds the dropped sign-off: the list says so.
    [signed] = [b for b in backups.list_backups(workspace.database) if b.reason == "sign-off"]
    listed = run(workspace, "backups")
    assert (
        f"{signed.name} holds 1 signed-off session that the database lacks (thinning keeps it"
        in listed.stdout
    )


@pytest.mark.parametrize(("answer", "status", "restored"), [("y", 0, True), ("", 1, False)])
def test_on_a_terminal_it_asks(
    workspace: Workspace,
    mini_session: str,
    early: Backup,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    status: int,
    restored: bool,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: list[str] = []

    def reply(question: str) -> str:
        asked.append(question)
        return answer

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", reply)
    before = workspace.database.read_bytes()
    code = cli.main(["--workspace", str(workspace.root), "backups", "restore", early.name])
    out = capsys.readouterr().out
    assert code == status
    assert asked == ["Restore anyway? [y/N] "]
    assert f"signed-off session {mini_session}" in out
    assert (workspace.database.read_bytes() != before) is restored
    assert ("Nothing was restored." in out) is not restored


def test_a_restore_that_loses_nothing_does_not_ask(
    workshop: Workshop, workspace: Workspace, mini_session: str
) -> None:
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Chief Executive", "Head of Paid Service", date(2026, 11, 27))
    workshop.close()
    [signed] = backups.list_backups(workspace.database)
    done = run(workspace, "backups", "restore", signed.name)
    assert done.returncode == 0, done.stderr
    assert "would drop" not in done.stdout


def test_the_service_refuses_a_loss_nobody_accepted(
    workspace: Workspace, mini_session: str, early: Backup
) -> None:
    with pytest.raises(recovery.WouldDrop, match="1 signed-off session and 3 progress entries"):
        recovery.restore(workspace.database, early.name)
    dropped = recovery.would_drop(workspace.database, early)
    partial = type(dropped)(signed=dropped.signed)  # shown the sign-off, not the entries
    with pytest.raises(recovery.WouldDrop):
        recovery.restore(workspace.database, early.name, accept=partial)
    assert recovery.restore(workspace.database, early.name, accept=dropped).set_aside is not None


def test_a_restore_that_cannot_happen_asks_nothing(
    workspace: Workspace, mini_session: str, early: Backup
) -> None:
    """Another npsworkshop has the database open: refused at once, before the losses and the
    question."""
    with Workshop.open(workspace, backup=False):
        refused = run(workspace, "backups", "restore", early.name, "--yes")
    assert refused.returncode == 2
    assert "cannot restore now" in refused.stderr and "close it there first" in refused.stderr
    assert "would drop" not in refused.stdout + refused.stderr
