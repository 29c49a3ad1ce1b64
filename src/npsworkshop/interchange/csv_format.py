"""CSV for spreadsheets and regional returns: one row per area, and one row per action.

Each level id has its number (1 minimum ... 5 innovator) beside it, so a return can be summed
without a lookup; the organisation's ONS code is there when the record has one. In anonymous
output `weakest_by` holds participants' letters only (CONTRACT §9).

UTF-8 with a byte-order mark so Excel reads accents and £ correctly; cells that a spreadsheet
would run as a formula (starting with =, +, -, @, tab, carriage return, line feed or NUL, or the
full-width forms of = + - @) are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot
from npsworkshop.framework.levels import ordinal
from npsworkshop.report.anonymity import in_shown_order, letters, one_off_key, participant_labels

BOM = "\ufeff"
_FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\0",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)

AREA_COLUMNS = (
    "session_id",
    "organisation",
    "organisation_code",
    "session_title",
    "held_on",
    "status",
    "theme",
    "area_id",
    "area",
    "kind",
    "weakest_level",
    "weakest_level_number",
    "weakest_by",
    "rated",
    "abstained",
    "agreed_level",
    "agreed_level_number",
    "moderation_reason",
    "current_level",
    "current_level_number",
    "ambition_level",
    "ambition_level_number",
    "ambition_by",
    "interim_level",
    "interim_level_number",
    "interim_by",
    "ambition_kind",
    "gap",
    "justification",
    "actions_done",
    "actions_outstanding",
    "actions_dropped",
    "complete",
)
ACTION_COLUMNS = (
    "session_id",
    "organisation",
    "organisation_code",
    "ref",
    "theme",
    "area_id",
    "area",
    "title",
    "owner",
    "due",
    "status",
    "overdue",
)


def safe_cell(value: object) -> str:
    """A cell as text that a spreadsheet shows as typed and never evaluates."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _theme_title(snapshot: SessionSnapshot, area: AreaView) -> str:
    if area.theme is None:
        return "Enablers"
    return next(t.title for t in snapshot.pack.themes if t.id == area.theme)


def _weakest_by(area: AreaView, shown: dict[str, str] | None, snapshot: SessionSnapshot) -> str:
    """Letters in letter order (`shown`: the letters, in anonymous output), else names in the
    order of the named lists of people."""
    if area.result is None:
        return ""
    if shown is not None:
        return "; ".join(shown[key] for key in in_shown_order(shown, area.result.weakest_by))
    order = participant_labels(snapshot, anonymous=False)
    people = [snapshot.participant(key) for key in in_shown_order(order, area.result.weakest_by)]
    return "; ".join(f"{p.name} ({p.department})" if p.department else p.name for p in people)


def _number(level: str | None) -> int | str:
    return ordinal(level) if level else ""


def organisation_code(snapshot: SessionSnapshot) -> str:
    """The council's ONS GSS code, when the record carries one (an optional, newer field)."""
    code = getattr(snapshot.record, "organisation_code", None)
    return code if isinstance(code, str) else ""


def areas_csv(
    snapshot: SessionSnapshot, *, anonymous: bool = False, key: bytes | None = None
) -> bytes:
    """One row per area; `key`: the letters' key of an anonymous export (one-off when None)."""
    record = snapshot.record
    shown = letters(snapshot, key or one_off_key()) if anonymous else None
    rows = []
    for area in snapshot.areas:
        statuses = [a.status for a in area.actions]
        weakest = area.result.weakest_level if area.result else None
        ambition = area.ambition.level if area.ambition else None
        interim = area.ambition.interim if area.ambition else None
        rows.append(
            (
                record.id,
                record.organisation_name,
                organisation_code(snapshot),
                record.title,
                record.held_on.isoformat(),
                snapshot.status,
                _theme_title(snapshot, area),
                area.id,
                area.title,
                area.kind,
                weakest or "",
                _number(weakest),
                _weakest_by(area, shown, snapshot),
                area.result.rated if area.result else 0,
                area.result.abstained if area.result else 0,
                area.agreed_level,
                _number(area.agreed_level),
                area.moderation_reason,
                area.current_level,
                _number(area.current_level),
                ambition or "",
                _number(ambition),
                area.ambition.by.isoformat() if area.ambition and area.ambition.by else "",
                interim.level if interim else "",
                _number(interim.level if interim else None),
                interim.by.isoformat() if interim and interim.by else "",
                area.ambition_kind,
                area.gap,
                area.justification,
                statuses.count("done"),
                statuses.count("open") + statuses.count("in-progress"),
                statuses.count("dropped"),
                "yes" if area.complete else "no",
            )
        )
    return _csv(AREA_COLUMNS, rows)


def actions_csv(snapshot: SessionSnapshot) -> bytes:
    """One row per action with its ref (`A1`... as in the PDF, Word and `actions update`) and
    whether it is overdue on the date the plan speaks for, as the PDF judges it."""
    from npsworkshop.report.committee import action_refs, is_overdue, plan_date

    record = snapshot.record
    refs, on = action_refs(snapshot), plan_date(snapshot)
    rows = [
        (
            record.id,
            record.organisation_name,
            organisation_code(snapshot),
            refs[action.id],
            _theme_title(snapshot, area),
            area.id,
            area.title,
            action.title,
            action.owner,
            action.due.isoformat() if action.due else "",
            action.status,
            "yes" if is_overdue(action, on) else "no",
        )
        for area in snapshot.areas
        for action in area.actions
    ]
    return _csv(ACTION_COLUMNS, rows)
