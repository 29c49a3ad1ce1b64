"""No leaks on screen: an unexpected error prints one line (its type and where the details are),
never a traceback, locals or what people typed; the details go to a log only its owner can read.
Error messages that quote a file cannot drive the terminal with escape sequences."""

from __future__ import annotations

import copy
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from npsworkshop import crashlog
from npsworkshop.cli import main
from npsworkshop.terminal import printable
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace
from test_interchange import GOOD, write

SECRET = "Cllr Smith's private note about the Children's Services overspend"
ESCAPE = "\x1b]0;owned\x07\x1b[2J"  # set the window title, clear the screen


def test_an_unexpected_error_during_import_shows_no_user_text(
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = copy.deepcopy(GOOD)
    document["areas"]["plain"]["justification"] = SECRET

    def explode(self: Workshop, spec: object, *_args: object, **_kwargs: object) -> str:
        secret = spec.areas["plain"].justification  # type: ignore[attr-defined]
        raise RuntimeError(f"failed on {secret}")

    monkeypatch.setattr(Workshop, "import_session", explode)
    status = main(["--workspace", str(workspace.root), "import", str(write(tmp_path, document))])
    out, err = capsys.readouterr()
    assert status == 1
    assert SECRET not in out + err and "Traceback" not in out + err
    assert err.strip() == (
        f"npsworkshop: unexpected error (RuntimeError); details are in {workspace.log_file}"
    )
    log = workspace.log_file.read_text(encoding="utf-8")
    assert SECRET in log and "Traceback" in log and "command 'import'" in log
    assert stat.S_IMODE(workspace.log_file.stat().st_mode) == 0o600


def test_hostile_text_in_a_bad_file_does_not_reach_the_terminal_raw(
    workspace: Workspace, tmp_path: Path
) -> None:
    document = copy.deepcopy(GOOD)
    document["areas"][f"plain{ESCAPE}"] = document["areas"]["plain"]  # an unknown key, echoed
    path = write(tmp_path, document)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "npsworkshop",
            "--workspace",
            str(workspace.root),
            "import",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr
    assert "\\x1b]0;owned\\x07" in result.stderr  # shown, harmlessly, as an escape
    assert "Traceback" not in result.stderr
    with closing(sqlite3.connect(workspace.database)) as connection:
        assert connection.execute("SELECT count(*) FROM workshop_session").fetchone() == (0,)


def test_printable_escapes_controls_and_bidi_but_keeps_text() -> None:
    assert printable("Ynys Môn – £100k, 😀\nnext line") == "Ynys Môn – £100k, 😀\nnext line"
    assert printable("a\x1b[31mb\x00c\x9bd") == "a\\x1b[31mb\\x00c\\x9bd"
    assert printable("invoice\u202egnp.exe") == "invoice\\u202egnp.exe"


def test_the_log_is_kept_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crashlog, "MAX_LOG_BYTES", 2000)
    log = tmp_path / "sessions" / "npsworkshop.log"
    for number in range(20):
        crashlog.write_crash_log(log, ValueError(f"error {number} " + "x" * 200))
    assert log.stat().st_size < 2000 + 1500
    assert log.with_name("npsworkshop.log.1").exists()
    assert "error 19" in log.read_text(encoding="utf-8")


def test_a_log_that_cannot_be_written_is_not_an_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert crashlog.write_crash_log(blocked / "npsworkshop.log", ValueError("x")) is None


def test_the_sessions_list_does_not_replay_escape_sequences(
    workshop: Workshop, mini_session: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text that went round the service (raw SQL) is still shown harmlessly."""
    connection = sqlite3.connect(workshop.workspace.database)
    connection.execute("UPDATE workshop_session SET title = ?", (f"Baseline{ESCAPE}",))
    connection.commit()
    connection.close()
    workshop.close()
    assert main(["--workspace", str(workshop.workspace.root), "sessions"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Baseline\\x1b" in out
