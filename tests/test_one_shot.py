"""The collector tuning of one-shot commands (one_shot.py) applies to the program only: a headless
command run as `npsworkshop` gets it, while `main()` called in-process (the tests, the app) and
the app itself keep CPython's defaults. Each case runs in a fresh interpreter, since the
collector's settings are process-wide."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

COUNCIL_FILE = FIXTURES / "example-council-workshop.json"

# Imports a session, then exports it as PDF, through `entry()` or `main()`, and says what the
# collector looked like afterwards.
PROBE = """
import contextlib, gc, io, json, sys
from npsworkshop import cli

how, workspace, document, output = sys.argv[1:5]
defaults = gc.get_threshold()

def command(*args):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        if how == "main":
            status = cli.main(["--workspace", workspace, *args])
        else:
            sys.argv = ["npsworkshop", "--workspace", workspace, *args]
            status = cli.entry()
    return status, printed.getvalue().split()[-1]

imported, session = command("import", document)
exported, written = command("export", session, "--format", "pdf", "--output", output)
print(json.dumps({
    "statuses": [imported, exported],
    "written": written,
    "threshold": gc.get_threshold()[0],
    "default": defaults[0],
    "frozen": gc.get_freeze_count(),
}))
"""


def _probe(how: str, tmp_path: Path) -> dict[str, object]:
    output = tmp_path / "plan.pdf"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, how, str(tmp_path / "ws"), str(COUNCIL_FILE), str(output)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["statuses"] == [0, 0], done.stderr
    assert output.read_bytes().startswith(b"%PDF-")
    return found


def test_the_program_tunes_the_collector_for_a_headless_command(tmp_path: Path) -> None:
    found = _probe("entry", tmp_path)
    assert found["threshold"] == 50_000
    assert isinstance(found["frozen"], int) and found["frozen"] > 10_000  # the loaded stack


def test_main_called_in_process_keeps_the_collector_as_it_was(tmp_path: Path) -> None:
    found = _probe("main", tmp_path)
    assert found["threshold"] == found["default"]
    assert found["frozen"] == 0


def test_the_app_and_the_review_are_never_tuned(tmp_path: Path) -> None:
    probe = (
        "import gc, sys\n"
        "from unittest import mock\n"
        "from npsworkshop import cli\n"
        "before, workspace = gc.get_threshold(), sys.argv[1]\n"
        "for argv in ([], ['review']):\n"
        "    sys.argv = ['npsworkshop', '--workspace', workspace, *argv]\n"
        "    with mock.patch.object(cli, 'run_app', return_value=0), "
        "mock.patch.object(cli, 'cmd_review', return_value=0), "
        "mock.patch.dict(cli.COMMANDS, review=lambda *_: 0):\n"
        "        assert cli.entry() == 0\n"
        "print(gc.get_threshold() == before, gc.get_freeze_count())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.split() == ["True", "0"], done.stderr
