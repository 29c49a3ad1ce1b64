"""The committee progress update on a large signed plan, as whole processes through the CLI.

The session: 40 participants rating all 14 nps-2018 areas, 500 actions, signed off, with 2,000
progress entries in its chained log. Budgets (CONTRACT §9): `progress --format csv|json` within
1.5x `export --format json` of the same session, `progress --format pdf` within 1.1x
`export --format pdf`; each pair measured round by round in the same run.

    /work/venv/bin/python bench/run.py --only progress
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from measure import (
    PYTHON,
    BenchError,
    Check,
    ProcessRun,
    Settings,
    failed_check,
    interleave,
    ratio_check,
    run_process,
    with_cpu,
)
from workload import prepare_workspace, session_document, write_document

NAME = "progress"
PARTICIPANTS = 40
ACTIONS = 500
ENTRIES = 2000
AS_OF = "2027-06-30"
BUDGETS = {"csv": 1.5, "json": 1.5, "pdf": 1.1}


def add_progress(workspace_root: Path, session_id: str, count: int, seed: int = 11) -> str:
    """`count` entries over the plan's actions, oldest first, in one transaction; the head."""
    from npsworkshop.assessment.progress import ProgressEntry
    from npsworkshop.workshop import Workshop
    from npsworkshop.workshop.progress_log import append, plan_in
    from npsworkshop.workspace import Workspace

    rng = random.Random(seed)
    start = date(2026, 12, 1)
    statuses = ("in-progress", "done", "open", "dropped", "in-progress")
    with Workshop.open(Workspace(workspace_root)) as workshop:
        db = workshop._db  # the bench writes the whole log at once, as no front end would
        with db.write_untracked() as session:
            plan = plan_in(db, session, session_id)
            days = sorted(rng.randint(0, 210) for _ in range(count))
            entries = []
            for n, day in enumerate(days):
                action = plan.actions[rng.randrange(len(plan.actions))]
                entries.append(
                    ProgressEntry(
                        action.ref,
                        start + timedelta(days=day),
                        statuses[n % len(statuses)],
                        action.status,
                        rng.choice(["Jo Smith", "Head of Procurement", "Sam Patel"]),
                        note=f"Update {n}: reported to the procurement board" if n % 3 else None,
                    )
                )
            head = append(session, plan, entries)
    return head or ""


def run(settings: Settings) -> list[Check]:
    root = settings.work_dir / NAME
    workspace, pack, _origin = prepare_workspace(root / "workspace")
    document = session_document(pack, PARTICIPANTS, ACTIONS, signed=True)
    source = write_document(root / "progress-session.json", document)

    def cli(*args: str) -> list[str]:
        return [PYTHON, "-m", "npsworkshop", "--workspace", str(workspace.root), *args]

    session_id = run_process(cli("import", str(source))).stdout.split()[-1]
    add_progress(workspace.root, session_id, ENTRIES)

    def export(fmt: str) -> Callable[[], ProcessRun]:
        out = str(root / f"export.{fmt}")
        argv = cli("export", session_id, "--format", fmt, "--output", out, "--force")
        return lambda: run_process(argv)

    def progress(fmt: str) -> Callable[[], ProcessRun]:
        out = str(root / f"progress.{fmt}")
        argv = cli("progress", session_id, "--format", fmt, "--as-of", AS_OF, "--output", out)
        return lambda: run_process([*argv, "--force"])

    subjects: dict[str, Callable[[], ProcessRun]] = {
        "export-json": export("json"),
        "csv": progress("csv"),
        "json": progress("json"),
        "export-pdf": export("pdf"),
        "pdf": progress("pdf"),
    }
    checks: list[Check] = []
    try:
        samples = interleave(subjects, settings.scaled(15, minimum=5))
    except BenchError as exc:
        return [
            failed_check(NAME, f"progress --format {f}", f"<= {b}x", str(exc)[:300])
            for f, b in BUDGETS.items()
        ]
    for fmt, floor in (("csv", "export-json"), ("json", "export-json"), ("pdf", "export-pdf")):
        check = ratio_check(
            NAME,
            f"progress --format {fmt} / export --format {floor.split('-')[1]}",
            [r.seconds for r in samples[floor]],
            [r.seconds for r in samples[fmt]],
            BUDGETS[fmt],
        )
        checks.append(
            with_cpu(check, [r.cpu for r in samples[floor]], [r.cpu for r in samples[fmt]])
        )
    return checks
