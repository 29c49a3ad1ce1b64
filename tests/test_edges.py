"""Edges the red team found (issue 10, minor items in the service's files): each one a message
naming the value or the cause, exit 2 for bad input, nothing written, never a traceback."""

from __future__ import annotations

import copy
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI_PACK
from npsworkshop.errors import InputError, NotFound, UserError
from npsworkshop.framework.loader import find_pack
from npsworkshop.interchange.json_format import MAX_IMPORT_BYTES, import_file, read_document
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace
from test_interchange import GOOD, write


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "npsworkshop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_an_empty_session_argument_matches_nothing(workshop: Workshop, mini_session: str) -> None:
    for empty in ("", "  "):
        with pytest.raises(UserError, match="SESSION must not be empty"):
            workshop.resolve(empty)
    workshop.close()
    signed = run(
        "--workspace", str(workshop.workspace.root), "sign-off", "", "--name", "A", "--role", "B"
    )
    assert signed.returncode == 2 and "must not be empty" in signed.stderr


@pytest.mark.parametrize("wildcard", ["%", "_", "_%"])
def test_a_prefix_is_matched_literally(
    workshop: Workshop, mini_session: str, wildcard: str
) -> None:
    with pytest.raises(NotFound, match="no session matches"):
        workshop.resolve(wildcard)
    assert workshop.resolve(mini_session[:4]) == mini_session


def test_the_import_cap_holds_for_devices(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=f"is over {MAX_IMPORT_BYTES:,} bytes"):
        read_document(Path("/dev/zero"))


def test_a_fifo_with_no_writer_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "session.json"
    os.mkfifo(fifo)
    code = (
        "import sys\nfrom pathlib import Path\nfrom npsworkshop.errors import InputError\n"
        "from npsworkshop.interchange.json_format import read_document\n"
        "try:\n    read_document(Path(sys.argv[1]))\nexcept InputError as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=60
    )
    assert "is not valid JSON" in done.stdout, done.stderr


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b\u2060\ufeff", "\u00ad"])
def test_required_fields_need_a_visible_character(
    workshop: Workshop, mini_session: str, invisible: str
) -> None:
    with pytest.raises(InputError, match="only invisible characters"):
        workshop.add_participant(mini_session, invisible)
    with pytest.raises(InputError, match="only invisible characters"):
        workshop.sign_off(mini_session, invisible, "Chief Executive")


def test_a_different_copy_of_the_same_pack_version_is_named(
    workshop: Workshop, tmp_path: Path
) -> None:
    document = copy.deepcopy(GOOD)
    document["framework"] = {"id": "mini", "version": "1", "sha256": "ab" * 32}
    with pytest.raises(
        InputError, match=r"framework.sha256: the file was made with a different copy"
    ):
        import_file(workshop, write(tmp_path, document))


def test_one_broken_workspace_pack_does_not_disable_the_others(
    workspace: Workspace, tmp_path: Path
) -> None:
    broken = workspace.root / "content" / "broken"
    broken.mkdir()
    (broken / "pack.toml").write_text(MINI_PACK.replace('id = "mini"', 'id = "broken"\nnope = 1'))
    assert find_pack("mini", workspace.root).pack.id == "mini"
    with pytest.raises(NotFound, match=r"skipped as invalid: .*broken"):
        find_pack("broken", workspace.root)


def test_workspace_environment_errors_are_one_line(tmp_path: Path) -> None:
    nouser = run("--workspace", "~nosuchuser_npsworkshop/x", "sessions")
    assert nouser.returncode == 2 and "Traceback" not in nouser.stderr
    assert nouser.stderr.count("\n") == 1 and "cannot be used" in nouser.stderr
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    on_a_file = run("--workspace", str(a_file), "import", str(write(tmp_path, GOOD)))
    assert on_a_file.returncode == 1, on_a_file.stderr
    assert "Not a directory" in on_a_file.stderr and "unexpected" not in on_a_file.stderr


def test_read_only_commands_make_no_workspace(tmp_path: Path) -> None:
    mistyped = tmp_path / "mistyped"
    listed = run("--workspace", str(mistyped), "sessions")
    assert listed.returncode == 0 and "there is no database" in listed.stdout
    exported = run("--workspace", str(mistyped), "export", "abc", "--format", "json")
    assert exported.returncode == 2 and "has no sessions" in exported.stderr
    assert not mistyped.exists()


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    workspace.sessions_dir.mkdir()
    foreign = sqlite3.connect(workspace.database)
    foreign.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    foreign.commit()
    foreign.close()
    before = workspace.database.read_bytes()
    with pytest.raises(UserError, match=r"npsworkshop did not make .*invoices"):
        Workshop.open(workspace)
    assert workspace.database.read_bytes() == before


OPEN_NEW = """
import sys
from pathlib import Path
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace
with Workshop.open(Workspace(Path(sys.argv[1]))) as workshop:
    print(len(workshop.list_sessions()))
"""


def test_two_processes_opening_a_new_workspace_do_not_race(tmp_path: Path) -> None:
    for attempt in range(4):
        root = tmp_path / f"new-{attempt}"
        both = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_NEW, str(root)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for process in both:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0 and out.strip() == "0", err
