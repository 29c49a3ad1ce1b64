"""SIGTERM and SIGHUP end a headless command cleanly: a change in flight rolls back, the WAL is
checkpointed, claims are released, and the exit status says which signal it was."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time

import pytest

from npsworkshop.store.shutdown import Terminated, exit_on_termination
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace
from reliability.helpers import start_python, wait_for_line

# A headless command (here `sessions`, replaced) that makes a change and then waits, with the
# service open, as a long export or the quick review would.
COMMAND = """
    import sys, time
    from npsworkshop import cli
    mode = sys.argv[2]

    def long_command(args, workspace):
        with cli._open(workspace) as workshop:
            session_id = workshop.list_sessions()[0].id
            workshop.claim(session_id)
            workshop.rate(session_id, "plain", "p1", "mature")
            if mode == "in-transaction":
                from npsworkshop.workshop import transactions
                logged = transactions._log

                def slow_log(*a, **k):
                    event = logged(*a, **k)
                    print("in-transaction", flush=True)
                    time.sleep(60)
                    return event

                transactions._log = slow_log
                workshop.justify(session_id, "plain", "never committed")
            print("ready", flush=True)
            time.sleep(60)
        return 0

    cli.COMMANDS["sessions"] = long_command
    sys.exit(cli.main(["--workspace", sys.argv[1], "sessions"]))
"""


def run_until(workspace: Workspace, mode: str, line: str, signum: int) -> tuple[int, str]:
    process = start_python(COMMAND, str(workspace.root), mode)
    wait_for_line(process, line)
    process.send_signal(signum)
    _out, err = process.communicate(timeout=60)
    return process.returncode, err


@pytest.mark.parametrize(
    ("signum", "name"), [(signal.SIGTERM, "SIGTERM"), (signal.SIGHUP, "SIGHUP")]
)
def test_a_headless_command_closes_cleanly(
    workshop: Workshop, mini_session: str, signum: int, name: str
) -> None:
    workshop.close()  # only the command has the database open
    status, err = run_until(workshop.workspace, "idle", "ready", signum)
    assert status == 128 + signum
    assert f"stopped by {name}" in err and "Traceback" not in err
    wal = workshop.workspace.database.with_name("npsworkshop.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and closed
    with Workshop.open(workshop.workspace) as again:
        assert again.snapshot(mini_session).area("plain").result is not None  # the change stayed
        assert again.held_by(mini_session) is None


def test_a_change_in_flight_is_rolled_back(workshop: Workshop, mini_session: str) -> None:
    workshop.close()
    status, err = run_until(workshop.workspace, "in-transaction", "in-transaction", signal.SIGTERM)
    assert status == 128 + signal.SIGTERM and "Traceback" not in err
    with Workshop.open(workshop.workspace) as again:
        area = again.snapshot(mini_session).area("plain")
        assert area.result is not None  # the acknowledged rating is there
        assert area.justification is None  # the change in flight is not, not even in part


def test_a_kill_leaves_the_wal_for_the_next_open(workshop: Workshop, mini_session: str) -> None:
    """The contrast: SIGKILL cannot be handled, and loses nothing either."""
    workshop.close()
    process = start_python(COMMAND, str(workshop.workspace.root), "idle")
    wait_for_line(process, "ready")
    process.kill()
    process.communicate(timeout=60)
    assert workshop.workspace.database.with_name("npsworkshop.db-wal").stat().st_size > 0
    with Workshop.open(workshop.workspace) as again:
        assert again.snapshot(mini_session).area("plain").result is not None


def test_the_handler_raises_terminated_and_is_removed_after() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Terminated) as caught, exit_on_termination():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this at once
    assert caught.value.signum == signal.SIGTERM and caught.value.exit_status == 143
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_callback_is_called_once() -> None:
    calls: list[int] = []
    with exit_on_termination(calls.append):
        os.kill(os.getpid(), signal.SIGHUP)
        os.kill(os.getpid(), signal.SIGTERM)
    assert calls == [signal.SIGHUP]


async def test_an_event_loop_gets_the_signal_as_a_callback() -> None:
    loop = asyncio.get_running_loop()
    stopped = asyncio.Event()
    with exit_on_termination(lambda _signum: stopped.set(), loop=loop):
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(stopped.wait(), timeout=5)
    assert stopped.is_set()


def test_outside_the_main_thread_it_does_nothing() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with exit_on_termination():
                pass
        except BaseException as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []
