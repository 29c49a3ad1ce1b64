"""Run every benchmark, print a table of figures against budgets; exit 1 when a budget fails.

    /work/venv/bin/python bench/run.py [--quick] [--only NAME ...] [--markdown] [--dir DIR]

Budgets are ratios to a floor measured in the same run (see bench/measure.py), so the table holds
on a slower or busier machine too. --quick takes fewer rounds (noisier); --dir puts the scratch
workspaces on the disk whose speed matters (the default is the system's temporary folder).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import first_paint
import growth
import large_session
import progress
import rating
import region_report
from measure import BenchError, Check, Settings, failed_check

BENCHMARKS: dict[str, Callable[[Settings], list[Check]]] = {
    first_paint.NAME: first_paint.run,
    rating.NAME: rating.run,
    large_session.NAME: large_session.run,
    growth.NAME: growth.run,
    region_report.NAME: region_report.run,
    progress.NAME: progress.run,
}
COLUMNS = ("bench", "name", "floor", "subject", "value", "budget", "result", "note")


def rows(checks: Sequence[Check]) -> list[tuple[str, ...]]:
    return [
        (
            c.bench,
            c.name,
            c.floor,
            c.subject,
            c.value,
            c.budget,
            "pass" if c.passed else "FAIL",
            c.note,
        )
        for c in checks
    ]


def table(checks: Sequence[Check], *, markdown: bool) -> str:
    body = rows(checks)
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [COLUMNS, *body]) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [COLUMNS, *body]
    )


def machine() -> str:
    cores = len(os.sched_getaffinity(0))
    return (
        f"{platform.node() or 'unknown host'}: {platform.machine()}, {cores} cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (noisier figures)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(BENCHMARKS),
        metavar="NAME",
        help=f"run only these: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--dir", type=Path, help="scratch folder (kept afterwards)")
    args = parser.parse_args(argv)
    work_dir = args.dir or Path(tempfile.mkdtemp(prefix="npsworkshop-bench-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(rounds=4 if args.quick else 10, work_dir=work_dir)
    # Every process, floor and subject, runs from cached bytecode, as an installed app does (a
    # checkout run with PYTHONDONTWRITEBYTECODE would compile npsworkshop on every start). The
    # cache lives in the scratch folder, not beside the sources.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work_dir / "pycache")
    started = time.perf_counter()
    print(f"{datetime.now().isoformat(timespec='minutes')}  {machine()}", flush=True)
    checks: list[Check] = []
    try:
        for name in args.only or list(BENCHMARKS):
            print(f"... {name}", file=sys.stderr, flush=True)
            try:
                checks += BENCHMARKS[name](settings)
            except BenchError as exc:
                checks.append(failed_check(name, "(setup)", "", str(exc)[:300]))
    finally:
        if args.dir is None:
            shutil.rmtree(work_dir, ignore_errors=True)
    print(table(checks, markdown=args.markdown))
    failed = [c for c in checks if not c.passed]
    print(
        f"{len(checks) - len(failed)} of {len(checks)} budgets met "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
