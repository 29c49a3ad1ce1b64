"""Writing a session to a file in any format: default names in `exports/`, atomic writes.

`--anonymous` applies to every format alike (CONTRACT §9): PDF, Word, CSV and JSON all show
participants only as letters, and each anonymous export warns, naming the field, where text
printed as written (facilitator, signer, action owners, free text) contains a participant's
name. A default name says what the file is:
`<org>-<title>-<held_on>-<draft|signed>-<named|anonymous>.<ext>`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from npsworkshop.assessment.snapshot import RecordedSession, SessionSnapshot
from npsworkshop.errors import NotFound, Tampered
from npsworkshop.files import check_output, slugify, unique_path, write_all_atomic
from npsworkshop.workshop import Workshop

if TYPE_CHECKING:
    from npsworkshop.report.since_baseline import BaselineHistory

ExportFormat = Literal["pdf", "json", "csv", "docx"]
FORMATS: tuple[ExportFormat, ...] = ("pdf", "json", "csv", "docx")
ACTIONS_ENDING = "-actions"  # the CSV of actions is written beside the area summary
NAME_ROOM = 60  # characters for the organisation and title, cut before the date


SECRET_NAME = "anonymity.key"  # in the sessions folder, beside the database


def _render(
    snapshot: SessionSnapshot,
    fmt: ExportFormat,
    *,
    key: bytes | None,
    notes: bool,
    history: BaselineHistory | None = None,
) -> bytes:
    """`key`: the letters' key for anonymous output, None for named output."""
    from npsworkshop import one_shot

    anonymous = key is not None
    if fmt == "json":
        if key is not None:
            from npsworkshop.interchange.anonymous_json import export_anonymous_json

            one_shot.settle()
            return export_anonymous_json(snapshot, key=key)
        from npsworkshop.interchange.json_export import export_json

        one_shot.settle()
        return export_json(snapshot)
    if fmt == "csv":
        from npsworkshop.interchange.csv_format import areas_csv

        one_shot.settle()
        return areas_csv(snapshot, anonymous=anonymous, key=key)
    if fmt == "docx":
        from npsworkshop.report.word import render_docx

        one_shot.settle()
        return render_docx(snapshot, anonymous=anonymous, notes=notes, history=history, key=key)
    from npsworkshop.report.pdf import render_pdf

    one_shot.settle()  # the renderer is loaded: collections from here walk only the document
    return render_pdf(snapshot, anonymous=anonymous, notes=notes, history=history, key=key)


def anonymity_key(workshop: Workshop) -> bytes:
    """The workspace's key for participants' letters: the same letters in every anonymous
    export of a session from this workspace, and no way to match them to names without it."""
    from npsworkshop.files import workspace_secret

    return workspace_secret(workshop.workspace.sessions_dir / SECRET_NAME)


def baseline_history(workshop: Workshop, snapshot: SessionSnapshot) -> BaselineHistory | None:
    """A follow-up's baseline actions with their progress log, read from this workspace (None
    for a session without a baseline); where the baseline is not here, or its log no longer
    verifies, the history says why it is not shown."""
    baseline = snapshot.record.baseline
    if baseline is None:
        return None
    from npsworkshop.report.since_baseline import BaselineHistory
    from npsworkshop.report.text import long_date

    held = long_date(baseline.held_on)
    try:
        try:
            plan = workshop.cycle.action_plan(baseline.session)
        except NotFound:
            plan = None
        if plan is None or plan.fingerprint != baseline.fingerprint:
            # Moved from another machine: the baseline has another id here; import linked it
            # by fingerprint, so its papers find it the same way.
            here = workshop.cycle.signed_copies(baseline.fingerprint)[0]
            plan = None if here is None else workshop.cycle.action_plan(here)
    except Tampered:
        return BaselineHistory(
            missing=f"The baseline's progress log (held on {held}) was changed outside "
            "npsworkshop, so the history of the carried actions is not shown."
        )
    if plan is None or plan.fingerprint != baseline.fingerprint:
        return BaselineHistory(
            missing=f"The baseline (held on {held}) is not in this workspace, so the history "
            "of the carried actions is not shown; its progress update has it."
        )
    return BaselineHistory(actions={action.ref: action for action in plan.actions})


def file_subject(record: RecordedSession) -> str:
    """The organisation and title as a file name's first part, at most NAME_ROOM characters,
    cut between words: the title keeps at least half the room, as it tells a council's own
    sessions apart, and the organisation takes what the title leaves."""
    organisation = slugify(record.organisation_name, max_length=NAME_ROOM)
    title_room = max(NAME_ROOM // 2, NAME_ROOM - 1 - len(organisation))
    title = slugify(record.title, max_length=title_room)
    organisation = slugify(record.organisation_name, max_length=NAME_ROOM - 1 - len(title))
    return f"{organisation}-{title}"


def default_stem(snapshot: SessionSnapshot, *, anonymous: bool) -> str:
    """`<org>-<title>-<held_on>-<draft|signed>-<named|anonymous>`: the organisation and title
    are cut to fit before the date (file_subject), so the date and what follows are never cut."""
    record = snapshot.record
    state = "signed" if snapshot.signed_off else "draft"
    mode = "anonymous" if anonymous else "named"
    return f"{file_subject(record)}-{record.held_on.isoformat()}-{state}-{mode}"


def _glyph_warnings(snapshot: SessionSnapshot) -> list[str]:
    """Fields with characters that no installed font can print in the PDF (CONTRACT §9)."""
    from npsworkshop.report.anonymity import printed_as_written
    from npsworkshop.report.glyphs import glyph_warnings
    from npsworkshop.report.styles import FONT, register_fonts

    register_fonts()
    record = snapshot.record
    fields = [("organisation.name", record.organisation_name), *printed_as_written(snapshot)]
    for index, person in enumerate(record.participants):
        where = f"participants[{index}]"
        fields += [(f"{where}.name", person.name), (f"{where}.role", person.role)]
        fields.append((f"{where}.department", person.department))
    return glyph_warnings(fields, FONT)


def export_session(
    workshop: Workshop,
    session_id: str,
    fmt: ExportFormat,
    output: Path | None = None,
    *,
    force: bool = False,
    anonymous: bool = False,
    names: bool = False,
    notes: bool = False,
) -> list[Path]:
    """Write the session; returns the files written, the main one last.

    A signed-off session whose record no longer matches its fingerprint is refused (Tampered).
    CSV writes the area summary and, beside it, `...-actions.csv` with one row per action: both
    files or neither. Warnings about names in anonymous output go to `workshop.notices`.
    `names` is accepted from older callers: named output always lists the attendees by name.
    """
    del names
    snapshot = workshop.verified_snapshot(session_id)
    if output is None:
        path = unique_path(
            workshop.workspace.exports_dir,
            default_stem(snapshot, anonymous=anonymous),
            f".{fmt}",
            companions=(ACTIONS_ENDING,) if fmt == "csv" else (),
        )
    else:
        path = check_output(output, force=force, fmt=fmt)
    history = baseline_history(workshop, snapshot) if fmt in ("pdf", "docx") else None
    key = anonymity_key(workshop) if anonymous else None
    if key is not None:
        from npsworkshop.report.anonymity import name_warnings

        workshop.notices.extend(name_warnings(snapshot, history, key=key))
    if fmt == "pdf":
        workshop.notices.extend(_glyph_warnings(snapshot))
    files: list[tuple[Path, bytes]] = []
    if fmt == "csv":
        from npsworkshop.interchange.csv_format import actions_csv

        actions_path = path.with_name(f"{path.stem}{ACTIONS_ENDING}{path.suffix or '.csv'}")
        check_output(actions_path, force=force or output is None)
        files.append((actions_path, actions_csv(snapshot)))
    rendered = _render(snapshot, fmt, key=key, notes=notes, history=history)
    files.append((path, rendered))
    return write_all_atomic(files)
