"""The session snapshot: one read model of a session with every computed result.

Everything that shows or exports a session (the app's screens, JSON, CSV, the PDF, the sign-off
fingerprint) reads a snapshot, never the database. `build_snapshot` is pure: it takes the recorded
facts and the session's frozen pack and computes the rest.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from npsworkshop.assessment import rules
from npsworkshop.assessment.baseline import BaselineFact, StepFact
from npsworkshop.assessment.rules import ActionStatus, Missing
from npsworkshop.framework.levels import LevelId
from npsworkshop.framework.models import Area, Pack

AreaState = Literal["not-started", "rated", "complete", "moderated"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


# Recorded facts ------------------------------------------------------------------------------


class ParticipantFact(_Frozen):
    key: str
    name: str
    role: str = ""
    department: str = ""


class RatingFact(_Frozen):
    participant: str
    area: str
    dimension: str | None = None
    level: LevelId | None = None
    note: str | None = None


class AmbitionFact(_Frozen):
    level: LevelId
    by: date | None = None
    rationale: str | None = None
    interim: StepFact | None = None  # the improvement cycle's interim step (assessment.baseline)


class OutcomeFact(_Frozen):
    area: str
    justification: str | None = None
    agreed_level: LevelId | None = None
    moderation_reason: str | None = None
    ambition: AmbitionFact | None = None
    # Not a fact (never hashed): the level the justification was written or confirmed for.
    justified_for: LevelId | None = None


class ActionFact(_Frozen):
    id: int
    area: str
    title: str
    owner: str | None = None
    due: date | None = None
    status: ActionStatus = "open"
    carried_from: str | None = None  # the baseline's ref of an action a follow-up carried


class SignOffFact(_Frozen):
    name: str
    role: str
    signed_on: date
    fingerprint: str
    signed_at: datetime | None = None
    # An imported sign-off's file and import date: not facts, never hashed.
    imported_file: str | None = None
    imported_on: date | None = None


class FrameworkRef(_Frozen):
    id: str
    title: str
    version: str
    sha256: str


class RecordedSession(_Frozen):
    """What was recorded, exactly as stored."""

    id: str
    organisation_name: str
    organisation_type: str = ""
    organisation_code: str | None = None  # the council's GSS code (a fact only when present)
    title: str
    held_on: date
    facilitator: str = ""
    framework: FrameworkRef
    scope: tuple[str, ...]
    participants: tuple[ParticipantFact, ...] = ()
    ratings: tuple[RatingFact, ...] = ()
    outcomes: tuple[OutcomeFact, ...] = ()
    actions: tuple[ActionFact, ...] = ()
    sign_off: SignOffFact | None = None
    baseline: BaselineFact | None = None  # a follow-up's baseline (assessment.baseline)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_area: str | None = None


# Computed views ------------------------------------------------------------------------------


class ResultView(_Frozen):
    weakest_level: LevelId
    weakest_by: tuple[str, ...]
    weakest_dimensions: tuple[str | None, ...]
    rated: int
    abstained: int
    spread: dict[LevelId, int]


class AreaView(_Frozen):
    """One area in scope, with what was recorded and what the rules make of it."""

    id: str
    kind: Literal["key-area", "enabler"]
    theme: str | None
    title: str
    ratings: tuple[RatingFact, ...]
    result: ResultView | None
    justification: str | None
    agreed_level: LevelId | None
    moderation_reason: str | None
    current_level: LevelId | None
    ambition: AmbitionFact | None
    ambition_kind: rules.AmbitionKind | None
    gap: int | None
    actions: tuple[ActionFact, ...]
    missing: tuple[Missing, ...]
    # A warning, not a gap: the justification was written for an earlier result.
    justification_stale: bool = False

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def state(self) -> AreaState:
        if self.result is None and not self.ratings:
            return "not-started"
        if self.agreed_level is not None and self.complete:
            return "moderated"
        return "complete" if self.complete else "rated"


class ProgressView(_Frozen):
    """Actions done and outstanding for one theme (or the enablers, or the whole session)."""

    group: str
    title: str
    done: int
    outstanding: int
    dropped: int
    percent_done: int | None
    percent_outstanding: int | None

    @property
    def total(self) -> int:
        return self.done + self.outstanding + self.dropped


class SessionSnapshot(_Frozen):
    """A session as every front end and export sees it."""

    record: RecordedSession
    pack: Pack
    areas: tuple[AreaView, ...]
    progress: tuple[ProgressView, ...]
    overall: ProgressView

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def signed_off(self) -> bool:
        return self.record.sign_off is not None

    @property
    def status(self) -> Literal["draft", "signed-off"]:
        return "signed-off" if self.signed_off else "draft"

    @property
    def complete(self) -> bool:
        return all(area.complete for area in self.areas)

    @property
    def areas_complete(self) -> int:
        return sum(1 for area in self.areas if area.complete)

    def area(self, area_id: str) -> AreaView:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def participant(self, key: str) -> ParticipantFact:
        for person in self.record.participants:
            if person.key == key:
                return person
        raise KeyError(key)

    def level_title(self, level: str | None) -> str:
        """The session's pack's title for a level ("" for none): front ends show these, never
        titles of their own, so a council's pack that renames a level is shown as it says."""
        return "" if level is None else self.pack.level_title(level)

    def missing(self) -> list[tuple[str, Missing]]:
        """Every (area id, what it lacks) before sign-off, in assessment order."""
        return [(area.id, item) for area in self.areas for item in area.missing]


def build_snapshot(record: RecordedSession, pack: Pack) -> SessionSnapshot:
    """Compute results, completeness and progress for a recorded session."""
    outcomes = {o.area: o for o in record.outcomes}
    in_scope = set(record.scope)
    areas = tuple(
        _area_view(area, pack, record, outcomes.get(area.id))
        for area in pack.areas()
        if area.id in in_scope
    )
    groups: list[tuple[str, str, list[AreaView]]] = []
    for theme in pack.themes:
        members = [a for a in areas if a.theme == theme.id]
        if members:
            groups.append((theme.id, theme.title, members))
    enablers = [a for a in areas if a.kind == "enabler"]
    if enablers:
        groups.append(("enablers", "Enablers", enablers))
    progress = tuple(_progress(group, title, members) for group, title, members in groups)
    return SessionSnapshot(
        record=record,
        pack=pack,
        areas=areas,
        progress=progress,
        overall=_progress("all", "All areas", list(areas)),
    )


def _area_view(
    area: Area, pack: Pack, record: RecordedSession, outcome: OutcomeFact | None
) -> AreaView:
    ratings = tuple(r for r in record.ratings if r.area == area.id)
    result = rules.weakest_level(
        rules.Rating(participant=r.participant, level=r.level, dimension=r.dimension)
        for r in ratings
    )
    outcome = outcome or OutcomeFact(area=area.id)
    current = rules.current_level(result, outcome.agreed_level)
    ambition = outcome.ambition
    gap = rules.gap(current, ambition.level if ambition else None)
    kind: rules.AmbitionKind | None = None
    # A negative gap (the result rose past the ambition) has no kind: `missing` says so.
    if gap is not None and gap >= 0:
        kind = "maintain" if gap == 0 else "raise"
    theme = pack.theme_of(area.id)
    return AreaView(
        id=area.id,
        kind=pack.kind_of(area.id),
        theme=theme.id if theme else None,
        title=area.title,
        ratings=ratings,
        result=None
        if result is None
        else ResultView(
            weakest_level=result.weakest_level,
            weakest_by=result.weakest_by,
            weakest_dimensions=result.weakest_dimensions,
            rated=result.rated,
            abstained=result.abstained,
            spread=result.spread,
        ),
        justification=outcome.justification,
        agreed_level=outcome.agreed_level,
        moderation_reason=outcome.moderation_reason,
        current_level=current,
        ambition=ambition,
        ambition_kind=kind,
        gap=gap,
        actions=tuple(a for a in record.actions if a.area == area.id),
        missing=rules.missing_for_completeness(
            result.weakest_level if result else None,
            outcome.justification,
            ambition.level if ambition else None,
            outcome.agreed_level,
            interim=ambition.interim.step() if ambition and ambition.interim else None,
            ambition_by=ambition.by if ambition else None,
            held_on=record.held_on,
        ),
        justification_stale=rules.justification_is_stale(
            outcome.justification, outcome.justified_for, current
        ),
    )


def _progress(group: str, title: str, areas: list[AreaView]) -> ProgressView:
    p = rules.progress([action.status for area in areas for action in area.actions])
    return ProgressView(
        group=group,
        title=title,
        done=p.done,
        outstanding=p.outstanding,
        dropped=p.dropped,
        percent_done=p.percent_done,
        percent_outstanding=p.percent_outstanding,
    )
