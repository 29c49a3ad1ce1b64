"""The regional schema: made only by init/upgrade, with its own Alembic history and version table,
and the same on SQLite and PostgreSQL as the SQLAlchemy models say."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from tests.region.running import region

from npsworkshop.region.database import HEAD, connect, parse_address
from npsworkshop.region.tables import VERSION_TABLE, metadata


def test_init_makes_the_schema_that_the_models_describe(
    region_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = region(capsys, "init", "--db", region_db)
    assert status == 0
    assert f"schema {HEAD}" in out
    with connect(parse_address(region_db)) as connection:
        tables = set(inspect(connection).get_table_names())
        assert tables == {"published_session", "published_area", "council_alias", VERSION_TABLE}
        assert "alembic_version" not in tables  # the workspace's version table is not ours
        version = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        assert version == HEAD
        context = MigrationContext.configure(
            connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


def test_init_refuses_a_store_or_a_database_in_use(
    region_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert region(capsys, "init", "--db", region_db)[0] == 0
    status, _, err = region(capsys, "init", "--db", region_db)
    assert status == 2
    assert "already" in err


def test_init_refuses_a_database_holding_other_tables(
    region_db: str, engine_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with connect(parse_address(region_db)) as connection:
        connection.execute(text("CREATE TABLE payroll (id INTEGER PRIMARY KEY)"))
    status, _, err = region(capsys, "init", "--db", region_db)
    assert status == 2
    assert "payroll" in err if engine_name == "postgresql" else "exists" in err
    with connect(parse_address(region_db)) as connection:
        assert inspect(connection).get_table_names() == ["payroll"]


def test_upgrade_at_head_changes_nothing(
    region_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    region(capsys, "init", "--db", region_db)
    status, out, _ = region(capsys, "upgrade", "--db", region_db)
    assert status == 0
    assert "nothing to do" in out


def test_upgrade_refuses_what_is_not_a_store(
    region_db: str, engine_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = region(capsys, "upgrade", "--db", region_db)
    assert status == 2
    assert "region init" in err


@pytest.mark.parametrize(
    "action", [["list"], ["report", "--format", "json"], ["withdraw", "0" * 64]]
)
def test_commands_refuse_a_database_without_the_schema(
    region_db: str, action: list[str], capsys: pytest.CaptureFixture[str], engine_name: str
) -> None:
    status, out, err = region(capsys, action[0], "--db", region_db, *action[1:])
    assert status == 2
    assert "region init" in err
    assert out == ""
    if engine_name == "sqlite":
        assert not Path(region_db).exists()  # nothing was created


def test_commands_refuse_a_newer_schema(region_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    region(capsys, "init", "--db", region_db)
    with connect(parse_address(region_db)) as connection:
        connection.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = 'r9999'"))
    for args in (["list"], ["upgrade"], ["report", "--format", "csv"]):
        status, _, err = region(capsys, args[0], "--db", region_db, *args[1:])
        assert status == 2, args
        assert "newer npsworkshop" in err
    with connect(parse_address(region_db)) as connection:
        assert connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar() == (
            "r9999"
        )


def test_an_older_schema_is_sent_to_upgrade(
    region_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from npsworkshop.region import database

    region(capsys, "init", "--db", region_db)
    with connect(parse_address(region_db)) as connection:
        connection.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = 'r0000'"))
    monkeypatch.setattr(database, "KNOWN_REVISIONS", ("r0000", *database.KNOWN_REVISIONS))
    status, _, err = region(capsys, "list", "--db", region_db)
    assert status == 2
    assert "schema r0000" in err
    assert "region upgrade" in err


def test_the_database_itself_refuses_what_the_store_must_not_hold(
    region_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """CHECK and foreign key constraints back the code on both engines."""
    from datetime import UTC, date, datetime

    from sqlalchemy.exc import IntegrityError

    from npsworkshop.region.database import create_store_engine
    from npsworkshop.region.tables import published_area, published_session

    region(capsys, "init", "--db", region_db)
    session = {
        "fingerprint": "f" * 64,
        "council_key": "E06000001",
        "council_code": "E06000001",
        "council_name": "A",
        "council_type": "unitary",
        "council_type_text": "unitary",
        "pack_id": "nps-2018",
        "pack_version": "1",
        "held_on": date(2025, 1, 1),
        "signed_on": date(2025, 1, 2),
        "published_at": datetime.now(UTC),
    }
    area = {
        "fingerprint": "f" * 64,
        "area_id": "developing-talent",
        "level": "mature",
        "ambition": None,
        "actions_open": 0,
        "actions_in_progress": 0,
        "actions_done": 0,
        "actions_dropped": 0,
    }
    bad_rows = [
        (published_session, {**session, "fingerprint": "short"}),
        (published_area, {**area, "level": "excellent"}),
        (published_area, {**area, "actions_open": -1}),
        (published_area, {**area, "fingerprint": "e" * 64}),  # no such session
    ]
    engine = create_store_engine(parse_address(region_db))
    try:
        with engine.begin() as connection:
            connection.execute(published_session.insert(), session)
        for table, row in bad_rows:
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(table.insert(), row)
    finally:
        engine.dispose()
