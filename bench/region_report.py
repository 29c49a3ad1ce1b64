"""Issue 13: the regional report within 2x of a hand-written SQL query of the same numbers.

A region of 300 councils x 3 years (900 signed sessions, 14 areas each) is published into a fresh
store on a PostgreSQL cluster this run starts from the machine's own binaries (and into a SQLite
file too). Then, in-process after every import, each round times:
- subject: `region.report.build_report` + the JSON, on an open connection, as `region report`
  runs it (all councils; then one council by type);
- floor: one hand-written SQL statement giving the same counts (and the council's levels)
  through psycopg (sqlite3 for the SQLite store), fetched, with the median made from the counts.
Budgets are ratios; milliseconds, and the time to publish the 900 files, are reported only.

    .venv/bin/python bench/region_report.py [--quick]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from measure import REPO, Check, Settings, interleave, median, ratio_check, seconds

sys.path.insert(0, str(REPO))

NAME = "region"
BUDGET = 2.0
COUNCILS = 300
YEARS = (2019, 2022, 2025)
TYPES = ("county", "district", "unitary", "metropolitan district", "london borough")
PACK = "nps-2018"

# A council is its GSS code, also for its sessions published by a name linked to the code.
_LATEST = """
WITH latest AS (
  SELECT fingerprint, council_key, council_type FROM (
    SELECT s.fingerprint, coalesce(al.council_code, s.council_key) AS council_key, s.council_type,
           row_number() OVER (PARTITION BY coalesce(al.council_code, s.council_key)
                              ORDER BY s.held_on DESC, s.signed_on DESC, s.fingerprint DESC)
             AS rank
    FROM published_session AS s LEFT JOIN council_alias AS al ON al.name_key = s.council_key
    WHERE s.pack_id = {p}) AS ranked
  WHERE rank = 1)
"""
ALL_COUNCILS = (
    _LATEST
    + """
SELECT '*', NULL, count(*) FROM latest
UNION ALL
SELECT a.area_id, a.level, count(*)
FROM latest JOIN published_area AS a ON a.fingerprint = latest.fingerprint
GROUP BY a.area_id, a.level
"""
)
ONE_COUNCIL_BY_TYPE = (
    _LATEST
    + """
SELECT '*', NULL, count(*) FROM latest WHERE council_type = {p}
UNION ALL
SELECT a.area_id, a.level, count(*)
FROM latest JOIN published_area AS a ON a.fingerprint = latest.fingerprint
WHERE latest.council_type = {p}
GROUP BY a.area_id, a.level
UNION ALL
SELECT '=' || a.area_id, a.level, 1
FROM latest JOIN published_area AS a ON a.fingerprint = latest.fingerprint
WHERE latest.council_key = {p}
"""
)


def write_region(folder: Path) -> list[str]:
    """900 signed exports: 300 councils (GSS codes, five types) each assessed in three years."""
    from tests.region.documents import nps_pack, signed_document, write

    from npsworkshop.framework.levels import LEVELS

    loaded = nps_pack()
    areas = [area.id for area in loaded.pack.areas()]
    chance = random.Random(13)
    paths = []
    for number in range(COUNCILS):
        code = f"E{6000000 + number:08d}"
        level = [chance.randrange(0, 4) for _ in areas]
        for year in YEARS:
            # Most councils move up a level or stay between assessments; some slip back.
            level = [min(4, max(0, n + chance.choice((-1, 0, 0, 1, 1, 2)))) for n in level]
            levels = {area: LEVELS[n] for area, n in zip(areas, level, strict=True)}
            document = signed_document(
                f"Council {number:03d}",
                levels,  # type: ignore[arg-type]
                held_on=date(year, 1 + number % 12, 1 + number % 28),
                code=code,
                council_type=TYPES[number % len(TYPES)],
                statuses=("open", "in-progress", "done"),
                loaded=loaded,
            )
            paths.append(str(write(folder, document, f"{code}-{year}")))
    return paths


def floor_counts(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """What the floor's rows mean: the councils, per area the counts and median, own levels."""
    from npsworkshop.region.report import median_level

    councils, counts, own = 0, {}, {}
    for area, level, n in rows:
        if area == "*":
            councils = n
        elif area.startswith("="):
            own[area[1:]] = level
        else:
            counts.setdefault(area, {})[level] = n
    return {
        "councils": councils,
        "areas": {a: (c, median_level(c)) for a, c in counts.items()},
        "own": own,
    }


def measure_engine(
    label: str,
    db: str,
    paths: list[str],
    raw: Callable[[str, tuple[str, ...]], list[Any]],
    placeholder: str,
    settings: Settings,
) -> list[Check]:
    from npsworkshop.region.database import connect, create_store_engine, init_store, parse_address
    from npsworkshop.region.publishing import publish
    from npsworkshop.region.report import ReportRequest, build_report
    from npsworkshop.region.report_formats import report_json
    from npsworkshop.region.sources import read_publications
    from npsworkshop.workspace import Workspace

    address = parse_address(db)
    init_store(address)
    started = time.perf_counter()
    publications = read_publications(paths, Workspace(Path(tempfile.gettempdir())))
    with connect(address, check=True, write=True) as connection:
        published = publish(connection, publications)
    publish_seconds = time.perf_counter() - started
    assert len(published.new) == len(paths)
    order = [area.area_id for area in publications[0].areas]
    council = "E06000007"
    council_type = TYPES[7 % len(TYPES)]
    all_sql = ALL_COUNCILS.format(p=placeholder)
    one_sql = ONE_COUNCIL_BY_TYPE.format(p=placeholder)
    engine = create_store_engine(address)
    checks = []
    with engine.connect() as connection:
        everyone = ReportRequest()
        one = ReportRequest(council=council, council_type=council_type)
        subjects: dict[str, Callable[[], object]] = {
            "all": lambda: report_json(build_report(connection, everyone, order)),
            "all floor": lambda: floor_counts(raw(all_sql, (PACK,))),
            "one": lambda: report_json(build_report(connection, one, order)),
            "one floor": lambda: floor_counts(
                raw(one_sql, (PACK, council_type, council_type, council))
            ),
        }
        # The same numbers both ways, or the comparison means nothing.
        mine = build_report(connection, one, order)
        theirs = floor_counts(raw(one_sql, (PACK, council_type, council_type, council)))
        assert mine.councils == theirs["councils"]
        for area in mine.areas:
            assert area.council_level == theirs["own"].get(area.area_id)
            if area.levels is not None:
                levels, middle = theirs["areas"][area.area_id]
                assert {k: v for k, v in area.levels.items() if v} == levels
                assert area.median == middle
        timings = interleave(
            {name: (lambda f=f: _timed(f)) for name, f in subjects.items()},
            settings.scaled(60, 10),
            warm=3,
        )
    engine.dispose()
    for name, what in (("all", "all councils"), ("one", "one council by type")):
        check = ratio_check(
            NAME, f"{label}: report, {what}", timings[f"{name} floor"], timings[name], BUDGET
        )
        checks.append(check)
    checks.append(
        Check(
            NAME,
            f"{label}: publish {len(paths)} files",
            "",
            seconds(publish_seconds),
            f"{publish_seconds / len(paths) * 1000:.1f} ms/file",
            "reported",
            True,
            f"report all councils {seconds(median(timings['all']))}, one council "
            f"{seconds(median(timings['one']))}",
        )
    )
    return checks


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run(settings: Settings) -> list[Check]:
    import sqlite3

    import psycopg
    from tests.region.cluster import running_cluster

    folder = settings.work_dir / NAME
    paths = write_region(folder / "files")
    checks: list[Check] = []
    with running_cluster() as cluster:
        url = cluster.create_database()
        with psycopg.connect(url.replace("postgresql://", "postgresql://"), autocommit=True) as pg:

            def pg_rows(sql: str, params: tuple[str, ...]) -> list[Any]:
                return pg.execute(sql, params).fetchall()

            checks += measure_engine("PostgreSQL", url, paths, pg_rows, "%s", settings)
    db = folder / "region.db"
    lite = sqlite3.connect(db)

    def lite_rows(sql: str, params: tuple[str, ...]) -> list[Any]:
        return lite.execute(sql, params).fetchall()

    checks += measure_engine("SQLite", str(db), paths, lite_rows, "?", settings)
    lite.close()
    return checks


if __name__ == "__main__":
    from run import rows

    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as scratch:
        found = run(Settings(rounds=4 if quick else 10, work_dir=Path(scratch)))
    for row in rows(found):
        print("  ".join(row))
