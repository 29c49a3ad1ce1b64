"""The report's SQL, in portable SQLAlchemy Core: each council's latest session and the counts.

A council's latest session on a pack is the one held last (on or before a cut-off date), ties
broken by the later sign-off date, then the greater fingerprint (CONTRACT §9). The counts are
made in the database, so a region of thousands of sessions returns a few dozen rows.

Each statement is built once with named parameters and compiled once per database dialect; a
report then runs the compiled text. Building and compiling a statement of this size on every
call cost more than the query itself (bench/region_report.py holds the report within 2x of raw SQL).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    CTE,
    Connection,
    bindparam,
    case,
    func,
    literal,
    null,
    select,
    union_all,
)

from npsworkshop.framework.levels import LEVELS
from npsworkshop.region.tables import council_alias, published_area, published_session

# Rows of the report's union that are not counts per area: the group's number of councils, and
# the council's own levels (area ids are lower-case words, so neither can be taken for one).
TOTAL = "*councils*"
OWN = "*own*:"
NAME = "*name*"
ANY_DATE = date(9999, 12, 31)


@dataclass(frozen=True)
class Group:
    """Which councils a report compares: one pack, optionally one type, as of a date."""

    pack_id: str
    council_type: str | None = None
    as_of: date | None = None


def council_of() -> Any:
    """A session's council, over `with_alias()`: the GSS code its name is linked to, else the
    key it was filed under."""
    return func.coalesce(council_alias.c.council_code, published_session.c.council_key)


def with_alias() -> Any:
    """published_session with the GSS code its name is linked to, if any."""
    s, alias = published_session, council_alias
    return s.outerjoin(alias, alias.c.name_key == s.c.council_key)


def latest_sessions(name: str = "latest") -> CTE:
    """Each council's latest session on :pack_id held on or before :`name`_as_of; one council
    whether its sessions carry its GSS code or were published by its name."""
    s = published_session
    council = council_of()
    rank = (
        func.row_number()
        .over(
            partition_by=council,
            order_by=(s.c.held_on.desc(), s.c.signed_on.desc(), s.c.fingerprint.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(
            s.c.fingerprint, council.label("council_key"), s.c.council_name, s.c.council_type, rank
        )
        .select_from(with_alias())
        .where(
            s.c.pack_id == bindparam("pack_id"),
            s.c.held_on <= bindparam(f"{name}_as_of", type_=s.c.held_on.type),
        )
    )
    inner = ranked.subquery(f"{name}_ranked")
    return (
        select(inner.c.fingerprint, inner.c.council_key, inner.c.council_name, inner.c.council_type)
        .where(inner.c.rank == 1)
        .cte(name)
    )


@dataclass(frozen=True)
class _Compiled:
    sql: str
    order: tuple[str, ...] | None  # parameter names in order, for a positional driver
    fixed: dict[str, Any]  # values the statement carries itself (e.g. rank = 1)


_compiled: dict[tuple[str, str], _Compiled] = {}


def _run(
    connection: Connection, shape: str, build: Callable[[], Any], params: Mapping[str, Any]
) -> Any:
    """Execute the statement `build` makes, compiled once per dialect and `shape`."""
    dialect = connection.dialect
    found = _compiled.get((dialect.name, shape))
    if found is None:
        compiled = build().compile(dialect=dialect)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        fixed = {k: v for k, v in compiled.params.items() if v is not None}
        found = _compiled[(dialect.name, shape)] = _Compiled(str(compiled), order, fixed)
    given = {**found.fixed, **params}
    if dialect.name == "sqlite":  # the driver's own date adapter is deprecated: ISO text
        given = {k: v.isoformat() if isinstance(v, date) else v for k, v in given.items()}
    values = tuple(given[name] for name in found.order) if found.order is not None else given
    return connection.exec_driver_sql(found.sql, values)


@dataclass(frozen=True)
class Counted:
    """The counts of one report: councils in the group, per area per level, a council's levels."""

    councils: int
    levels: dict[str, dict[str, int]]
    own: dict[str, str]
    council_name: str | None = None  # the council's name in its latest session, if it has one


def _distribution_statement(typed: bool, with_council: bool) -> Any:
    latest = latest_sessions()
    a = published_area
    joined = latest.join(a, a.c.fingerprint == latest.c.fingerprint)
    group = [latest.c.council_type == bindparam("council_type")] if typed else []
    parts = [
        select(
            bindparam("total_row", TOTAL).label("area_id"),
            null().label("level"),
            func.count().label("n"),
        )
        .select_from(latest)
        .where(*group),
        select(a.c.area_id, a.c.level, func.count().label("n"))
        .select_from(joined)
        .where(*group)
        .group_by(a.c.area_id, a.c.level),
    ]
    if with_council:
        own = latest.c.council_key == bindparam("council_key")
        parts += [
            select(bindparam("own_row", OWN).concat(a.c.area_id), a.c.level, literal(1))
            .select_from(joined)
            .where(own),
            select(bindparam("name_row", NAME), latest.c.council_name, literal(1))
            .select_from(latest)
            .where(own),
        ]
    return union_all(*parts)


def distribution(connection: Connection, group: Group, council_key: str | None = None) -> Counted:
    """The group's counts and (with `council_key`) that council's latest levels, whatever its
    type, in one round trip."""
    typed, with_council = group.council_type is not None, council_key is not None
    params: dict[str, Any] = {
        "pack_id": group.pack_id,
        "latest_as_of": group.as_of or ANY_DATE,
        "total_row": TOTAL,
    }
    if typed:
        params["council_type"] = group.council_type
    if with_council:
        params |= {"own_row": OWN, "name_row": NAME, "council_key": council_key}
    rows = _run(
        connection,
        f"distribution typed={typed} council={with_council}",
        lambda: _distribution_statement(typed, with_council),
        params,
    )
    councils = 0
    levels: dict[str, dict[str, int]] = {}
    own: dict[str, str] = {}
    name: str | None = None
    for area_id, level, n in rows:
        if area_id == TOTAL and level is None:
            councils = int(n)
        elif area_id == NAME:
            name = str(level)
        elif str(area_id).startswith(OWN):
            own[str(area_id)[len(OWN) :]] = str(level)
        else:
            levels.setdefault(str(area_id), {})[str(level)] = int(n)
    return Counted(councils, levels, own, name)


def _ordinal(column: Any) -> Any:
    return case({level: index for index, level in enumerate(LEVELS, start=1)}, value=column)


def _movement_statement(typed: bool) -> Any:
    now, then = latest_sessions("now"), latest_sessions("then")
    a_now, a_then = published_area.alias("area_now"), published_area.alias("area_then")
    change = case(
        (_ordinal(a_now.c.level) > _ordinal(a_then.c.level), "up"),
        (_ordinal(a_now.c.level) < _ordinal(a_then.c.level), "down"),
        else_="same",
    ).label("change")
    joined = (
        now.join(then, then.c.council_key == now.c.council_key)
        .join(a_now, a_now.c.fingerprint == now.c.fingerprint)
        .join(
            a_then,
            (a_then.c.fingerprint == then.c.fingerprint) & (a_then.c.area_id == a_now.c.area_id),
        )
    )
    query = select(a_now.c.area_id, change, func.count().label("n")).select_from(joined)
    if typed:
        query = query.where(now.c.council_type == bindparam("council_type"))
    return query.group_by(a_now.c.area_id, change)


def movement(connection: Connection, group: Group, since: date) -> dict[str, dict[str, int]]:
    """{area id: {"up", "same", "down": councils}} between the latest as of `since` and now."""
    typed = group.council_type is not None
    params: dict[str, Any] = {
        "pack_id": group.pack_id,
        "now_as_of": group.as_of or ANY_DATE,
        "then_as_of": since,
    }
    if typed:
        params["council_type"] = group.council_type
    rows = _run(connection, f"movement typed={typed}", lambda: _movement_statement(typed), params)
    found: dict[str, dict[str, int]] = {}
    for area_id, moved, n in rows:
        found.setdefault(str(area_id), {"up": 0, "same": 0, "down": 0})[str(moved)] = int(n)
    return found


def _councils_statement(by_code: bool) -> Any:
    s, council = published_session, council_of()
    query = (
        select(council.label("council_key"), s.c.council_name, s.c.held_on)
        .select_from(with_alias())
        .where(s.c.pack_id == bindparam("pack_id"))
    )
    if by_code:
        query = query.where(council == bindparam("key"))
    return query.order_by(council, s.c.held_on.desc())


def find_councils(connection: Connection, pack_id: str, code_or_name: str) -> list[tuple[str, str]]:
    """(council key, latest name) of the councils on `pack_id` that `code_or_name` names.

    A name is compared in Python, by its words with case folded (SQLite's lower() folds ASCII
    only, PostgreSQL's follows the locale): the same answer on both engines, for "Ynys Môn" too.
    """
    from npsworkshop.region.councils import GSS_CODE, name_key

    wanted = code_or_name.strip()
    by_code = bool(GSS_CODE.match(wanted.upper()))
    params = {"pack_id": pack_id, **({"key": wanted.upper()} if by_code else {})}
    rows = _run(
        connection, f"councils code={by_code}", lambda: _councils_statement(by_code), params
    )
    councils: dict[str, str] = {}
    for key, name, _held in rows:
        if by_code or name_key(str(name)) == name_key(wanted):
            councils.setdefault(str(key), str(name))
    return list(councils.items())
