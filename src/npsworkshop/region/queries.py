"""The report's SQL, in portable SQLAlchemy Core: each council's latest session and the counts.

A council's latest session on a pack is the one held last (on or before a cut-off date), ties
broken by the later sign-off date, then the greater fingerprint (CONTRACT §9). The counts are
made in the database, so a region of thousands of sessions returns a few dozen rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    CTE,
    Connection,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from npsworkshop.framework.levels import LEVELS
from npsworkshop.region.tables import published_area, published_session

TOTAL = "*councils*"  # the row of the union that carries the group's number of councils


@dataclass(frozen=True)
class Group:
    """Which councils a report compares: one pack, optionally one type, as of a date."""

    pack_id: str
    council_type: str | None = None
    as_of: date | None = None


def latest_sessions(pack_id: str, as_of: date | None, name: str = "latest") -> CTE:
    """Each council's latest session on `pack_id` held on or before `as_of` (any date: None)."""
    s = published_session
    rank = (
        func.row_number()
        .over(
            partition_by=s.c.council_key,
            order_by=(s.c.held_on.desc(), s.c.signed_on.desc(), s.c.fingerprint.desc()),
        )
        .label("rank")
    )
    ranked = select(s.c.fingerprint, s.c.council_key, s.c.council_type, rank).where(
        s.c.pack_id == pack_id
    )
    if as_of is not None:
        ranked = ranked.where(s.c.held_on <= as_of)
    inner = ranked.subquery(f"{name}_ranked")
    return (
        select(inner.c.fingerprint, inner.c.council_key, inner.c.council_type)
        .where(inner.c.rank == 1)
        .cte(name)
    )


def distribution(connection: Connection, group: Group) -> tuple[int, dict[str, dict[str, int]]]:
    """(councils in the group, {area id: {level id: councils}}) in one round trip."""
    latest = latest_sessions(group.pack_id, group.as_of)
    a = published_area
    typed = [latest.c.council_type == group.council_type] if group.council_type else []
    total = (
        select(literal(TOTAL).label("area_id"), null().label("level"), func.count().label("n"))
        .select_from(latest)
        .where(*typed)
    )
    counts = (
        select(a.c.area_id, a.c.level, func.count().label("n"))
        .select_from(latest.join(a, a.c.fingerprint == latest.c.fingerprint))
        .where(*typed)
        .group_by(a.c.area_id, a.c.level)
    )
    councils = 0
    areas: dict[str, dict[str, int]] = {}
    for area_id, level, n in connection.execute(union_all(total, counts)):
        if area_id == TOTAL and level is None:
            councils = int(n)
        else:
            areas.setdefault(str(area_id), {})[str(level)] = int(n)
    return councils, areas


def council_levels(connection: Connection, group: Group, council_key: str) -> dict[str, str]:
    """{area id: level} of one council's latest session (whatever its type)."""
    latest = latest_sessions(group.pack_id, group.as_of)
    a = published_area
    query = (
        select(a.c.area_id, a.c.level)
        .select_from(latest.join(a, a.c.fingerprint == latest.c.fingerprint))
        .where(latest.c.council_key == council_key)
    )
    return {str(area): str(level) for area, level in connection.execute(query)}


def _ordinal(column: object) -> object:
    return case({level: index for index, level in enumerate(LEVELS, start=1)}, value=column)


def movement(connection: Connection, group: Group, since: date) -> dict[str, dict[str, int]]:
    """{area id: {"up", "same", "down": councils}} between the latest as of `since` and now."""
    now = latest_sessions(group.pack_id, group.as_of, "now_latest")
    then = latest_sessions(group.pack_id, since, "then_latest")
    a_now, a_then = published_area.alias("area_now"), published_area.alias("area_then")
    change = case(
        (_ordinal(a_now.c.level) > _ordinal(a_then.c.level), "up"),  # type: ignore[operator]
        (_ordinal(a_now.c.level) < _ordinal(a_then.c.level), "down"),  # type: ignore[operator]
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
    if group.council_type is not None:
        query = query.where(now.c.council_type == group.council_type)
    query = query.group_by(a_now.c.area_id, change)
    found: dict[str, dict[str, int]] = {}
    for area_id, moved, n in connection.execute(query):
        found.setdefault(str(area_id), {"up": 0, "same": 0, "down": 0})[str(moved)] = int(n)
    return found


def find_councils(connection: Connection, pack_id: str, code_or_name: str) -> list[tuple[str, str]]:
    """(council key, latest name) of the councils on `pack_id` that `code_or_name` names."""
    from npsworkshop.region.councils import GSS_CODE, name_key

    s = published_session
    wanted = code_or_name.strip()
    if GSS_CODE.match(wanted.upper()):
        condition = s.c.council_key == wanted.upper()
    else:
        condition = or_(
            s.c.council_key == name_key(wanted),
            func.lower(s.c.council_name) == wanted.lower(),
        )
    query = (
        select(s.c.council_key, s.c.council_name, s.c.held_on)
        .where(s.c.pack_id == pack_id, condition)
        .order_by(s.c.council_key, s.c.held_on.desc())
    )
    councils: dict[str, str] = {}
    for key, name, _held in connection.execute(query):
        councils.setdefault(str(key), str(name))
    return list(councils.items())
