"""Regional store fixtures: every test runs on SQLite and on a real PostgreSQL.

The PostgreSQL server is this machine's own, started once per test process (so once per
pytest-xdist worker, each in its own folder with its own socket) by `cluster.running_cluster`.
A missing server fails the tests: the regional store is not tested on SQLite alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.region.cluster import Cluster, NoServer, running_cluster


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    try:
        with running_cluster() as cluster:
            yield cluster
    except NoServer as exc:
        pytest.fail(str(exc))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def region_db(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty database on each engine, as `--db` takes it (not yet a regional store)."""
    if engine_name == "sqlite":
        return str(tmp_path / "region.db")
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    return cluster.create_database()


@pytest.fixture
def empty_store(region_db: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A regional store made by `region init`, with nothing published."""
    from tests.region.running import region

    assert region(capsys, "init", "--db", region_db)[0] == 0
    return region_db
