"""Budget 4: JSON and PDF export time grows no faster than the session (linear, with tolerance).

Three nps-2018 sessions: 10 participants and 50 actions, 40 and 150, 100 and 500. Each export runs
in process (snapshot, render, atomic write; no interpreter start-up to hide behind), sizes
interleaved, medians. From one size to the next, time per record may rise by at most TOLERANCE.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from measure import Check, Settings, failed_check, interleave, median, seconds, timed
from workload import prepare_workspace, records, session_document, write_document

NAME = "growth"
SIZES = ((10, 50), (40, 150), (100, 500))
TOLERANCE = 1.25


def run(settings: Settings) -> list[Check]:
    from npsworkshop.exporting import ExportFormat, export_session
    from npsworkshop.interchange.json_format import import_file
    from npsworkshop.workshop import Workshop

    root = settings.work_dir / NAME
    workspace, pack, _origin = prepare_workspace(root / "workspace")
    checks: list[Check] = []
    with Workshop.open(workspace) as workshop:
        sessions: list[tuple[str, int]] = []
        for participants, actions in SIZES:
            document = session_document(pack, participants, actions, signed=True)
            path = write_document(root / f"session-{participants}.json", document)
            sessions.append((import_file(workshop, path), records(document)))

        def export(session_id: str, fmt: ExportFormat) -> float:
            output = root / f"{session_id}.{fmt}"
            return timed(lambda: export_session(workshop, session_id, fmt, output, force=True))

        def exporter(session_id: str, fmt: ExportFormat) -> Callable[[], float]:
            return lambda: export(session_id, fmt)

        formats: tuple[ExportFormat, ...] = ("json", "pdf")
        for fmt in formats:
            name = f"export --format {fmt}"
            budget = f"per-record time x{TOLERANCE} max per step"
            try:
                for session_id, _size in sessions:
                    export(session_id, fmt)  # warm: imports, caches
            except Exception as exc:  # the renderer may not be written yet
                checks.append(
                    failed_check(NAME, name, budget, f"{type(exc).__name__}: {exc}"[:300])
                )
                continue
            samples = interleave(
                {str(size): exporter(session_id, fmt) for session_id, size in sessions},
                settings.scaled(7, minimum=3),
            )
            checks.append(
                _linear(name, [(size, median(samples[str(size)])) for _, size in sessions], budget)
            )
    return checks


def _linear(name: str, points: list[tuple[int, float]], budget: str) -> Check:
    """Passes when, size to size, time per record never rises by more than TOLERANCE."""
    steps = [(t2 / s2) / (t1 / s1) for (s1, t1), (s2, t2) in itertools.pairwise(points)]
    (s_first, t_first), (s_last, t_last) = points[0], points[-1]
    exponent = math.log(t_last / t_first) / math.log(s_last / s_first)
    return Check(
        NAME,
        name,
        " / ".join(str(size) for size, _ in points) + " records",
        " / ".join(seconds(t) for _, t in points),
        f"max step {max(steps):.2f}x",
        budget,
        max(steps) <= TOLERANCE,
        f"growth exponent {exponent:.2f} (1 = linear)",
    )
