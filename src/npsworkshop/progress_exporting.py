"""Writing the committee progress update of a signed plan (CONTRACT §5, §9) in any format: one
function for the command line (`progress`), the app and the review.

`anonymous` leaves out who recorded each entry (a participant becomes their role) and warns, in
`workshop.notices`, naming the field and the letter, where text printed as written (the title,
the facilitator and signer, an action's title, owner or last note) names a participant, as
`export --anonymous` does. A default name says what the file is:
`<org>-<title>-<held_on>-signed-<named|anonymous>-progress-<as_of>.<ext>`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from npsworkshop.errors import UserError
from npsworkshop.exporting import anonymity_key, file_subject
from npsworkshop.files import check_output, unique_path, write_atomic

if TYPE_CHECKING:
    from npsworkshop.assessment.progress import ProgressReport
    from npsworkshop.assessment.snapshot import SessionSnapshot
    from npsworkshop.workshop import Workshop

ProgressFormat = Literal["pdf", "json", "csv"]
PROGRESS_FORMATS: tuple[ProgressFormat, ...] = ("pdf", "csv", "json")


def export_progress(
    workshop: Workshop,
    session_id: str,
    fmt: ProgressFormat,
    output: Path | None = None,
    *,
    as_of: date,
    anonymous: bool = False,
    force: bool = False,
) -> Path:
    """Write the progress update of the signed session as of `as_of`; returns the file written.

    Refused (UserError) for a date before the workshop that made the plan; a plan or progress
    log changed outside npsworkshop is refused as Tampered (`Workshop.cycle.verified_plan`)."""
    snapshot, plan = workshop.cycle.verified_plan(session_id)
    record = snapshot.record
    if as_of < record.held_on:
        raise UserError(
            f"as of {as_of.isoformat()}: before the workshop of {record.held_on.isoformat()} "
            "that made this plan; give a date on or after it"
        )
    report = plan.report(as_of)
    if anonymous:
        report = _without_names(workshop, snapshot, report)
    if output is None:
        what = "-".join(
            [
                record.held_on.isoformat(),
                "signed" if record.sign_off else "draft",
                "anonymous" if anonymous else "named",
                "progress",
                as_of.isoformat(),
            ]
        )
        path = unique_path(
            workshop.workspace.exports_dir, f"{file_subject(record)}-{what}", f".{fmt}"
        )
    else:
        path = check_output(output, force=force, fmt=fmt)
    return write_atomic(path, _render(report, fmt, snapshot, anonymous=anonymous))


def _without_names(
    workshop: Workshop, snapshot: SessionSnapshot, report: ProgressReport
) -> ProgressReport:
    """The report for anonymous output, and the warnings about free text that names someone:
    the cover's fields (as the action plan's) and the actions' (from the report itself)."""
    from npsworkshop.assessment.progress import printed_as_written, without_names
    from npsworkshop.report.anonymity import name_warnings, naming_warnings

    key = anonymity_key(workshop)
    workshop.notices.extend(
        f"warning: {warning}"
        for warning in name_warnings(snapshot, key=key)
        if not warning.startswith("anonymous export: areas.")  # the areas are not printed
    )
    workshop.notices.extend(
        f"warning: {warning}"
        for warning in naming_warnings(
            snapshot, printed_as_written(report), key=key, output="anonymous progress update"
        )
    )
    participants = snapshot.record.participants
    return without_names(report, {p.name: p.role for p in participants})


def _render(
    report: ProgressReport, fmt: ProgressFormat, snapshot: SessionSnapshot, *, anonymous: bool
) -> bytes:
    from npsworkshop import one_shot

    if fmt == "csv":
        from npsworkshop.interchange.progress_format import progress_csv

        one_shot.settle()
        return progress_csv(report)
    if fmt == "json":
        from npsworkshop.interchange.progress_format import progress_json

        one_shot.settle()
        return progress_json(report, anonymous=anonymous)
    from npsworkshop.report.progress_pdf import render_progress_pdf

    one_shot.settle()
    return render_progress_pdf(report, snapshot.record, snapshot.pack, anonymous=anonymous)
