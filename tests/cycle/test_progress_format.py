"""The progress and compare renderers: the contract's columns, nulls, and the JSON shape."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from npsworkshop.assessment.progress import (
    PlanAction,
    ProgressEntry,
    printed_as_written,
    progress_report,
    without_names,
)
from npsworkshop.assessment.trend import BaselineArea, Step, compare
from npsworkshop.framework.loader import find_pack
from npsworkshop.interchange.progress_format import (
    compare_csv,
    compare_json,
    progress_csv,
    progress_json,
)

NPS = find_pack("nps-2018").pack
AS_OF = date(2027, 6, 30)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _report(**kw: object):  # type: ignore[no-untyped-def]
    entries = (ProgressEntry("A1", date(2027, 1, 10), "done", "open", "Jo Smith", note="Adopted"),)
    actions = [
        PlanAction("A1", "obtaining-social-value", "Adopt a policy", "Head", None, "open", entries),
        PlanAction("A2", "obtaining-social-value", "Train buyers", None, date(2027, 3, 31), "open"),
        PlanAction("A3", "developing-talent", "Apprentices", None, None, "dropped"),
    ]
    scope = ["obtaining-social-value", "developing-talent"]
    return progress_report("abc123", NPS, scope, actions, AS_OF, **kw)


def test_progress_csv_has_the_contract_columns_and_groups() -> None:
    data = progress_csv(_report())
    header = data.decode("utf-8-sig").splitlines()[0]
    assert (
        header
        == "group,actions,completed,completed_pct,outstanding,outstanding_pct,dropped,overdue"
    )
    rows = _rows(data)
    assert [r["group"] for r in rows] == [
        "showing-leadership",
        "behaving-commercially",
        "achieving-community-benefits",
        "enablers",
        "total",
    ]
    empty, social, enablers, total = rows[0], rows[2], rows[3], rows[4]
    assert (
        empty["actions"] == "0" and empty["completed_pct"] == "" and empty["outstanding_pct"] == ""
    )
    assert social == {
        "group": "achieving-community-benefits",
        "actions": "2",
        "completed": "1",
        "completed_pct": "50",
        "outstanding": "1",
        "outstanding_pct": "50",
        "dropped": "0",
        "overdue": "1",
    }
    assert enablers["actions"] == "0" and enablers["dropped"] == "1"
    assert total["dropped"] == "1" and total["actions"] == "2"


def test_progress_json_has_groups_areas_and_the_chain_head() -> None:
    doc = json.loads(progress_json(_report(chain_head="c" * 64, fingerprint="f" * 64)))
    assert doc["session"] == "abc123" and doc["as_of"] == "2027-06-30"
    assert doc["chain_head"] == "c" * 64 and doc["fingerprint"] == "f" * 64
    assert doc["groups"][0] == {
        "group": "showing-leadership",
        "actions": 0,
        "completed": 0,
        "completed_pct": None,
        "outstanding": 0,
        "outstanding_pct": None,
        "dropped": 0,
        "overdue": 0,
    }
    assert list(doc["areas"]) == ["obtaining-social-value", "developing-talent"]
    assert doc["areas"]["obtaining-social-value"]["overdue"] == 1
    first = doc["actions"][0]
    assert first["ref"] == "A1" and first["status"] == "done"
    assert first["last_update"]["by"] == "Jo Smith" and first["last_update"]["note"] == "Adopted"


def test_anonymous_progress_shows_a_role_or_nobody() -> None:
    report = without_names(_report(), {"Jo Smith": "Category manager"})
    doc = json.loads(progress_json(report))
    assert doc["actions"][0]["last_update"]["by"] == "Category manager"
    assert "Jo Smith" not in progress_json(report).decode()
    assert (
        json.loads(progress_json(without_names(_report(), {})))["actions"][0]["last_update"]["by"]
        is None
    )


def test_compare_csv_and_json() -> None:
    base = {
        "obtaining-social-value": BaselineArea(
            "developing", Step("leader", date(2028, 3, 31)), Step("mature", date(2027, 3, 31))
        ),
        "developing-talent": BaselineArea("mature", Step("mature")),
    }
    rows = compare(
        NPS.area_ids(), base, {"obtaining-social-value": "mature", "developing-talent": None}
    )
    data = compare_csv(rows)
    assert data.decode("utf-8-sig").splitlines()[0] == (
        "area_id,baseline_level,level,change,baseline_ambition,ambition_reached,interim_reached"
    )
    assert _rows(data) == [
        {
            "area_id": "obtaining-social-value",
            "baseline_level": "developing",
            "level": "mature",
            "change": "1",
            "baseline_ambition": "leader",
            "ambition_reached": "false",
            "interim_reached": "true",
        },
        {
            "area_id": "developing-talent",
            "baseline_level": "mature",
            "level": "",
            "change": "",
            "baseline_ambition": "mature",
            "ambition_reached": "",
            "interim_reached": "",
        },
    ]
    doc = json.loads(compare_json("b", "s", rows))
    assert doc["areas"]["obtaining-social-value"]["change"] == 1
    assert doc["areas"]["developing-talent"]["ambition_reached"] is None


def test_the_free_text_printed_as_written_is_named_for_the_warning() -> None:
    fields = dict(printed_as_written(_report()))
    assert fields["A1 title"] == "Adopt a policy" and fields["A1 owner"] == "Head"
    assert fields["A1 last update's note"] == "Adopted"  # the who ("Jo Smith") is not free text
    assert fields["A2 title"] == "Train buyers" and fields["A2 owner"] is None
