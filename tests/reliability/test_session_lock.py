"""A second instance: a session another process is editing says who holds it and stays read-only
here; the claim dies with its holder, so a lock file left behind never blocks anyone."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from conftest import complete
from npsworkshop.errors import NotFound, Refused
from npsworkshop.store import lock
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace
from reliability.helpers import hold_session, start_python, wait_for_line


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=30)


def test_a_claim_is_shared_within_one_process(workshop: Workshop, mini_session: str) -> None:
    first = workshop.claim(mini_session)
    assert isinstance(first, lock.Claim)
    assert workshop.claim(mini_session) is first
    other = Workshop.open(workshop.workspace)  # a second service in the same process
    try:
        second = other.claim(mini_session)
        assert isinstance(second, lock.Claim)
        other.rate(mini_session, "plain", "p1", "mature")  # this process holds it: allowed
    finally:
        other.close()
    assert workshop.held_by(mini_session) is None
    workshop.release(mini_session)
    assert first.released


def test_another_process_is_told_who_holds_the_session(
    workshop: Workshop, mini_session: str
) -> None:
    holder = hold_session(workshop.workspace, mini_session)
    try:
        result = workshop.claim(mini_session)
        assert isinstance(result, lock.HeldBy)
        assert result.holder is not None
        assert result.holder.pid == holder.pid
        assert result.holder.host == socket.gethostname()
        assert result.holder.program == "the workshop app"
        message = result.message()
        assert f"process {holder.pid}" in message and socket.gethostname() in message
        assert "read-only" in message and "since" in message

        # Read-only here: reading works, every change is refused with the holder named.
        assert workshop.snapshot(mini_session).id == mini_session
        with pytest.raises(Refused, match=f"process {holder.pid}"):
            workshop.rate(mini_session, "plain", "p1", "mature")
        with pytest.raises(Refused, match="open for editing"):
            workshop.justify(mini_session, "plain", "Evidence")
        assert workshop.snapshot(mini_session).area("plain").justification is None
        assert workshop.held_by(mini_session) is not None
    finally:
        stop(holder)


def test_the_claim_dies_with_its_holder(workshop: Workshop, mini_session: str) -> None:
    holder = hold_session(workshop.workspace, mini_session)
    lock_file = lock.locks_dir(workshop.workspace.database) / f"{mini_session}.lock"
    os.kill(holder.pid, signal.SIGKILL)
    holder.communicate(timeout=30)
    # The dead holder's record is still in the file, and it blocks nobody.
    assert json.loads(lock_file.read_text())["pid"] == holder.pid
    claim = workshop.claim(mini_session)
    assert isinstance(claim, lock.Claim)
    workshop.rate(mini_session, "plain", "p1", "mature")


def test_a_clean_close_releases_the_claim(workshop: Workshop, mini_session: str) -> None:
    holder = hold_session(workshop.workspace, mini_session)
    assert holder.stdin is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert wait_for_line(holder, "closed") == "closed"
    assert isinstance(workshop.claim(mini_session), lock.Claim)
    stop(holder)


def test_sign_off_from_the_command_line_is_refused_while_the_app_holds_it(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)
    holder = hold_session(workshop.workspace, mini_session)
    try:
        workspace = str(workshop.workspace.root)
        command = ["sign-off", mini_session, "--name", "Chief", "--role", "CEO"]
        result = subprocess.run(
            [sys.executable, "-m", "npsworkshop", "--workspace", workspace, *command],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2
        assert f"process {holder.pid}" in result.stderr and "Traceback" not in result.stderr
        assert not workshop.snapshot(mini_session).signed_off
    finally:
        stop(holder)


def test_a_single_change_in_another_process_is_waited_for(
    workshop: Workshop, mini_session: str
) -> None:
    """A transient hold (one change, milliseconds) does not make the session look held."""
    code = """
        import sys, time
        from pathlib import Path
        from npsworkshop.store import lock
        claim = lock.claim(Path(sys.argv[1]), sys.argv[2], "a change", transient=True)
        print("holding", flush=True)
        time.sleep(0.5)
        claim.release()
        time.sleep(30)
    """
    directory = lock.locks_dir(workshop.workspace.database)
    other = start_python(code, str(directory), mini_session)
    try:
        wait_for_line(other, "holding")
        assert isinstance(workshop.claim(mini_session), lock.Claim)
    finally:
        stop(other)


def test_a_hostile_session_id_never_names_a_file(workshop: Workshop) -> None:
    with pytest.raises(NotFound):
        workshop.claim("../../etc/passwd")
    with pytest.raises(ValueError):
        lock.session_lock_path(lock.locks_dir(workshop.workspace.database), "../x")
    assert not (workshop.workspace.root / "etc").exists()


def test_the_holder_record_is_readable_by_people(workspace: Workspace) -> None:
    directory = lock.locks_dir(workspace.database)
    claim = lock.claim(directory, "abcdef123456", "the quick review")
    assert isinstance(claim, lock.Claim)
    record = json.loads((directory / "abcdef123456.lock").read_text())
    assert record["pid"] == os.getpid() and record["program"] == "the quick review"
    assert record["host"] == socket.gethostname() and record["since"].endswith("+00:00")
    claim.release()
    assert (directory / "abcdef123456.lock").read_text() == ""  # never deleted, emptied
