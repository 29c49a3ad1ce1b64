"""Kill and crash: every acknowledged change survives `kill -9` at any moment, the database stays
intact and no session is ever half-written, however the writer dies.

`bench/kill_loop.py` does the random killing (NPSWORKSHOP_KILL_LOOPS rounds here, 30 unless set;
CI sets 60; `python bench/kill_loop.py --kills 500` for the documented figures). The tests after
it kill at chosen moments: in the middle of an import's transaction, and during a sign-off.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from npsworkshop.interchange.json_format import import_file
from npsworkshop.store.lock import HeldBy
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace
from reliability.helpers import start_python, wait_for_line
from test_interchange import GOOD, write

KILL_LOOP = Path(__file__).resolve().parents[2] / "bench" / "kill_loop.py"


def test_random_kills_lose_nothing(tmp_path: Path) -> None:
    kills = int(os.environ.get("NPSWORKSHOP_KILL_LOOPS", "30"))
    workspace = str(tmp_path / "workspace")
    result = subprocess.run(
        [sys.executable, str(KILL_LOOP), "--kills", str(kills), "--json", "--workspace", workspace],
        capture_output=True,
        text=True,
        timeout=60 + 10 * kills,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert figures["ok"] and figures["problems"] == []
    assert figures["kills"] == kills
    assert figures["lost"] == 0 and figures["half_written"] == 0
    assert figures["integrity_failures"] == 0 and figures["stale_claims"] == 0
    assert figures["acknowledged"] >= kills  # the writers got real work done between kills
    assert sum(figures["in_flight_at_kill"].values()) > 0  # some kills landed mid-change
    assert figures["bad_backups"] == 0


# An import that stops inside its one transaction, after its participants, ratings, outcomes and
# actions are written, and waits there to be killed.
MID_IMPORT = """
    import sys, time
    from pathlib import Path
    from npsworkshop.interchange.json_format import import_file
    from npsworkshop.workshop import Workshop, importing
    from npsworkshop.workspace import Workspace

    workshop = Workshop.open(Workspace(Path(sys.argv[1])))
    event = importing.EventRow

    def stop_here(**fields):  # the import's own event: every row is written by now
        if fields.get("kind") == "imported":
            print("mid-import", flush=True)
            time.sleep(60)
        return event(**fields)

    importing.EventRow = stop_here
    import_file(workshop, Path(sys.argv[2]))
    print("imported", flush=True)
"""


def count(database: Path, table: str) -> int:
    with closing(sqlite3.connect(database)) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_kill_in_the_middle_of_an_import_leaves_no_trace(
    workspace: Workspace, tmp_path: Path
) -> None:
    Workshop.open(workspace).close()
    importer = start_python(MID_IMPORT, str(workspace.root), str(write(tmp_path, GOOD)))
    wait_for_line(importer, "mid-import")
    os.kill(importer.pid, signal.SIGKILL)
    importer.communicate(timeout=30)
    assert workspace.database.with_name("npsworkshop.db-wal").exists()
    with Workshop.open(workspace) as workshop:
        assert workshop.list_sessions() == []
    for table in ("workshop_session", "participant", "rating", "area_outcome", "action", "event"):
        assert count(workspace.database, table) == 0, table
    with closing(sqlite3.connect(workspace.database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


SIGN_OFF = """
    import sys, time
    from pathlib import Path
    from npsworkshop.store import backups
    from npsworkshop.workshop import Workshop
    from npsworkshop.workspace import Workspace

    workshop = Workshop.open(Workspace(Path(sys.argv[1])))
    claim = workshop.claim(sys.argv[2])

    def backing_up(*args, **kwargs):
        print("backing-up", flush=True)
        time.sleep(60)

    backups.backup_now = backing_up
    workshop.sign_off(sys.argv[2], "Chief Executive", "Head of Paid Service")
"""


def test_a_kill_after_sign_off_commits_keeps_the_sign_off(
    workspace: Workspace, tmp_path: Path
) -> None:
    with Workshop.open(workspace) as workshop:
        session_id = import_file(workshop, write(tmp_path, GOOD))
    signer = start_python(SIGN_OFF, str(workspace.root), session_id)
    wait_for_line(signer, "backing-up")  # the sign-off is committed; its backup is under way
    os.kill(signer.pid, signal.SIGKILL)
    signer.communicate(timeout=30)
    with Workshop.open(workspace) as workshop:
        [summary] = workshop.list_sessions()
        assert summary.status == "signed-off" and summary.tampered is None
        workshop.verified_snapshot(session_id)
        assert not isinstance(workshop.claim(session_id), HeldBy)  # the claim died with it
