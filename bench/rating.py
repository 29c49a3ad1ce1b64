"""Budget 2: a rating, through the service, is on disk within 3x of a raw single-row SQLite commit.

Subject: `Workshop.rate` on a 40-participant nps-2018 session the process has claimed, as the app
does (one BEGIN IMMEDIATE transaction with its event-log row, WAL, synchronous=FULL), each call a
real change. Floor: the sqlite3 module alone
committing one UPDATE of one row on a database beside it, same pragmas. Calls alternate one by one.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from measure import Check, Settings, interleave, median, ratio_check, seconds, timed
from workload import prepare_workspace, session_document, write_document

NAME = "rating"
BUDGET = 3.0


def raw_commit(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE IF NOT EXISTS rating (id INTEGER PRIMARY KEY, level TEXT)")
    connection.execute("INSERT OR REPLACE INTO rating VALUES (1, 'minimum')")
    return connection


def run(settings: Settings) -> list[Check]:
    from npsworkshop.framework.levels import LEVELS
    from npsworkshop.interchange.json_format import import_file
    from npsworkshop.workshop import Workshop

    root = settings.work_dir / NAME
    workspace, pack, _origin = prepare_workspace(root)
    document = session_document(pack, 40, 150)
    path = write_document(root / "session.json", document)
    floor_db = raw_commit(root / "floor.db")
    levels = itertools.cycle(LEVELS)
    cells = itertools.cycle(
        [
            (area.id, f"p{n}", dimension.id if dimension else None)
            for n in range(1, 41)
            for area in pack.areas()
            for dimension in (area.dimensions or (None,))
        ]
    )

    with Workshop.open(workspace) as workshop:
        claimed = import_file(workshop, path)
        workshop.claim(claimed)  # as the app does while a session is open for editing
        unclaimed = import_file(workshop, path)  # each change takes a passing lock (the CLI's way)

        def rate(session_id: str) -> Callable[[], float]:
            def change() -> None:
                area, person, dimension = next(cells)
                workshop.rate(session_id, area, person, next(levels), dimension)

            return lambda: timed(change)

        changes = itertools.count()

        def commit() -> None:
            # A new value every time: SQLite writes nothing, and syncs nothing, for an UPDATE
            # that leaves the row as it was.
            floor_db.execute("BEGIN IMMEDIATE")
            floor_db.execute("UPDATE rating SET level = ? WHERE id = 1", (str(next(changes)),))
            floor_db.execute("COMMIT")

        subjects = {"floor": lambda: timed(commit), "rate": rate(claimed), "once": rate(unclaimed)}
        interleave(subjects, 20)  # warm: statement caches, the pack, the lock files
        samples = interleave(subjects, settings.scaled(1000, minimum=200))
    floor_db.close()
    check = ratio_check(NAME, "Workshop.rate to disk", samples["floor"], samples["rate"], BUDGET)
    p90 = sorted(samples["rate"])[int(len(samples["rate"]) * 0.9)]
    unclaimed_ratio = median(samples["once"]) / median(samples["floor"])
    note = (
        f"{check.note}; p90 {seconds(p90)}; not claimed (a lock per change): "
        f"{seconds(median(samples['once']))}, {unclaimed_ratio:.2f}x"
    )
    return [replace(check, note=note)]
