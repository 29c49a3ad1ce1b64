"""Phone voting costs nothing until it starts: no module of the web stack (Starlette, uvicorn,
segno, anyio) is loaded by importing the room package, nor by the app's first paint."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import npsworkshop.room
from test_startup_hygiene import FIRST_PAINT

WEB_STACK = ("starlette", "uvicorn", "segno", "anyio", "h11", "httpx")


def fresh_python(code: str, *args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {WEB_STACK!r}\n{code}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def test_importing_every_room_module_loads_no_web_stack() -> None:
    modules = [
        f"npsworkshop.room.{info.name}" for info in pkgutil.iter_modules(npsworkshop.room.__path__)
    ]
    assert "npsworkshop.room.server" in modules and "npsworkshop.room.webapp" in modules
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps({'loaded': sorted(m for m in HEAVY if m in sys.modules)}))\n"
    )
    assert fresh_python(code) == {"loaded": []}


def test_the_app_paints_before_any_of_the_web_stack(tmp_path: Path) -> None:
    found = fresh_python(FIRST_PAINT, str(tmp_path))
    assert found["status"] == 0
    assert found["loaded"] == []
