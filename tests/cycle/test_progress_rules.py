"""Progress arithmetic exactly as CONTRACT §9 says: rounding, zero actions, dropped, overdue."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from npsworkshop.assessment.progress import (
    PlanAction,
    ProgressEntry,
    action_as_of,
    action_refs,
    chain_head,
    completed_pct,
    count,
    entry_hash,
    first_broken,
    progress_report,
)
from npsworkshop.assessment.rules import ACTION_STATUSES, ActionStatus
from npsworkshop.framework.loader import find_pack

NPS = find_pack("nps-2018").pack
D = date(2026, 6, 30)


def _action(
    ref: str,
    area: str = "obtaining-social-value",
    status: ActionStatus = "open",
    due: date | None = None,
    entries: tuple[ProgressEntry, ...] = (),
) -> PlanAction:
    return PlanAction(ref, area, f"Action {ref}", "Head of Procurement", due, status, entries)


def _entry(
    on: date, status: ActionStatus, old: ActionStatus = "open", **kw: object
) -> ProgressEntry:
    return ProgressEntry("A1", on, status, old, "Ann Officer", **kw)  # type: ignore[arg-type]


def test_percentages_round_half_up_not_to_even() -> None:
    assert completed_pct(1, 8) == 13  # 12.5 -> 13 (round() would give 12)
    assert completed_pct(5, 8) == 63  # 62.5 -> 63
    assert completed_pct(1, 200) == 1  # 0.5 -> 1
    assert completed_pct(30, 56) == 54  # the London borough's committee paper
    assert completed_pct(0, 3) == 0
    assert completed_pct(3, 3) == 100


def test_zero_actions_have_no_percentages() -> None:
    counts = count([])
    assert (counts.actions, counts.completed_pct, counts.outstanding_pct) == (0, None, None)


def test_all_dropped_counts_in_no_percentage() -> None:
    states = [action_as_of(_action(f"A{n}", status="dropped"), D) for n in range(3)]
    counts = count(states)
    assert counts.dropped == 3
    assert counts.actions == 0
    assert counts.completed_pct is None and counts.outstanding_pct is None


def test_the_committee_example() -> None:
    actions = [_action(f"A{n}", status="done") for n in range(30)]
    actions += [_action(f"A{n}", status="in-progress") for n in range(30, 40)]
    actions += [_action(f"A{n}", status="open") for n in range(40, 56)]
    actions += [_action("A99", status="dropped")]
    counts = count(action_as_of(a, D) for a in actions)
    assert (counts.actions, counts.completed, counts.completed_pct) == (56, 30, 54)
    assert (counts.outstanding, counts.outstanding_pct, counts.dropped) == (26, 46, 1)


def test_status_as_of_a_date_uses_the_latest_entry_on_or_before_it() -> None:
    entries = (
        _entry(date(2026, 3, 1), "in-progress"),
        _entry(date(2026, 9, 1), "done", "in-progress"),
    )
    action = _action("A1", entries=entries)
    assert action_as_of(action, date(2026, 2, 28)).status == "open"  # the signed status
    assert action_as_of(action, date(2026, 3, 1)).status == "in-progress"
    assert action_as_of(action, D).status == "in-progress"
    assert action_as_of(action, date(2026, 9, 1)).status == "done"


def test_ties_on_a_date_go_to_the_later_entry() -> None:
    entries = (
        _entry(date(2026, 3, 1), "done"),
        _entry(date(2026, 3, 1), "in-progress", "done", note="ticked by mistake"),
    )
    assert action_as_of(_action("A1", entries=entries), D).status == "in-progress"


def test_a_back_dated_entry_made_later_still_sorts_by_its_date() -> None:
    entries = (
        _entry(date(2026, 5, 1), "done", "in-progress"),
        _entry(date(2026, 4, 1), "in-progress"),
    )
    assert action_as_of(_action("A1", entries=entries), D).status == "done"


def test_overdue_is_outstanding_past_due_as_of_the_date() -> None:
    due = date(2026, 6, 1)
    assert action_as_of(_action("A1", due=due), due).overdue is False  # due today: not yet
    assert action_as_of(_action("A1", due=due), due + timedelta(days=1)).overdue is True
    assert action_as_of(_action("A1", due=None), date(2099, 1, 1)).overdue is False
    assert action_as_of(_action("A1", due=due, status="done"), D).overdue is False
    assert action_as_of(_action("A1", due=due, status="dropped"), D).overdue is False


def test_a_revised_due_date_applies_from_its_entry() -> None:
    entries = (_entry(date(2026, 5, 1), "in-progress", due=date(2026, 12, 31)),)
    action = _action("A1", due=date(2026, 3, 31), entries=entries)
    assert action_as_of(action, date(2026, 4, 15)).overdue is True
    assert action_as_of(action, D).overdue is False
    assert action_as_of(action, D).due == date(2026, 12, 31)


def test_groups_are_every_theme_then_enablers_when_they_have_actions_then_total() -> None:
    scope = list(NPS.area_ids())
    report = progress_report("s", NPS, scope, [_action("A1")], D)
    assert [g for g, _ in report.groups] == [t.id for t in NPS.themes] + ["total"]
    with_enabler = [_action("A1"), _action("A2", area="developing-talent", status="dropped")]
    report = progress_report("s", NPS, scope, with_enabler, D)
    assert [g for g, _ in report.groups] == [t.id for t in NPS.themes] + ["enablers", "total"]
    assert dict(report.groups)["enablers"].dropped == 1
    assert [a for a, _ in report.areas] == scope


def test_areas_are_those_in_scope_in_pack_order() -> None:
    scope = ["developing-talent", "obtaining-social-value"]
    report = progress_report("s", NPS, scope, [_action("A1")], D)
    assert [a for a, _ in report.areas] == ["obtaining-social-value", "developing-talent"]
    assert dict(report.areas)["obtaining-social-value"].actions == 1


def test_action_refs_follow_area_order_then_position() -> None:
    refs = action_refs(["b", "a"], [(10, "a", 1), (11, "b", 3), (12, "b", 2), (13, "a", 0)])
    assert refs == {12: "A1", 11: "A2", 13: "A3", 10: "A4"}


statuses = st.sampled_from(ACTION_STATUSES)
dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@st.composite
def plan_actions(draw: st.DrawFn) -> PlanAction:
    entries = tuple(
        ProgressEntry("A1", draw(dates), draw(statuses), "open", "x")
        for _ in range(draw(st.integers(0, 4)))
    )
    return _action("A1", status=draw(statuses), due=draw(st.none() | dates), entries=entries)


@given(st.lists(plan_actions(), max_size=30), dates)
def test_counts_add_up_and_percentages_are_exact(actions: list[PlanAction], as_of: date) -> None:
    counts = count(action_as_of(a, as_of) for a in actions)
    assert counts.actions == counts.completed + counts.outstanding
    assert counts.actions + counts.dropped == len(actions)
    assert counts.overdue <= counts.outstanding
    if counts.actions == 0:
        assert counts.completed_pct is None and counts.outstanding_pct is None
    else:
        assert counts.completed_pct is not None and counts.outstanding_pct is not None
        assert counts.completed_pct + counts.outstanding_pct == 100
        exact = Fraction(100 * counts.completed, counts.actions)
        assert abs(counts.completed_pct - exact) <= Fraction(1, 2)
        if exact - int(exact) == Fraction(1, 2):
            assert counts.completed_pct == int(exact) + 1


@given(st.lists(plan_actions(), max_size=20), dates)
def test_groups_partition_the_total(actions: list[PlanAction], as_of: date) -> None:
    themed = [
        PlanAction(a.ref, area, a.title, a.owner, a.due, a.status, a.entries)
        for a, area in zip(actions, [*NPS.area_ids()] * 3, strict=False)
    ]
    report = progress_report("s", NPS, list(NPS.area_ids()), themed, as_of)
    groups = dict(report.groups)
    parts = [c for g, c in report.groups if g != "total"]
    for field in ("completed", "outstanding", "dropped", "overdue"):
        assert sum(getattr(c, field) for c in parts) == getattr(groups["total"], field)


@given(plan_actions(), dates)
def test_no_entry_on_or_before_the_date_means_the_signed_status(
    action: PlanAction, d: date
) -> None:
    if all(e.on > d for e in action.entries):
        assert action_as_of(action, d).status == action.status


def test_the_chain_hashes_each_entry_with_the_one_before_and_the_fingerprint() -> None:
    fp = "f" * 64
    a = _entry(date(2026, 3, 1), "in-progress")
    b = _entry(date(2026, 4, 1), "done", "in-progress", note="Policy adopted")
    head = chain_head(fp, [a, b])
    assert head == entry_hash(entry_hash(None, fp, a), fp, b)
    assert chain_head("e" * 64, [a, b]) != head  # tied to the signed record
    assert chain_head(fp, [b, a]) != head  # and to the order
    rewritten = _entry(date(2026, 4, 1), "done", "in-progress", note="Policy adopted!")
    assert chain_head(fp, [a, rewritten]) != head
    assert chain_head(fp, []) is None


def test_first_broken_points_at_the_rewritten_entry() -> None:
    fp = "f" * 64
    a = _entry(date(2026, 3, 1), "in-progress")
    b = _entry(date(2026, 4, 1), "done", "in-progress")
    ha = entry_hash(None, fp, a)
    hb = entry_hash(ha, fp, b)
    assert first_broken(fp, [(a, None, ha), (b, ha, hb)]) is None
    forged = _entry(date(2026, 4, 1), "dropped", "in-progress")
    assert first_broken(fp, [(a, None, ha), (forged, ha, hb)]) == 1
    assert first_broken(fp, [(b, ha, hb)]) == 0  # the first entry removed
