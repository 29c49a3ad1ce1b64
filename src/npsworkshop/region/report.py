"""The regional report (CONTRACT §6, §9): per area the spread of councils' latest levels.

Pure arithmetic over the counts `queries` returns: the median (the lower middle level for an even
count), a council's position, the change since a year, and suppression. An area with fewer than
five councils shows no breakdown, so that no council can be singled out from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from npsworkshop.errors import NotFound, UserError
from npsworkshop.framework.levels import LEVELS, ordinal
from npsworkshop.region import queries
from npsworkshop.region.councils import GSS_CODE, council_type

TYPE_MAX = 200  # as the organisation type a session may carry
MIN_COUNCILS = 5  # an area compared across fewer councils than this is suppressed
DEFAULT_PACK = "nps-2018"


@dataclass(frozen=True)
class ReportRequest:
    """What `region report` was asked for."""

    pack_id: str = DEFAULT_PACK
    council: str | None = None
    council_type: str | None = None
    year: int | None = None
    since: int | None = None


@dataclass(frozen=True)
class Movement:
    year: int
    up: int | None
    same: int | None
    down: int | None
    suppressed: bool


@dataclass(frozen=True)
class AreaReport:
    area_id: str
    councils: int
    levels: dict[str, int] | None
    median: str | None
    suppressed: bool
    council_level: str | None = None
    at_or_above: int | None = None
    since: Movement | None = None


@dataclass(frozen=True)
class CouncilRef:
    key: str
    name: str

    @property
    def code(self) -> str | None:
        """The GSS code, when the council is filed under one."""
        return None if self.key.startswith("name:") else self.key


@dataclass(frozen=True)
class RegionalReport:
    request: ReportRequest
    council_type: str | None  # the type id compared, after synonyms are mapped
    councils: int
    council: CouncilRef | None
    areas: tuple[AreaReport, ...]


def median_level(levels: dict[str, int]) -> str | None:
    """The middle level of the councils counted; the lower of the two middles for an even count."""
    total = sum(levels.values())
    if total == 0:
        return None
    position = (total - 1) // 2
    for level in LEVELS:
        position -= levels.get(level, 0)
        if position < 0:
            return level
    raise AssertionError("unreachable: the counts add up to total")


def _year_end(year: int | None) -> date | None:
    return None if year is None else date(year, 12, 31)


def build_report(
    connection: Connection, request: ReportRequest, area_order: Sequence[str] = ()
) -> RegionalReport:
    """The report for `request`; `area_order` (the pack's areas, if known) orders and completes
    the areas listed."""
    _check_words(request)
    for field, year in (("--year", request.year), ("--since", request.since)):
        if year is not None and not 1900 <= year <= 9999:
            raise UserError(f"{field} {year}: give a year as YYYY")
    if request.since is not None and request.year is not None and request.since >= request.year:
        raise UserError(
            f"--since {request.since}: must be before --year {request.year} to show a change"
        )
    group = queries.Group(
        pack_id=request.pack_id,
        council_type=council_type(request.council_type) if request.council_type else None,
        as_of=_year_end(request.year),
    )
    council, counted = _counted(connection, request, group)
    moved = (
        queries.movement(connection, group, date(request.since, 12, 31))
        if request.since is not None
        else {}
    )
    ids = list(area_order) + sorted((set(counted.levels) | set(counted.own)) - set(area_order))
    areas = tuple(
        _area(
            area_id,
            counted.levels.get(area_id, {}),
            council,
            counted.own.get(area_id),
            request,
            moved,
        )
        for area_id in ids
    )
    return RegionalReport(
        request=request,
        council_type=group.council_type,
        councils=counted.councils,
        council=council,
        areas=areas,
    )


def _check_words(request: ReportRequest) -> None:
    """--pack and --type go into the report as given: a pack id, and a line of plain text."""
    from npsworkshop.region.publication import SLUG_MAX, is_pack_id

    if not is_pack_id(request.pack_id):
        raise UserError(
            f"--pack {request.pack_id!r}: not a pack id (lower-case words joined by hyphens, at "
            f"most {SLUG_MAX} characters, such as nps-2018)"
        )
    text = request.council_type
    if text is not None and (len(text) > TYPE_MAX or not text.isprintable()):
        raise UserError(
            f"--type {text!r}: must be one line of at most {TYPE_MAX} characters without "
            "control characters (county, district, unitary, metropolitan district, london "
            "borough, or the type as councils wrote it)"
        )


def _counted(
    connection: Connection, request: ReportRequest, group: queries.Group
) -> tuple[CouncilRef | None, queries.Counted]:
    """The group's counts with the council's levels; a GSS code is looked up in the same round
    trip, a name (which may match several councils) first on its own."""
    wanted = (request.council or "").strip()
    if not wanted:
        return None, queries.distribution(connection, group)
    if GSS_CODE.match(wanted.upper()):
        counted = queries.distribution(connection, group, wanted.upper())
        if counted.council_name is not None:
            return CouncilRef(key=wanted.upper(), name=counted.council_name), counted
    council = _council(connection, request)  # unknown, ambiguous, or nothing by --year
    return council, queries.distribution(connection, group, council.key)


def _council(connection: Connection, request: ReportRequest) -> CouncilRef:
    assert request.council is not None
    found = queries.find_councils(connection, request.pack_id, request.council)
    if not found:
        raise NotFound(
            f"--council {request.council!r}: no council of that code or name has published a "
            f"session on {request.pack_id} (see `npsworkshop region list`)"
        )
    if len(found) > 1:
        raise NotFound(
            f"--council {request.council!r}: names {len(found)} councils "
            f"({', '.join(key for key, _ in found)}); give the GSS code"
        )
    key, name = found[0]
    return CouncilRef(key=key, name=name)


def _area(
    area_id: str,
    levels: dict[str, int],
    council: CouncilRef | None,
    council_level: str | None,
    request: ReportRequest,
    moved: dict[str, dict[str, int]],
) -> AreaReport:
    councils = sum(levels.values())
    suppressed = councils < MIN_COUNCILS
    at_or_above = None
    if council is not None and council_level is not None and not suppressed:
        floor = ordinal(council_level)
        at_or_above = sum(n for level, n in levels.items() if ordinal(level) >= floor)
    since = None
    if request.since is not None:
        change = moved.get(area_id, {"up": 0, "same": 0, "down": 0})
        hidden = suppressed or sum(change.values()) < MIN_COUNCILS
        since = Movement(
            year=request.since,
            up=None if hidden else change["up"],
            same=None if hidden else change["same"],
            down=None if hidden else change["down"],
            suppressed=hidden,
        )
    return AreaReport(
        area_id=area_id,
        councils=councils,
        levels=None if suppressed else {level: levels.get(level, 0) for level in LEVELS},
        median=None if suppressed else median_level(levels),
        suppressed=suppressed,
        council_level=council_level if council is not None else None,
        at_or_above=at_or_above,
        since=since,
    )
