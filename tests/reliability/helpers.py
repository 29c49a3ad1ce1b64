"""Helpers for the reliability tests: a second npsworkshop process, damage, raw SQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from npsworkshop.workspace import Workspace


def start_python(code: str, *args: str) -> subprocess.Popen[str]:
    """A second process running `code` (dedented) with this interpreter."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen[str], prefix: str, timeout: float = 60) -> str:
    """The first line of the process's output starting with `prefix`."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith(prefix):
            return line.strip()
        if not line and process.poll() is not None:
            stderr = process.stderr.read() if process.stderr else ""
            raise AssertionError(f"the second process ended ({process.returncode}): {stderr}")
    raise AssertionError(f"no {prefix!r} line from the second process")


HOLDER = """
    import sys, time
    from pathlib import Path
    from npsworkshop.workshop import Workshop
    from npsworkshop.workspace import Workspace
    workshop = Workshop.open(Workspace(Path(sys.argv[1])))
    claim = workshop.claim(sys.argv[2], "the workshop app")
    print("held" if type(claim).__name__ == "Claim" else "refused", flush=True)
    sys.stdin.readline()  # hold until told (or killed)
    workshop.close()
    print("closed", flush=True)
"""


def hold_session(workspace: Workspace, session_id: str) -> subprocess.Popen[str]:
    """Another npsworkshop process that claims the session and keeps it until stdin closes."""
    process = start_python(HOLDER, str(workspace.root), session_id)
    assert wait_for_line(process, "held") == "held"
    return process


def raw(workspace: Workspace) -> sqlite3.Connection:
    """A connection that goes round npsworkshop, as someone with the file and sqlite3 would."""
    connection = sqlite3.connect(workspace.database, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def damage(path: Path) -> None:
    """Overwrite the head of every page but the first with junk, as a failing disk might."""
    data = bytearray(path.read_bytes())
    for start in range(4096, len(data), 4096):
        data[start : start + 64] = b"\x5a" * 64
    path.write_bytes(bytes(data))


def with_fingerprint(workspace: Workspace, document: dict[str, Any]) -> dict[str, Any]:
    """A signed-off `document` with the fingerprint its council's export would carry (import
    refuses a sign-off without one): made by importing it as a draft in a scratch workspace with
    the same packs and signing it off there."""
    from datetime import date

    from npsworkshop.interchange.json_format import import_document, parse_document
    from npsworkshop.workshop import Workshop

    signed = document["sign_off"]
    scratch = Workspace(workspace.root / "fingerprints")
    if not scratch.root.exists():
        shutil.copytree(workspace.root / "content", scratch.root / "content")
    with Workshop.open(scratch, backup=False) as workshop:
        draft = parse_document({**document, "sign_off": None}, "draft")
        session_id = import_document(workshop, draft, "draft")
        when = date.fromisoformat(signed["signed_on"])
        fingerprint = workshop.sign_off(
            session_id, signed["name"], signed["role"], when, today=when
        )
    return {**document, "fingerprint": fingerprint}
