"""Budget 3: a large session through the CLI as whole processes, against processes that only
import the stack each command needs (bench/stack_floor.py), and their peak memory.

The session: 40 participants rating all 14 nps-2018 areas, ~150 actions, long notes, evidence and
rationales, signed off (so import and export both compute and check the fingerprint).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from measure import (
    BENCH_DIR,
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
from workload import prepare_workspace, records, session_document, write_document

NAME = "large-session"
PARTICIPANTS = 40
ACTIONS = 150
BUDGETS = {"import": 1.6, "json": 1.4, "pdf": 1.8}
PEAK_MB = 200.0
FLOOR = str(BENCH_DIR / "stack_floor.py")


def run(settings: Settings) -> list[Check]:
    root = settings.work_dir / NAME
    workspace, pack, origin = prepare_workspace(root / "workspace")
    document = session_document(pack, PARTICIPANTS, ACTIONS, signed=True)
    source = write_document(root / "large-session.json", document)
    size = f"{records(document)} records, {source.stat().st_size // 1024} KiB, {origin}"

    def cli(folder: Path) -> list[str]:
        return [PYTHON, "-m", "npsworkshop", "--workspace", str(folder)]

    session_id = run_process([*cli(workspace.root), "import", str(source)]).stdout.split()[-1]
    template = root / "template"
    shutil.copytree(workspace.root, template, dirs_exist_ok=True)

    def imported() -> ProcessRun:
        # Each import into the same workspace (one session, as exported below): a database that
        # grew every round would make later rounds slower (backups, checks on open).
        target = root / "import-target"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(template, target)
        return run_process([*cli(target), "import", str(source)])

    def exported(fmt: str) -> Callable[[], ProcessRun]:
        output = root / f"large-session.{fmt}"
        argv = [
            *cli(workspace.root),
            "export",
            session_id,
            "--format",
            fmt,
            "--output",
            str(output),
            "--force",
        ]
        return lambda: run_process(argv)

    subjects: dict[str, Callable[[], ProcessRun]] = {
        "floor": lambda: run_process([PYTHON, FLOOR]),
        "import": imported,
        "json": exported("json"),
    }
    checks: list[Check] = []
    pdf_missing = ""
    try:
        exported("pdf")()
        subjects["floor-pdf"] = lambda: run_process([PYTHON, FLOOR, "pdf"])
        subjects["pdf"] = exported("pdf")
    except BenchError as exc:
        pdf_missing = str(exc)[:300]
    samples = interleave(subjects, settings.scaled(21, minimum=5))
    for key, floor in (("import", "floor"), ("json", "floor"), ("pdf", "floor-pdf")):
        name = "import" if key == "import" else f"export --format {key}"
        if key not in samples:
            checks.append(failed_check(NAME, name, f"<= {BUDGETS[key]}x", pdf_missing))
            continue
        check = ratio_check(
            NAME,
            name,
            [r.seconds for r in samples[floor]],
            [r.seconds for r in samples[key]],
            BUDGETS[key],
        )
        checks.append(
            with_cpu(check, [r.cpu for r in samples[floor]], [r.cpu for r in samples[key]])
        )
        peak = max(r.peak_mb for r in samples[key])
        checks.append(
            Check(
                NAME,
                f"{name}: peak memory",
                f"{max(r.peak_mb for r in samples[floor]):.0f} MB",
                f"{peak:.0f} MB",
                f"{peak:.0f} MB",
                f"<= {PEAK_MB:.0f} MB",
                peak <= PEAK_MB,
                size if key == "import" else "",
            )
        )
    return checks
