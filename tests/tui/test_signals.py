"""SIGTERM and SIGHUP end the app cleanly: terminal restored, exit status 128 + signal."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def read_until(fd: int, needle: bytes, timeout: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and needle not in seen:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_termination_signal_closes_the_app_cleanly(tmp_path: Path, signum: int) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36"}
    app = subprocess.Popen(
        [sys.executable, "-m", "npsworkshop", "--workspace", str(tmp_path)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    try:
        screen = read_until(leader, b"No sessions in this workspace yet")
        assert b"No sessions in this workspace yet" in screen
        time.sleep(1)  # let the database open in its worker
        app.send_signal(signum)
        status = app.wait(30)
        rest = read_until(leader, b"\x1b[?1049l", timeout=5)
    finally:
        if app.poll() is None:
            app.kill()
        os.close(leader)
    assert status == 128 + signum
    assert b"Traceback" not in rest
    database = tmp_path / "sessions" / "npsworkshop.db"
    assert database.exists()
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # closed cleanly: the WAL was folded back
