"""One council is one council: its GSS code and its name identify it together (redteam R10).

A council that published by its name (signed before codes existed) and later with its code
counts once, with its latest session; suppression counts councils, never sessions; a name is
compared after NFKC and case folding; one name is never two codes.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from tests.region.documents import signed_document, write
from tests.region.running import region

from npsworkshop.framework.levels import LevelId
from npsworkshop.region.database import HEAD, _alembic_upgrade, connect, parse_address
from npsworkshop.region.publication import publication_of
from npsworkshop.region.publishing import area_rows_of, session_row
from npsworkshop.region.sources import record_of_document
from npsworkshop.region.tables import VERSION_TABLE, metadata, published_area, published_session
from npsworkshop.workspace import Workspace

PARTNERS = "working-with-partners"
ALPHA_CODE = "E07000001"


def doc(name: str, level: LevelId, year: int, code: str | None = None) -> dict[str, Any]:
    return signed_document(name, {PARTNERS: level}, held_on=date(year, 5, 1), code=code)


def publish(capsys: pytest.CaptureFixture[str], db: str, folder: Path, *docs: Any) -> str:
    paths = [str(write(folder, d)) for d in docs]
    status, out, err = region(capsys, "publish", "--db", db, *paths)
    assert status == 0, err
    return out


def report(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> dict[str, Any]:
    status, out, err = region(capsys, "report", "--db", db, "--format", "json", *args)
    assert status == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def sessions(db: str) -> int:
    with connect(parse_address(db)) as connection:
        return int(connection.execute(select(func.count()).select_from(published_session)).one()[0])


@pytest.mark.parametrize("coded_first", [False, True])
def test_a_council_published_by_name_and_by_code_counts_once(
    empty_store: str, coded_first: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Four real councils stay suppressed; Alpha's latest (coded, 2026) replaces its 2025."""
    others = [doc(f"Council {c}", "developing", 2025) for c in "BCD"]
    by_name = doc("Alpha Council", "leader", 2025)
    by_code = doc("ALPHA  council", "innovator", 2026, code=ALPHA_CODE)
    first, second = (by_code, by_name) if coded_first else (by_name, by_code)
    publish(capsys, empty_store, tmp_path / "a", *others, first)
    out = publish(capsys, empty_store, tmp_path / "b", second)
    assert f"to {ALPHA_CODE}: its sessions published without a GSS code now count" in out
    again = publish(capsys, empty_store, tmp_path / "b", second)
    assert "linked" not in again and again.splitlines()[-1] == "0 published, 1 already there"
    found = report(capsys, empty_store)
    assert found["councils"] == 4
    assert found["areas"][PARTNERS] == {
        "councils": 4,
        "levels": None,
        "median": None,
        "suppressed": True,
    }
    publish(capsys, empty_store, tmp_path / "c", doc("Council E", "mature", 2025))
    found = report(capsys, empty_store, "--council", "alpha council")
    assert found["council"] == {"code": ALPHA_CODE, "name": "ALPHA  council"}
    area = found["areas"][PARTNERS]
    assert area["councils"] == 5
    assert area["levels"] == {
        "minimum": 0,
        "developing": 3,
        "mature": 1,
        "leader": 0,  # Alpha's earlier session is not counted beside its latest
        "innovator": 1,
    }
    assert (area["council_level"], area["at_or_above"]) == ("innovator", 1)


def test_a_name_in_nfc_and_in_nfd_is_one_council(
    empty_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nfc = unicodedata.normalize("NFC", "Café Council")
    nfd = unicodedata.normalize("NFD", "CAFÉ Council")
    assert nfc.casefold() != nfd.casefold()
    publish(capsys, empty_store, tmp_path, doc(nfc, "leader", 2024), doc(nfd, "mature", 2025))
    assert report(capsys, empty_store)["councils"] == 1
    found = report(capsys, empty_store, "--council", nfc)
    assert found["areas"][PARTNERS]["council_level"] == "mature"


@pytest.mark.parametrize("one_batch", [False, True])
def test_one_name_with_two_codes_is_refused_naming_both(
    empty_store: str, one_batch: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = doc("Alpha Council", "leader", 2025, code=ALPHA_CODE)
    other = doc("alpha  COUNCIL", "mature", 2026, code="E07000002")
    other_path = write(tmp_path, other, "other")
    if one_batch:
        args = [str(write(tmp_path, first, "first")), str(other_path)]
    else:
        publish(capsys, empty_store, tmp_path / "before", first)
        args = [str(other_path)]
    before = sessions(empty_store)
    status, out, err = region(capsys, "publish", "--db", empty_store, *args)
    assert status == 2
    assert out == ""
    assert f"{other_path}: organisation.name 'alpha  COUNCIL' has GSS code E07000002" in err
    assert ALPHA_CODE in err
    assert sessions(empty_store) == before


def test_list_shows_the_link_and_withdrawing_the_coded_session_undoes_it(
    empty_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_name = doc("Alpha Council", "leader", 2025)
    by_code = doc("Alpha Council", "innovator", 2026, code=ALPHA_CODE)
    publish(capsys, empty_store, tmp_path, by_name, by_code)
    status, out, _ = region(capsys, "list", "--db", empty_store)
    assert status == 0
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert f"={ALPHA_CODE}" in rows[by_name["fingerprint"]]
    assert f" {ALPHA_CODE} " in rows[by_code["fingerprint"]]
    assert "=CODE: published without a GSS code" in out
    assert region(capsys, "withdraw", "--db", empty_store, by_code["fingerprint"])[0] == 0
    status, out, _ = region(capsys, "list", "--db", empty_store)
    assert f"={ALPHA_CODE}" not in out
    found = report(capsys, empty_store, "--council", "Alpha Council")
    assert found["council"]["code"] is None
    assert found["areas"][PARTNERS]["council_level"] == "leader"


def _old_rows(
    document: dict[str, Any], tmp_path: Path
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The rows schema r0001 stored: names folded by case and spacing only (no NFKC)."""
    path = write(tmp_path, document)
    from npsworkshop.interchange.json_format import read_document

    record = record_of_document(read_document(path), str(path), Workspace(tmp_path))
    p = publication_of(record, str(path))
    old_key = p.council_code or "name:" + " ".join(p.council_name.split()).casefold()
    return {**session_row(p, datetime.now(UTC)), "council_key": old_key}, area_rows_of(p)


def test_upgrade_links_a_store_made_by_the_previous_schema(
    region_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    address = parse_address(region_db)
    documents = [
        doc("Alpha Council", "leader", 2025),
        doc("Alpha Council", "innovator", 2026, code=ALPHA_CODE),
        doc(unicodedata.normalize("NFC", "Café Council"), "leader", 2024),
        doc(unicodedata.normalize("NFD", "Café Council"), "mature", 2025),
    ]
    with connect(address, write=True) as connection:
        _alembic_upgrade(connection, "r0001")
        for document in documents:
            session, areas = _old_rows(document, tmp_path / "old")
            connection.execute(published_session.insert(), session)
            connection.execute(published_area.insert(), areas)
    status, _, err = region(capsys, "report", "--db", region_db, "--format", "json")
    assert status == 2 and "region upgrade" in err
    status, out, _ = region(capsys, "upgrade", "--db", region_db)
    assert status == 0
    assert f"upgraded from schema r0001 to {HEAD}" in out
    assert report(capsys, region_db)["councils"] == 2  # Alpha and Café, once each
    alpha = report(capsys, region_db, "--council", "Alpha Council")
    assert alpha["council"]["code"] == ALPHA_CODE
    assert alpha["areas"][PARTNERS]["council_level"] == "innovator"
    with connect(address) as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


@pytest.mark.parametrize("one_batch", [False, True])
def test_a_code_published_under_another_name_is_refused_naming_both(
    empty_store: str, one_batch: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Beta with Alpha's code would make Beta's sessions Alpha's (5 councils -> 4, suppressed)."""
    others = [doc(f"Council {c}", "developing", 2025) for c in "CDE"]
    beta = doc("Beta Council", "mature", 2025)
    alpha = doc("Alpha Council", "leader", 2026, code=ALPHA_CODE)
    wrong = doc("beta   COUNCIL", "innovator", 2026, code=ALPHA_CODE)
    wrong_path = write(tmp_path, wrong, "wrong")
    if one_batch:
        publish(capsys, empty_store, tmp_path / "before", *others, beta)
        args = [str(write(tmp_path, alpha, "alpha")), str(wrong_path)]
        where = f"in {tmp_path / 'alpha.json'}"
    else:
        publish(capsys, empty_store, tmp_path / "before", *others, beta, alpha)
        args = [str(wrong_path)]
        where = "in the regional store"
    before = (sessions(empty_store), report(capsys, empty_store))
    status, out, err = region(capsys, "publish", "--db", empty_store, *args)
    assert status == 2
    assert out == ""
    assert (
        f"{wrong_path}: organisation.name 'beta   COUNCIL' has GSS code {ALPHA_CODE}, but "
        f"{ALPHA_CODE} is published as 'Alpha Council' {where}"
    ) in err
    assert (sessions(empty_store), report(capsys, empty_store)) == before
    if one_batch:
        publish(capsys, empty_store, tmp_path / "alpha", alpha)
    assert report(capsys, empty_store)["areas"][PARTNERS]["councils"] == 5
    out = publish(
        capsys, empty_store, tmp_path / "real", doc("Beta Council", "leader", 2026, "E07000002")
    )
    assert "linked Beta Council to E07000002" in out
    found = report(capsys, empty_store, "--council", "Alpha Council")
    assert found["council"] == {"code": ALPHA_CODE, "name": "Alpha Council"}
    assert found["areas"][PARTNERS]["councils"] == 5
    assert found["areas"][PARTNERS]["council_level"] == "leader"


def test_a_made_up_code_published_first_keeps_the_real_council_out_until_withdrawn(
    empty_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """First come, first served: the wrong session must be withdrawn before the real one goes in."""
    squat = doc("Gamma Council", "leader", 2025, code=ALPHA_CODE)
    publish(capsys, empty_store, tmp_path / "squat", squat)
    real = write(tmp_path, doc("Alpha Council", "mature", 2026, code=ALPHA_CODE), "real")
    status, _, err = region(capsys, "publish", "--db", empty_store, str(real))
    assert status == 2
    assert f"{ALPHA_CODE} is published as 'Gamma Council' in the regional store" in err
    assert region(capsys, "withdraw", "--db", empty_store, squat["fingerprint"])[0] == 0
    assert region(capsys, "publish", "--db", empty_store, str(real))[0] == 0
    assert (
        report(capsys, empty_store, "--council", ALPHA_CODE)["council"]["name"] == "Alpha Council"
    )


def test_two_publishers_giving_one_code_two_names_the_second_waits_and_is_refused(
    empty_store: str, tmp_path: Path
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from npsworkshop.errors import UserError
    from npsworkshop.region.publishing import publish as publish_batch
    from npsworkshop.region.sources import read_publications

    def batch(name: str, stem: str) -> list[Any]:
        path = write(tmp_path, doc(name, "leader", 2025, code=ALPHA_CODE), stem)
        return read_publications([str(path)], Workspace(tmp_path))

    def publish_alone(publications: list[Any]) -> None:
        with connect(parse_address(empty_store), check=True, write=True) as connection:
            publish_batch(connection, publications)

    alpha, beta = batch("Alpha Council", "alpha"), batch("Beta Council", "beta")
    with ThreadPoolExecutor(1) as pool:
        with connect(parse_address(empty_store), check=True, write=True) as connection:
            publish_batch(connection, alpha)
            second = pool.submit(publish_alone, beta)
            with pytest.raises(TimeoutError):
                second.result(timeout=1)  # waits for the first to commit
        with pytest.raises(UserError) as refused:
            second.result(timeout=30)
    assert f"{ALPHA_CODE} is published as 'Alpha Council' in the regional store" in "\n".join(
        refused.value.problems
    )
    assert sessions(empty_store) == 1
