"""The committee progress update and the trend as CSV and JSON (CONTRACT §5, §9).

Renderers of plain read models (`ProgressReport`, `AreaTrend` rows), never of the database. The
CSV columns are the contract's, in its order; a null is an empty cell in CSV and null in JSON.
Only ids, levels, dates and numbers go in the CSVs, so no cell can be read as a formula; user
text (titles, notes, names) goes only in the JSON, as JSON strings.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from npsworkshop.assessment.progress import ActionAsOf, Counts, ProgressEntry, ProgressReport
from npsworkshop.assessment.trend import AreaTrend

BOM = "\ufeff"  # as the other CSV exports, so Excel reads the file as UTF-8
PROGRESS_COLUMNS = (
    "group",
    "actions",
    "completed",
    "completed_pct",
    "outstanding",
    "outstanding_pct",
    "dropped",
    "overdue",
)
COMPARE_COLUMNS = (
    "area_id",
    "baseline_level",
    "level",
    "change",
    "baseline_ambition",
    "ambition_reached",
    "interim_reached",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return (BOM + out.getvalue()).encode("utf-8")


def _json(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def counts_fields(counts: Counts) -> dict[str, int | None]:
    """The CSV columns after `group`, by name."""
    return {
        "actions": counts.actions,
        "completed": counts.completed,
        "completed_pct": counts.completed_pct,
        "outstanding": counts.outstanding,
        "outstanding_pct": counts.outstanding_pct,
        "dropped": counts.dropped,
        "overdue": counts.overdue,
    }


def progress_csv(report: ProgressReport) -> bytes:
    """One row per theme of the pack, then `enablers` (when any enabler has actions), then
    `total`."""
    return _csv(
        PROGRESS_COLUMNS,
        ([group, *counts_fields(counts).values()] for group, counts in report.groups),
    )


def _entry(entry: ProgressEntry | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {
        "on": entry.on.isoformat(),
        "status": entry.status,
        "old_status": entry.old_status,
        "by": entry.by or None,
        "note": entry.note,
        **({"due": entry.due.isoformat()} if entry.due else {}),
        **({"carried_to": entry.carried_to} if entry.carried_to else {}),
    }


def _action(state: ActionAsOf) -> dict[str, Any]:
    action = state.action
    return {
        "ref": action.ref,
        "area": action.area,
        "title": action.title,
        "owner": action.owner,
        "due": state.due.isoformat() if state.due else None,
        "status": state.status,
        "overdue": state.overdue,
        "last_update": _entry(state.last_update),
        **({"carried_from": action.carried_from} if action.carried_from else {}),
    }


def progress_document(report: ProgressReport, *, anonymous: bool = False) -> dict[str, Any]:
    """`{"session", "as_of", "groups", "areas"}` with the chain head the numbers rest on and
    every action's state (the committee table). `anonymous`: the fingerprint and the chain head
    are null and `"anonymous": true`, since both hash names (the head hashes each entry's
    "who"), and anyone who knows who attended could confirm a guess by recomputing them."""
    return {
        "session": report.session,
        "as_of": report.as_of.isoformat(),
        "fingerprint": None if anonymous else report.fingerprint,
        "chain_head": None if anonymous else report.chain_head,
        **({"anonymous": True} if anonymous else {}),
        "groups": [{"group": group, **counts_fields(c)} for group, c in report.groups],
        "areas": {area: counts_fields(c) for area, c in report.areas},
        "actions": [_action(state) for state in report.actions],
    }


def progress_json(report: ProgressReport, *, anonymous: bool = False) -> bytes:
    return _json(progress_document(report, anonymous=anonymous))


def trend_fields(row: AreaTrend) -> dict[str, Any]:
    """A follow-up's per-area `trend` block (the compare columns after `area_id` but `level`)."""
    return {
        "baseline_level": row.baseline_level,
        "baseline_ambition": row.baseline_ambition,
        "change": row.change,
        "ambition_reached": row.ambition_reached,
        "interim_reached": row.interim_reached,
    }


def _compare_row(row: AreaTrend) -> list[object]:
    return [
        row.area_id,
        row.baseline_level,
        row.level,
        row.change,
        row.baseline_ambition,
        row.ambition_reached,
        row.interim_reached,
    ]


def compare_csv(rows: Sequence[AreaTrend]) -> bytes:
    return _csv(COMPARE_COLUMNS, (_compare_row(row) for row in rows))


def compare_document(baseline: str, session: str, rows: Sequence[AreaTrend]) -> dict[str, Any]:
    return {
        "baseline": baseline,
        "session": session,
        "areas": {row.area_id: {"level": row.level, **trend_fields(row)} for row in rows},
    }


def compare_json(baseline: str, session: str, rows: Sequence[AreaTrend]) -> bytes:
    return _json(compare_document(baseline, session, rows))
