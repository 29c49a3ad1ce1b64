"""What the reliability checks cost when a workspace opens: quick_check, the hourly backup, the
tamper check on the first listing, and a sign-off's backup, for small to very large workspaces.

    python bench/open_checks.py [--sessions 10 50 200]

Each workspace holds that many copies of the example council's workshop (NPS 2018, 11 areas,
6 participants), half of them signed off. Figures are medians of several runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from npsworkshop.interchange.json_format import import_file
from npsworkshop.store import backups, recovery
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "example-council-workshop.json"
)
ROUNDS = 7


def median_ms(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def workspace_with(root: Path, sessions: int) -> Workspace:
    workspace = Workspace(root)
    with Workshop.open(workspace, backup=False) as workshop:
        for number in range(sessions):
            session_id = import_file(workshop, EXAMPLE)
            if number % 2 == 0:
                workshop.sign_off(session_id, "Chief Executive", "Head of Paid Service")
    for backup in backups.list_backups(workspace.database):
        backup.path.unlink()
    return workspace


def measure(sessions: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        workspace = workspace_with(Path(folder), sessions)
        database = workspace.database
        figures = {"size_mb": database.stat().st_size / 1e6}
        figures["quick_check"] = median_ms(lambda: recovery.inspect(database, quick=True))
        figures["open_no_backup"] = median_ms(
            lambda: Workshop.open(workspace, backup=False).close()
        )

        def backup_and_remove() -> None:
            made = backups.make_backup(database, "open")
            made.path.unlink()

        figures["backup_verified"] = median_ms(backup_and_remove)

        def open_with_due_backup() -> None:
            future = datetime.now(UTC) + timedelta(days=1)
            workshop = Workshop.open(workspace, backup=False)
            backups.backup_if_due(database, now=future)
            workshop.close()
            for made in backups.list_backups(database):
                made.path.unlink()

        figures["open_with_backup"] = median_ms(open_with_due_backup)

        def first_listing() -> None:
            with Workshop.open(workspace, backup=False) as workshop:
                workshop.list_sessions()

        def second_listing_only() -> float:
            with Workshop.open(workspace, backup=False) as workshop:
                workshop.list_sessions()
                return median_ms(workshop.list_sessions, 3)

        figures["first_listing_with_tamper_check"] = (
            median_ms(first_listing, 3) - figures["open_no_backup"]
        )
        figures["later_listing"] = second_listing_only()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 50, 200])
    args = parser.parse_args()
    columns = [
        "size_mb",
        "quick_check",
        "open_no_backup",
        "backup_verified",
        "open_with_backup",
        "first_listing_with_tamper_check",
        "later_listing",
    ]
    print("sessions  " + "  ".join(columns))
    for count in args.sessions:
        figures = measure(count)
        cells = [f"{figures[c]:.1f}".rjust(len(c)) for c in columns]
        print(f"{count:>8}  " + "  ".join(cells))
    print("(milliseconds, medians; size in MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
