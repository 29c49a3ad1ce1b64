"""The backups' total size after a busy afternoon at 1,000 sessions, by the count/age rule alone
and with the size limit (issue 10: "backups reached 2 GB in an afternoon at 1,000 sessions").

    python bench/backups_size.py [--sessions 1000] [--signed-in-afternoon 40]

The workspace holds that many copies of the example council's workshop, half signed off. The
month before the afternoon left one backup a day (30); the afternoon signs off a session every
six minutes, each sign-off making a backup as the service does. The same run is made twice: with
the limit out of the way (the count/age rule only, as before) and with the default limit. Also
reported: how long one thinning takes with every backup read for what it holds, against the
backup it follows (the floor, same run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from npsworkshop.interchange.json_format import import_file
from npsworkshop.store import backups
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "example-council-workshop.json"
)
AFTERNOON = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)


def build(root: Path, sessions: int) -> Workspace:
    workspace = Workspace(root)
    with (
        mock.patch.object(backups, "backup_now"),  # building the workspace is not the test
        Workshop.open(workspace, backup=False) as workshop,
    ):
        for number in range(sessions):
            session_id = import_file(workshop, EXAMPLE)
            if number % 2 == 0:
                workshop.sign_off(session_id, "Chief Executive", "Head of Paid Service")
    return workspace


def afternoon(database: Path, signed: int) -> dict[str, float]:
    """A month of daily backups, then `signed` sign-off backups six minutes apart."""
    shutil.rmtree(backups.backups_dir(database), ignore_errors=True)
    for day in range(30, 0, -1):
        backups.backup_now(database, "open", now=AFTERNOON - timedelta(days=day))
    copy_s = prune_s = 0.0
    for n in range(signed):
        at = AFTERNOON + timedelta(minutes=6 * n)
        started = time.perf_counter()
        backups.make_backup(database, "sign-off", now=at)
        copy_s += time.perf_counter() - started
        started = time.perf_counter()
        backups.prune(database, now=at)
        prune_s += time.perf_counter() - started
    kept = backups.list_backups(database)
    return {
        "backups": len(kept),
        "total_mb": sum(b.size for b in kept) / 1024 / 1024,
        "backup_ms": 1000 * copy_s / signed,
        "prune_ms": 1000 * prune_s / signed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--signed-in-afternoon", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        workspace = build(Path(folder), args.sessions)
        database = workspace.database
        print(
            f"{args.sessions} sessions: database {database.stat().st_size / 1024 / 1024:.1f} MB "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        runs = {}
        os.environ[backups.MAX_TOTAL_ENV] = str(10**9)  # no limit: the count/age rule alone
        runs["count/age rule only"] = afternoon(database, args.signed_in_afternoon)
        del os.environ[backups.MAX_TOTAL_ENV]
        runs[f"with the {backups.MAX_TOTAL_MB} MB limit"] = afternoon(
            database, args.signed_in_afternoon
        )
    print("| thinning | backups kept | total MB | backup, verified (ms) | thinning (ms) | ratio |")
    print("|---|---|---|---|---|---|")
    for name, run in runs.items():
        print(
            f"| {name} | {run['backups']:.0f} | {run['total_mb']:.0f} | {run['backup_ms']:.0f} | "
            f"{run['prune_ms']:.0f} | {run['prune_ms'] / run['backup_ms']:.2f}x |"
        )


if __name__ == "__main__":
    main()
