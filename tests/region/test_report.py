"""`region report`: latest levels per council, median, position, type, year, change, suppression.

Every test runs on SQLite and PostgreSQL with the same expected numbers, so both engines give the
same report.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import MINI_PACK
from tests.region.documents import signed_document, write
from tests.region.running import region
from tests.report.tagged_pdf import headings_ending_pages, structure, ua_failures

from npsworkshop.framework.loader import load_pack
from npsworkshop.region.report import median_level
from npsworkshop.report.tagging.audit import audit

TALENT = "developing-talent"
SOCIAL = "obtaining-social-value"


def council(
    name: str, held: date, talent: str | None, social: str | None = None, **options: Any
) -> dict[str, Any]:
    levels = {area: level for area, level in ((SOCIAL, social), (TALENT, talent)) if level}
    return signed_document(name, levels, held_on=held, **options)  # type: ignore[arg-type]


def documents(tmp_path: Path) -> list[dict[str, Any]]:
    """Seven councils; A-D unitary, E-F county, G (unitary) assessed social value only."""
    mini_dir = tmp_path / "mini"
    mini_dir.mkdir()
    (mini_dir / "pack.toml").write_text(MINI_PACK, encoding="utf-8")
    mini = load_pack(mini_dir)
    y24, y25 = date(2024, 6, 1), date(2025, 6, 1)
    return [
        council("Council A", y24, "leader"),
        council("Council A", y25, "minimum", "mature"),
        council("Council B", y24, "minimum"),
        council("Council B", y25, "developing", "mature"),
        council("Council C", y24, "developing"),
        council("Council C", y25, "developing", "leader", council_type="Unitary Authority"),
        council("Council D", y24, "mature"),
        council("Council D", y25, "mature", "developing"),
        council("Council E", y24, "mature", code="E10000002", council_type="county"),
        council("Council E", y25, "leader", code="E10000002", council_type="County Council"),
        # Two sessions held the same day: the one signed off later is the latest.
        council(
            "Council F",
            date(2025, 5, 1),
            "innovator",
            signed_on=date(2025, 5, 3),
            council_type="county",
        ),
        council(
            "Council F",
            date(2025, 5, 1),
            "minimum",
            signed_on=date(2025, 5, 2),
            council_type="county",
        ),
        council("Council G", y25, None, "minimum"),
        # Another pack is never compared with nps-2018.
        signed_document("Council H", {"plain": "innovator"}, held_on=y25, loaded=mini),
    ]


@pytest.fixture
def store(region_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert region(capsys, "init", "--db", region_db)[0] == 0
    paths = [
        str(write(tmp_path / "files", d, f"{i:02d}")) for i, d in enumerate(documents(tmp_path))
    ]
    status, out, err = region(capsys, "publish", "--db", region_db, *paths)
    assert status == 0, err
    assert out.splitlines()[-1] == "14 published, 0 already there"
    return region_db


def report(capsys: pytest.CaptureFixture[str], store: str, *args: str) -> dict[str, Any]:
    status, out, err = region(capsys, "report", "--db", store, "--format", "json", *args)
    assert status == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_each_councils_latest_session_is_compared(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = report(capsys, store)
    assert found["pack"] == "nps-2018"
    assert found["councils"] == 7
    assert list(found["areas"])[:2] == ["engaging-councillors", "engaging-senior-managers"]
    assert found["areas"][TALENT] == {
        "councils": 6,  # G did not assess it: missing for G, not counted at any level
        "levels": {"minimum": 1, "developing": 2, "mature": 1, "leader": 1, "innovator": 1},
        "median": "developing",  # six councils: the lower of the two middle levels
        "suppressed": False,
    }
    assert found["areas"][SOCIAL] == {
        "councils": 5,
        "levels": {"minimum": 1, "developing": 1, "mature": 2, "leader": 1, "innovator": 0},
        "median": "mature",
        "suppressed": False,
    }
    assert found["areas"]["engaging-councillors"] == {
        "councils": 0,
        "levels": None,
        "median": None,
        "suppressed": True,
    }


def test_a_councils_position(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    found = report(capsys, store, "--council", "council c")
    assert found["council"] == {"code": None, "name": "Council C"}
    assert found["areas"][TALENT]["council_level"] == "developing"
    assert found["areas"][TALENT]["at_or_above"] == 5
    assert found["areas"][SOCIAL]["council_level"] == "leader"
    assert found["areas"][SOCIAL]["at_or_above"] == 1
    by_code = report(capsys, store, "--council", "e10000002")
    assert by_code["council"] == {"code": "E10000002", "name": "Council E"}
    assert by_code["areas"][TALENT]["council_level"] == "leader"
    assert by_code["areas"][TALENT]["at_or_above"] == 2
    assert by_code["areas"][SOCIAL]["council_level"] is None
    assert by_code["areas"][SOCIAL]["at_or_above"] is None


def test_an_unknown_council_is_named(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = region(
        capsys, "report", "--db", store, "--format", "json", "--council", "Nowhere"
    )
    assert status == 2
    assert out == ""
    assert "--council 'Nowhere': no council" in err


def test_a_group_under_five_councils_is_suppressed(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = report(capsys, store, "--type", "Unitary Authority", "--council", "Council C")
    assert found["type"] == "unitary"
    assert found["councils"] == 5  # A, B, C, D and G
    talent = found["areas"][TALENT]
    assert talent == {
        "councils": 4,
        "levels": None,
        "median": None,
        "suppressed": True,
        "council_level": "developing",  # the council's own level is its own to see
        "at_or_above": None,
    }
    social = found["areas"][SOCIAL]
    assert social["suppressed"] is False and social["at_or_above"] == 1
    counties = report(capsys, store, "--type", "county")
    assert counties["councils"] == 2
    assert all(area["levels"] is None for area in counties["areas"].values())


def test_as_of_a_year_and_change_since_a_year(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    then = report(capsys, store, "--year", "2024")
    assert then["year"] == 2024
    assert then["councils"] == 5
    assert then["areas"][TALENT]["levels"] == {
        "minimum": 1,
        "developing": 1,
        "mature": 2,
        "leader": 1,
        "innovator": 0,
    }
    assert then["areas"][TALENT]["median"] == "mature"
    moved = report(capsys, store, "--since", "2024")
    assert moved["areas"][TALENT]["since"] == {
        "year": 2024,
        "up": 2,
        "same": 2,
        "down": 1,
        "suppressed": False,
    }
    # Social value was not assessed in 2024: nobody to compare, so nothing is shown.
    assert moved["areas"][SOCIAL]["since"] == {
        "year": 2024,
        "up": None,
        "same": None,
        "down": None,
        "suppressed": True,
    }


def test_since_must_come_before_year(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = region(
        capsys, "report", "--db", store, "--format", "json", "--year", "2024", "--since", "2025"
    )
    assert status == 2
    assert "--since 2025" in err


def test_only_sessions_on_the_same_pack_are_compared(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mini = report(capsys, store, "--pack", "mini")
    assert mini["pack"] == "mini"
    assert mini["councils"] == 1
    assert mini["areas"] == {
        "plain": {"councils": 1, "levels": None, "median": None, "suppressed": True}
    }


def test_csv_columns(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = region(capsys, "report", "--db", store, "--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == [
        "area_id",
        "councils",
        "minimum",
        "developing",
        "mature",
        "leader",
        "innovator",
        "median",
        "suppressed",
    ]
    by_area = {row[0]: row for row in rows[1:]}
    assert by_area[TALENT] == [TALENT, "6", "1", "2", "1", "1", "1", "developing", "false"]
    assert by_area["engaging-councillors"] == [
        "engaging-councillors",
        "0",
        "",
        "",
        "",
        "",
        "",
        "",
        "true",
    ]
    status, out, _ = region(
        capsys,
        "report",
        "--db",
        store,
        "--format",
        "csv",
        "--council",
        "Council C",
        "--since",
        "2024",
    )
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][-6:] == ["council_level", "at_or_above", "since_year", "up", "same", "down"]
    assert {row[0]: row for row in rows}[TALENT][-6:] == ["developing", "5", "2024", "2", "2", "1"]


def test_report_to_a_file(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    status, out, _ = region(
        capsys, "report", "--db", store, "--format", "json", "--output", str(target)
    )
    assert status == 0
    assert out.strip() == str(target)
    assert json.loads(target.read_text())["councils"] == 7
    status, _, err = region(
        capsys, "report", "--db", store, "--format", "json", "--output", str(target)
    )
    assert status == 2 and "already exists" in err


@pytest.mark.parametrize(
    ("levels", "median"),
    [
        ({"mature": 1}, "mature"),
        ({"minimum": 1, "innovator": 1}, "minimum"),
        ({"minimum": 2, "leader": 2}, "minimum"),
        ({"minimum": 2, "leader": 3}, "leader"),
        ({"developing": 3, "mature": 1, "innovator": 2}, "developing"),
        ({}, None),
    ],
)
def test_median_is_the_lower_middle(levels: dict[str, int], median: str | None) -> None:
    assert median_level(levels) == median


def test_pdf(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    target = tmp_path / "region.pdf"
    status, out, err = region(
        capsys,
        "report",
        "--db",
        store,
        "--format",
        "pdf",
        "--council",
        "Council C",
        "--since",
        "2024",
        "--output",
        str(target),
    )
    assert status == 0, err
    assert out.strip() == str(target)
    reader = PdfReader(target)
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert "Regional benchmark" in text
    assert "7 councils compared." in text
    assert "Position of Council C" in text
    assert "Change since 2024" in text
    assert "The distribution per area" in text
    assert "Developing talent\n6 councils" in text
    assert "Engaging councillors\n0 councils\nNo council has published this area" in text
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold"}
    data = target.read_bytes()
    assert audit(data) == []  # tagged: every mark in the structure, Alt on every figure
    assert ua_failures(data) == []
    assert headings_ending_pages(data) == []  # each H2 keeps with the start of its section
    nodes = structure(data)
    assert {"H1", "H2", "Table", "TH", "TD", "Figure"} <= {node.role for node in nodes}
    headings = [node.role for node in nodes if node.role.startswith("H")]
    assert headings[0] == "H1" and set(headings[1:]) == {"H2"}
    assert any(
        (node.alt or "").startswith("Developing talent: 6 councils; 1 at Minimum, 2 at Developing")
        and "median Developing" in (node.alt or "")
        and "The council is at Developing." in (node.alt or "")
        for node in nodes
        if node.role == "Figure"
    )


def test_pdf_prints_markup_in_a_council_name_as_written(
    region_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    name = "<font size=40>Ynys Môn</font> & <b>Council</b>"
    region(capsys, "init", "--db", region_db)
    path = write(tmp_path, council(name, date(2025, 1, 1), "leader"), "hostile")
    assert region(capsys, "publish", "--db", region_db, str(path))[0] == 0
    target = tmp_path / "hostile.pdf"
    status, _, err = region(
        capsys,
        "report",
        "--db",
        region_db,
        "--format",
        "pdf",
        "--council",
        name,
        "--output",
        str(target),
    )
    assert status == 0, err
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert name in " ".join(text.split())


def test_a_council_with_nothing_by_the_year_is_still_named(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = report(capsys, store, "--council", "E10000002", "--year", "2023")
    assert found["councils"] == 0
    assert found["council"] == {"code": "E10000002", "name": "Council E"}
    assert all(area["council_level"] is None for area in found["areas"].values())


def test_a_council_is_found_by_its_name_whatever_the_case_on_both_engines(
    region_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    region(capsys, "init", "--db", region_db)
    coded = council("CYNGOR SIR YNYS MÔN", date(2025, 1, 1), "leader", code="W06000001")
    region(capsys, "publish", "--db", region_db, str(write(tmp_path, coded, "mon")))
    found = report(capsys, region_db, "--council", "cyngor sir  ynys môn")
    assert found["council"] == {"code": "W06000001", "name": "CYNGOR SIR YNYS MÔN"}
    assert found["areas"][TALENT]["council_level"] == "leader"
