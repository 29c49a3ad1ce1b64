"""What each entry point loads: the headless commands never load Textual, the app paints its
first screen before the database layer (sqlmodel, sqlalchemy), reportlab or pydantic is imported,
and an export (read-only) never loads the ORM's table classes, the input models or the commands
that change a session.

Timing lives in bench/ (bench/first_paint.py); these tests only look at `sys.modules`, in fresh
interpreters, through the real entry point `npsworkshop.cli.main`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import FIXTURES

# Phone voting's web stack loads only when the facilitator starts it (tui/phones.py).
HEAVY = (
    "sqlmodel",
    "sqlalchemy",
    "reportlab",
    "alembic",
    "pydantic",
    "starlette",
    "uvicorn",
    "segno",
)
COUNCIL_FILE = FIXTURES / "example-council-workshop.json"
# Not needed to paint the home screen: the sessions table is mounted once the database is open,
# and phone voting loads when it starts.
LATER = (
    "npsworkshop.tui.widgets.sessions_table",
    "npsworkshop.tui.phones",
    "npsworkshop.room.ballot",
)

# Runs the headless commands for real in one interpreter, then says whether Textual was loaded.
HEADLESS = """
import contextlib, io, json, sys
from npsworkshop.cli import main

workspace, document, out = sys.argv[1:4]
statuses = {}

def cli(name, *args):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        statuses[name] = main(["--workspace", workspace, *args])
    return printed.getvalue().split()[-1] if printed.getvalue().split() else ""

session = cli("import", "import", document)
for fmt in ("json", "csv", "pdf"):
    cli(f"export {fmt}", "export", session, "--format", fmt, "--output", f"{out}/session.{fmt}")
cli("sessions", "sessions")
print(json.dumps({"statuses": statuses, "textual": "textual" in sys.modules}))
"""

# What a read-only command must never load: the ORM's table classes, the input models and the
# commands that change a session (the service imports each inside the method that needs it).
WRITE_MACHINERY = (
    "npsworkshop.store.tables",
    "npsworkshop.workshop.inputs",
    "npsworkshop.workshop.actions",
    "npsworkshop.workshop.ballots",
    "npsworkshop.workshop.importing",
    "npsworkshop.workshop.outcomes",
    "npsworkshop.workshop.ratings",
    "npsworkshop.workshop.sessions",
)

# Exports sessions of an existing workspace as JSON and PDF, then says what of WRITE_MACHINERY
# was loaded. Each SESSION is given as its id.
EXPORTS = """
import contextlib, io, json, sys
from npsworkshop.cli import main

workspace, out, *sessions = sys.argv[1:]
statuses = {}
for session in sessions:
    for fmt in ("json", "pdf"):
        output = f"{out}/{session}.{fmt}"
        with contextlib.redirect_stdout(io.StringIO()):
            statuses[f"{session} {fmt}"] = main(
                ["--workspace", workspace, "export", session, "--format", fmt, "--output", output]
            )
loaded = [m for m in WRITE_MACHINERY if m in sys.modules]
print(json.dumps({"statuses": statuses, "loaded": loaded}))
"""

# Runs the app headless through `npsworkshop --workspace DIR`; when Textual posts Ready (the first
# screen laid out, before any on_ready handler runs) it notes the heavy modules loaded, then exits.
FIRST_PAINT = """
import json, sys
from textual import events
from textual.app import App

seen = {}
_post_message = App.post_message
_run = App.run

def post_message(self, message):
    # As bench/paint_probe.py: what is loaded once the first screen is painted, after the
    # refresh that follows Ready (a resize handler runs before it), ahead of on_ready's work.
    if isinstance(message, events.Ready) and "loaded" not in seen:
        def painted():
            seen["loaded"] = sorted(m for m in HEAVY if m in sys.modules)
            seen["later"] = sorted(m for m in LATER if m in sys.modules)
            self.exit()
        self.call_after_refresh(painted)
    return _post_message(self, message)

async def _on_ready(self, _event):
    pass

def run(self, *args, **kwargs):
    kwargs["headless"] = True
    kwargs.setdefault("size", (120, 36))
    return _run(self, *args, **kwargs)

App.post_message = post_message
App._on_ready = _on_ready  # Textual calls `_on_ready` of every class in the app's MRO
App.run = run

from npsworkshop.cli import main
status = main(["--workspace", sys.argv[1]])
print()
print(json.dumps({"status": status, **seen}))
"""


def run_python(code: str, *args: str) -> dict[str, Any]:
    """Run `code` in a fresh interpreter; the JSON object it prints last."""
    prelude = f"HEAVY = {HEAVY!r}\nWRITE_MACHINERY = {WRITE_MACHINERY!r}\nLATER = {LATER!r}\n"
    result = subprocess.run(
        [sys.executable, "-c", f"{prelude}{code}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def cli(workspace: Path, *args: str) -> str:
    """Run one command in its own process; the last word it printed (a session's id)."""
    result = subprocess.run(
        [sys.executable, "-m", "npsworkshop", "--workspace", str(workspace), *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.split()[-1]


def test_headless_commands_never_load_textual(tmp_path: Path) -> None:
    found = run_python(HEADLESS, str(tmp_path / "workspace"), str(COUNCIL_FILE), str(tmp_path))
    assert found["statuses"] == {
        "import": 0,
        "export json": 0,
        "export csv": 0,
        "export pdf": 0,
        "sessions": 0,
    }
    assert (tmp_path / "session.pdf").read_bytes().startswith(b"%PDF")
    assert found["textual"] is False


def test_the_review_command_never_loads_textual() -> None:
    code = (
        "import json, sys\n"
        "import npsworkshop.cli\n"
        "import npsworkshop.review.flow  # what `npsworkshop review` imports before it prompts\n"
        "print(json.dumps({'textual': 'textual' in sys.modules}))\n"
    )
    assert run_python(code) == {"textual": False}


def test_version_loads_neither_textual_nor_the_database_layer() -> None:
    code = (
        "import contextlib, io, json, sys\n"
        "from npsworkshop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--version'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(sorted(m for m in (*HEAVY, 'textual') if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{code}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_the_app_paints_before_the_database_layer_reportlab_or_pydantic(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    found = run_python(FIRST_PAINT, str(empty))
    assert found["status"] == 0
    assert found["loaded"] == [], f"loaded before the first paint: {found['loaded']}"
    assert found["later"] == [], f"loaded before the first paint: {found['later']}"


def test_a_workspace_with_sessions_paints_first_too(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    cli(workspace, "import", str(COUNCIL_FILE))
    found = run_python(FIRST_PAINT, str(workspace))
    assert found["status"] == 0
    assert found["loaded"] == [], f"loaded before the first paint: {found['loaded']}"
    assert found["later"] == [], f"loaded before the first paint: {found['later']}"


def test_exporting_never_loads_the_write_machinery(tmp_path: Path) -> None:
    """A signed session and its follow-up (whose PDF reads the baseline's progress log) export
    in a fresh interpreter without the ORM's tables, the input models or the write commands."""
    workspace = tmp_path / "workspace"
    baseline = cli(workspace, "import", str(COUNCIL_FILE))
    cli(workspace, "sign-off", baseline, "--name", "Sam Signer", "--role", "Head of Procurement")
    followup = cli(workspace, "followup", baseline)
    found = run_python(EXPORTS, str(workspace), str(tmp_path), baseline, followup)
    assert found["statuses"] == {
        f"{session} {fmt}": 0 for session in (baseline, followup) for fmt in ("json", "pdf")
    }
    assert (tmp_path / f"{followup}.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((tmp_path / f"{baseline}.json").read_text())["status"] == "signed-off"
    assert found["loaded"] == [], f"an export loaded {found['loaded']}"
