"""Files and paths: atomic writes (all or nothing, no temporary file left), export names made
from hostile text stay inside exports/, and nothing is overwritten silently."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from npsworkshop import files
from npsworkshop.cli import main
from npsworkshop.files import default_export_path, slugify, write_atomic
from npsworkshop.workspace import Workspace
from reliability.helpers import start_python, wait_for_line
from test_interchange import GOOD, write

HOSTILE_NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    ".",
    "",
    "C:\\Windows\\System32\\drivers\\etc\\hosts",
    "\\\\server\\share\\x",
    "name\x00.json",
    "CON",
    "a" * 5000,
    "~/.ssh/authorized_keys",
    "$(rm -rf ~)",
    "Ynys Môn – 2026 ‮fdp.exe",
]


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(files.TEMP_SUFFIX)]


def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"the old export")

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"x" * 1_000_000)
    assert target.read_bytes() == b"the old export"
    assert temporaries(tmp_path) == []


def test_an_interrupted_rename_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.csv"
    target.write_bytes(b"old")

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and temporaries(tmp_path) == []


def test_a_killed_writer_leaves_the_old_file_and_its_temporary_is_cleared_later(
    tmp_path: Path,
) -> None:
    target = tmp_path / "big.pdf"
    target.write_bytes(b"old")
    code = """
        import os, sys, time
        from pathlib import Path
        from npsworkshop import files
        real = files._fsync
        def slow(fd):
            print("writing", flush=True)
            time.sleep(60)
        files._fsync = slow
        files.write_atomic(Path(sys.argv[1]), b"new" * 1_000_000)
    """
    writer = start_python(code, str(target))
    wait_for_line(writer, "writing")
    os.kill(writer.pid, signal.SIGKILL)
    writer.communicate(timeout=30)
    assert target.read_bytes() == b"old"
    [left] = temporaries(tmp_path)  # SIGKILL leaves it; an hour on, the next write clears it
    os.utime(left, (0, 0))
    write_atomic(target, b"newer")
    assert target.read_bytes() == b"newer" and temporaries(tmp_path) == []


def test_a_new_file_gets_ordinary_permissions_and_a_replaced_one_keeps_its_own(
    tmp_path: Path,
) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = write_atomic(tmp_path / "new.json", b"{}")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~files._UMASK
    kept = tmp_path / "private.json"
    kept.write_bytes(b"{}")
    kept.chmod(0o600)
    write_atomic(kept, b"[]")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(HOSTILE_NAMES), st.text(max_size=300)), st.text(max_size=50))
def test_default_export_names_stay_inside_exports(organisation: str, title: str) -> None:
    exports = Path("/nonexistent/workspace/exports")
    path = default_export_path(exports, [organisation, title, "2026-11-20"], ".json")
    assert path.parent == exports
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.json", path.name)
    assert len(path.name) <= 90
    assert slugify(organisation) not in ("", ".", "..")


def test_default_export_names_never_overwrite(tmp_path: Path) -> None:
    first = default_export_path(tmp_path, ["Council", "Title"], ".pdf")
    first.write_bytes(b"1")
    second = default_export_path(tmp_path, ["Council", "Title"], ".pdf")
    assert second != first and second.name == "council-title-2.pdf"


def test_a_hostile_organisation_exports_inside_exports(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(json.dumps(GOOD))
    document["organisation"]["name"] = "../../etc/passwd"
    document["title"] = "/root/.bashrc"
    ws = str(workspace.root)
    assert main(["--workspace", ws, "import", str(write(tmp_path, document))]) == 0
    session_id = capsys.readouterr().out.strip()
    for fmt in ("json", "csv"):
        assert main(["--workspace", ws, "export", session_id, "--format", fmt]) == 0
        for line in capsys.readouterr().out.split():
            written = Path(line).resolve()
            assert written.parent == workspace.exports_dir.resolve()
            assert written.name.startswith("etc-passwd-root-bashrc-2026-11-20")
    assert not (workspace.root.parent / "etc").exists()


def test_a_long_name_is_cut_between_words_never_through_one() -> None:
    long = "Royal Borough of Windsor and Maidenhead Procurement maturity baseline 2026"
    assert slugify(long, max_length=60) == (
        "royal-borough-of-windsor-and-maidenhead-procurement-maturity"
    )
    assert slugify(long, max_length=65) == slugify(long, max_length=60)  # "baseline" whole or not
    assert slugify("x" * 90, max_length=80) == "x" * 80  # one word longer than the room: cut
    assert slugify("Ynys Môn – 2026") == "ynys-mon-2026"
