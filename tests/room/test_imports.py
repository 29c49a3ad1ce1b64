"""Phone voting costs nothing until it starts: no module of the web stack (Starlette, uvicorn,
segno, anyio) is loaded by importing the room package, nor by the app's first paint."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import npsworkshop.room
from test_startup_hygiene import FIRST_PAINT, run_python

WEB_STACK = ("starlette", "uvicorn", "segno", "anyio", "h11", "httpx")


def fresh_python(code: str, *args: str) -> dict[str, object]:
    """`code` in a fresh interpreter, with HEAVY naming the web stack."""
    return run_python(f"HEAVY = {WEB_STACK!r}\n{code}", *args)


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
