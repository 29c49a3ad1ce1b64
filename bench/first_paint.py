"""Budget 1: `npsworkshop` paints its home screen within 1.25x of a bare Textual app.

Both run as whole processes under a pseudo-terminal of 120x36 (a real driver, real escape codes),
timed from just before the process is spawned to the first refresh after Textual's Ready event
(bench/paint_probe.py). The app runs on an empty workspace and on one with 200 sessions.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import termios
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from measure import (
    BENCH_DIR,
    PYTHON,
    BenchError,
    Check,
    Settings,
    failed_check,
    interleave,
    ratio_check,
    with_cpu,
)
from workload import prepare_workspace, session_document, write_document

NAME = "first-paint"
BUDGET = 1.25
SESSIONS = 200
PROBE = BENCH_DIR / "paint_probe.py"


@dataclass(frozen=True)
class Painted:
    seconds: float  # from spawning the process to the first paint
    cpu: float  # the process's CPU time by then
    loaded: list[str]  # heavy modules already imported


def paint(args: list[str], ready_file: Path, timeout: float = 60) -> Painted:
    """Seconds from spawning the probe to its first paint, its CPU time, the heavy modules loaded."""
    ready_file.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="36")
    env["NPSWORKSHOP_BENCH_READY_FILE"] = str(ready_file)
    env.pop("TEXTUAL", None)
    screen = bytearray()

    def drain() -> None:  # a terminal that is never read blocks the app's writes
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)

    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, str(PROBE), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    finally:
        reader.join(5)
        os.close(master)
    if not ready_file.exists():
        tail = screen.decode("utf-8", "replace")[-400:].strip().replace("\n", " / ")
        raise BenchError(f"{' '.join(args[:1])} never painted (exit {process.returncode}): {tail}")
    found: dict[str, Any] = json.loads(ready_file.read_text(encoding="utf-8"))
    return Painted(float(found["painted"]) - started, float(found["cpu"]), list(found["loaded"]))


def run(settings: Settings) -> list[Check]:
    root = settings.work_dir / NAME
    empty = root / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    full, pack, _origin = prepare_workspace(root / "sessions-200")
    from npsworkshop.interchange.json_format import import_file
    from npsworkshop.workshop import Workshop

    document = write_document(root / "session.json", session_document(pack, 8, 6))
    with Workshop.open(full) as workshop:
        for _ in range(SESSIONS - len(workshop.list_sessions())):
            import_file(workshop, document)

    ready = root / "ready.json"
    loaded: dict[str, set[str]] = {"empty": set(), "200": set()}

    def app(workspace: Path, key: str) -> Painted:
        painted = paint(["app", "--workspace", str(workspace)], ready)
        loaded[key].update(painted.loaded)
        return painted

    try:
        paint(["floor"], ready)  # warm the file cache for both
        paint(["app", "--workspace", str(empty)], ready)
    except BenchError as exc:
        why = str(exc)[:300]
        return [
            failed_check(NAME, "empty workspace", f"<= {BUDGET}x", why),
            failed_check(NAME, f"{SESSIONS} sessions", f"<= {BUDGET}x", why),
        ]
    samples = interleave(
        {
            "floor": lambda: paint(["floor"], ready),
            "empty": lambda: app(empty, "empty"),
            "200": lambda: app(full.root, "200"),
        },
        settings.scaled(21, minimum=7),
    )
    checks = []
    for key, name in (("empty", "empty workspace"), ("200", f"{SESSIONS} sessions")):
        floor, subject = samples["floor"], samples[key]
        check = ratio_check(
            NAME, name, [p.seconds for p in floor], [p.seconds for p in subject], BUDGET
        )
        check = with_cpu(check, [p.cpu for p in floor], [p.cpu for p in subject])
        if loaded[key]:
            heavy = ", ".join(sorted(loaded[key]))
            check = replace(check, note=f"{check.note}; loaded before paint: {heavy}")
        checks.append(check)
    return checks
