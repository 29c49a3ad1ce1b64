"""Timing on a shared, noisy machine: interleaved runs, medians, and budgets as ratios to a floor.

Every budget compares the subject with a floor measured in the same run, one after the other in
each round, so a busy neighbour slows both alike. Nothing here is a test: the runner prints a table.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
PYTHON = sys.executable


class BenchError(Exception):
    """A subject could not be measured (it crashed, or is not written yet)."""


@dataclass(frozen=True)
class Check:
    """One line of the results table: a figure against its budget."""

    bench: str
    name: str
    floor: str
    subject: str
    value: str
    budget: str
    passed: bool
    note: str = ""


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    cpu: float  # user + system seconds: what the work cost, whatever else the machine was doing
    peak_mb: float
    stdout: str


@dataclass(frozen=True)
class Settings:
    """How hard to measure: `rounds` scales every benchmark's repetitions."""

    rounds: int
    work_dir: Path

    def scaled(self, full: int, minimum: int = 3) -> int:
        return max(minimum, round(full * self.rounds / 10))


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def interleave(
    subjects: Mapping[str, Callable[[], T]], rounds: int, *, warm: int = 1
) -> dict[str, list[T]]:
    """Run each subject once per round, rotating the order, so drift hits all of them alike.

    The first `warm` rounds are not kept: they fill the bytecode and file caches.
    """
    for _ in range(warm):
        for subject in subjects.values():
            subject()
    names = list(subjects)
    samples: dict[str, list[T]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(subjects[name]())
    return samples


def seconds(value: float) -> str:
    return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.3f} s"


def ratio_check(
    bench: str, name: str, floor: Sequence[float], subject: Sequence[float], budget: float
) -> Check:
    """The median of each round's subject/floor ratio, against `budget`.

    A round's floor and subject ran one after the other, so a burst of load on the machine
    lands on both; the median over rounds then drops the rounds a burst split unevenly.
    """
    ratios = [s / f for s, f in zip(subject, floor, strict=True)]
    ratio = median(ratios)
    return Check(
        bench=bench,
        name=name,
        floor=seconds(median(floor)),
        subject=seconds(median(subject)),
        value=f"{ratio:.2f}x",
        budget=f"<= {budget:.2f}x",
        passed=ratio <= budget,
        note=f"n={len(subject)}, middle half {quartiles(ratios)}",
    )


def with_cpu(check: Check, floor: Sequence[float], subject: Sequence[float]) -> Check:
    """`check` noting the same ratio in CPU time, which a busy machine disturbs far less."""
    ratio = median([s / f for s, f in zip(subject, floor, strict=True)])
    return replace(check, note=f"{check.note}; cpu {ratio:.2f}x")


def quartiles(values: Sequence[float]) -> str:
    """The first and third quartiles, to show how much the ratio moved between rounds."""
    if len(values) < 4:
        return "n/a"
    first, _, third = statistics.quantiles(values, n=4)
    return f"{first:.2f}-{third:.2f}x"


def failed_check(bench: str, name: str, budget: str, why: str) -> Check:
    return Check(bench, name, "", "", "not measured", budget, passed=False, note=why)


# Spawns the subject from a small process and reports the subject's own time and peak memory.
# Linux charges a child with its parent's resident size at fork/exec (and Python's subprocess uses
# vfork), so measured straight from the runner every child would show the runner's ~80 MB.
LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - started
with open(sys.argv[1], "w") as report:
    report.write(f"{elapsed!r} {usage.ru_utime + usage.ru_stime!r} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def run_process(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 180,
) -> ProcessRun:
    """Run a whole process: its wall and CPU time, peak resident memory (ru_maxrss), output."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        report = Path(scratch) / "report"
        process = subprocess.Popen(
            [PYTHON, "-S", "-c", LAUNCHER, str(report), *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,  # a process group, so a timeout ends the subject too
        )
        try:
            returncode = process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise BenchError(f"{' '.join(argv[1:4])}... took over {timeout:.0f} s") from None
        if returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise BenchError(f"{' '.join(argv[1:4])}... exited {returncode}: {' / '.join(tail)}")
        elapsed, cpu, max_rss = report.read_text(encoding="utf-8").split()
        out.seek(0)
        printed = out.read().decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux.
    return ProcessRun(
        seconds=float(elapsed), cpu=float(cpu), peak_mb=int(max_rss) / 1024, stdout=printed
    )


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
