"""Database size per session at 1,000 sessions (issue 10: "45 KB per session (each stores the
whole pack): store each pack once by sha256"), and how long the sessions list takes there.

Not a budget run by bench/run.py: a figure for the report. Run it on any schema:

    .venv/bin/python bench/pack_store.py [SESSIONS]
    .venv/bin/python bench/pack_store.py --upgrade [SESSIONS]

Each session is a small real draft on nps-2018 (the 14-area pack): five participants, two
areas rated. The file is measured after a checkpoint, so the WAL is folded in. `--upgrade`
grows the schema-0005 fixture to SESSIONS sessions (copies of its signed nps-2018 session's
rows, each holding its own pack copy as 0005 did) and times opening it, which runs 0006.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests/fixtures/databases/schema-0005.db"
# Every column of a 0005 session row but its id and organisation name.
_COPY_SESSION = (
    "INSERT INTO workshop_session SELECT printf('%012x', ?), organisation_name || ?, "
    "organisation_type, title, held_on, facilitator, pack_id, pack_title, pack_version, "
    "pack_sha256, pack_content, scope, created_at, updated_at, organisation_code "
    "FROM workshop_session WHERE id = ?"
)


def upgrade(count: int) -> int:
    import shutil
    import sqlite3

    from npsworkshop.workshop import Workshop
    from npsworkshop.workspace import Workspace

    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder))
        workspace.sessions_dir.mkdir()
        shutil.copyfile(FIXTURE, workspace.database)
        with sqlite3.connect(workspace.database) as db:
            [(source,)] = db.execute(
                "SELECT id FROM workshop_session WHERE pack_id = 'nps-2018' AND organisation_code "
                "IS NULL"
            ).fetchall()
            for number in range(count - 3):  # the fixture holds three
                db.execute(_COPY_SESSION, (number, f" {number}", source))
        db.close()
        before = workspace.database.stat().st_size
        started = time.perf_counter()
        with Workshop.open(workspace, backup=False) as workshop:
            opened = time.perf_counter() - started
            listed = len(workshop.list_sessions())
        after = workspace.database.stat().st_size
    print(f"upgrade 0005 -> 0006 of {listed} sessions: {opened:.1f} s (with its backup)")
    print(f"  {before / 1024 / 1024:.1f} MB -> {after / 1024 / 1024:.1f} MB")
    return 0


def main() -> int:
    if "--upgrade" in sys.argv:
        numbers = [a for a in sys.argv[1:] if a != "--upgrade"]
        return upgrade(int(numbers[0]) if numbers else 1000)
    from npsworkshop.store.database import HEAD
    from npsworkshop.workshop import Workshop
    from npsworkshop.workshop.inputs import NewSession, ParticipantInput
    from npsworkshop.workspace import Workspace

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    people = tuple(ParticipantInput(name=f"Person {n}", role="Officer") for n in range(5))
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder))
        with Workshop.open(workspace, backup=False) as workshop:
            started = time.perf_counter()
            for number in range(count):
                session_id = workshop.create_session(
                    NewSession(
                        organisation_name=f"Council {number}",
                        title="Baseline",
                        held_on=date(2026, 11, 20),
                        participants=people,
                    )
                )
                workshop.rate(session_id, "obtaining-social-value", "p1", "mature")
                workshop.rate(session_id, "developing-talent", "p2", "developing")
            created = time.perf_counter() - started
            started = time.perf_counter()
            listed = workshop.list_sessions()
            listing = time.perf_counter() - started
        size = workspace.database.stat().st_size  # closed: checkpointed into the file
    assert len(listed) == count
    print(f"schema {HEAD}: {count} sessions")
    print(f"  database {size / 1024 / 1024:.1f} MB, {size / count / 1024:.1f} KB per session")
    print(f"  created in {created:.1f} s; sessions list {listing * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
