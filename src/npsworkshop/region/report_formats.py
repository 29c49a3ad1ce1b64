"""The regional report as JSON and CSV (CONTRACT §6, §9).

CSV columns: `area_id,councils,minimum,developing,mature,leader,innovator,median,suppressed`, then
`council_level,at_or_above` with `--council`, then `since_year,up,same,down` with `--since`.
Cells go through the interchange CSV's formula guard (area ids come from published files).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from npsworkshop.framework.levels import LEVELS
from npsworkshop.interchange.csv_format import BOM, safe_cell
from npsworkshop.region.report import AreaReport, RegionalReport

CSV_COLUMNS = ("area_id", "councils", *LEVELS, "median", "suppressed")
COUNCIL_COLUMNS = ("council_level", "at_or_above")
SINCE_COLUMNS = ("since_year", "up", "same", "down")


def report_document(report: RegionalReport) -> dict[str, Any]:
    """The JSON document of the report."""
    request = report.request
    document: dict[str, Any] = {
        "pack": request.pack_id,
        "type": report.council_type,
        "year": request.year,
        "councils": report.councils,
    }
    if report.council is not None:
        document["council"] = {"code": report.council.code, "name": report.council.name}
    document["areas"] = {area.area_id: _area_document(report, area) for area in report.areas}
    return document


def _area_document(report: RegionalReport, area: AreaReport) -> dict[str, Any]:
    found: dict[str, Any] = {
        "councils": area.councils,
        "levels": area.levels,
        "median": area.median,
        "suppressed": area.suppressed,
    }
    if report.council is not None:
        found["council_level"] = area.council_level
        found["at_or_above"] = area.at_or_above
    if area.since is not None:
        found["since"] = {
            "year": area.since.year,
            "up": area.since.up,
            "same": area.since.same,
            "down": area.since.down,
            "suppressed": area.since.suppressed,
        }
    return found


def report_json(report: RegionalReport) -> bytes:
    return (json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n").encode()


def report_csv(report: RegionalReport) -> bytes:
    header: list[str] = list(CSV_COLUMNS)
    if report.council is not None:
        header += COUNCIL_COLUMNS
    if report.request.since is not None:
        header += SINCE_COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for area in report.areas:
        levels = area.levels or {}
        row: list[object] = [
            area.area_id,
            area.councils,
            *(levels.get(level) if area.levels is not None else None for level in LEVELS),
            area.median,
            "true" if area.suppressed else "false",
        ]
        if report.council is not None:
            row += [area.council_level, area.at_or_above]
        if area.since is not None:
            row += [area.since.year, area.since.up, area.since.same, area.since.down]
        writer.writerow([safe_cell(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
