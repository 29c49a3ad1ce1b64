"""Writing a session to a file in any format: default names in `exports/`, atomic writes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.files import check_output, default_export_path, write_atomic
from npsworkshop.workshop import Workshop

ExportFormat = Literal["pdf", "json", "csv"]
FORMATS: tuple[ExportFormat, ...] = ("pdf", "json", "csv")
ACTIONS_ENDING = "-actions"  # the CSV of actions is written beside the area summary


def _render(snapshot: SessionSnapshot, fmt: ExportFormat, *, anonymous: bool, names: bool) -> bytes:
    if fmt == "json":
        from npsworkshop.interchange.json_format import export_json

        return export_json(snapshot)
    if fmt == "csv":
        from npsworkshop.interchange.csv_format import areas_csv

        return areas_csv(snapshot)
    from npsworkshop.report.pdf import render_pdf

    return render_pdf(snapshot, anonymous=anonymous)


def export_session(
    workshop: Workshop,
    session_id: str,
    fmt: ExportFormat,
    output: Path | None = None,
    *,
    force: bool = False,
    anonymous: bool = False,
    names: bool = False,
) -> list[Path]:
    """Write the session; returns the files written, the main one last.

    A signed-off session whose record no longer matches its fingerprint is refused (Tampered).
    CSV writes the area summary and, beside it, `...-actions.csv` with one row per action.
    """
    snapshot = workshop.verified_snapshot(session_id)
    record = snapshot.record
    if output is None:
        path = default_export_path(
            workshop.workspace.exports_dir,
            [record.organisation_name, record.title, record.held_on.isoformat()],
            f".{fmt}",
            companions=(ACTIONS_ENDING,) if fmt == "csv" else (),
        )
    else:
        path = check_output(output, force=force)
    data = _render(snapshot, fmt, anonymous=anonymous, names=names)
    written: list[Path] = []
    if fmt == "csv":
        from npsworkshop.interchange.csv_format import actions_csv

        actions_path = path.with_name(f"{path.stem}{ACTIONS_ENDING}{path.suffix or '.csv'}")
        check_output(actions_path, force=force or output is None)
        written.append(write_atomic(actions_path, actions_csv(snapshot)))
    written.append(write_atomic(path, data))
    return written
