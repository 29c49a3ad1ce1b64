"""Progress on an action plan (CONTRACT §5, §9 "Actions and progress"): pure rules, no I/O.

A signed plan never changes; progress is an append-only log of entries per action. The status of
an action as of a date D is its latest entry dated on or before D (ties: the entry made later),
else the status it was signed with. Committee papers count, per theme, the actions completed and
outstanding; dropped actions are shown apart and count in no percentage.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from npsworkshop.assessment.rules import ActionStatus, completed_pct
from npsworkshop.framework.models import Pack

OUTSTANDING: frozenset[ActionStatus] = frozenset({"open", "in-progress"})
ENABLERS = "enablers"
# Made once: json.dumps builds a new encoder on every call given options (2,000 entries a read).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
TOTAL = "total"


class ProgressEntry(NamedTuple):
    """One line of an action's progress log: on `on`, `by` set the status (and perhaps a new
    due date); `carried_to` names the follow-up session an outstanding action moved to. A named
    tuple: a plan's log is read whole, thousands of entries, on every report."""

    ref: str
    on: date
    status: ActionStatus
    old_status: ActionStatus
    by: str
    note: str | None = None
    due: date | None = None
    carried_to: str | None = None


@dataclass(frozen=True)
class PlanAction:
    """An action as planned (signed, or as the draft has it now) with its progress log, oldest
    entry first (the order entries were made)."""

    ref: str
    area: str
    title: str
    owner: str | None
    due: date | None
    status: ActionStatus
    entries: tuple[ProgressEntry, ...] = ()
    carried_from: str | None = None


@dataclass(frozen=True)
class ActionAsOf:
    """An action's state on a date: the latest status, due date and update up to that date."""

    action: PlanAction
    status: ActionStatus
    due: date | None
    overdue: bool
    last_update: ProgressEntry | None

    @property
    def area(self) -> str:
        return self.action.area


@dataclass(frozen=True)
class Counts:
    """One row of the committee table (the CSV columns after `group`)."""

    actions: int
    completed: int
    completed_pct: int | None
    outstanding: int
    outstanding_pct: int | None
    dropped: int
    overdue: int


@dataclass(frozen=True)
class ProgressReport:
    """The progress of a session's plan as of a date, per group and per area."""

    session: str
    as_of: date
    groups: tuple[tuple[str, Counts], ...]
    areas: tuple[tuple[str, Counts], ...]
    actions: tuple[ActionAsOf, ...]
    chain_head: str | None = None
    fingerprint: str | None = None


def entries_up_to(entries: Iterable[ProgressEntry], as_of: date) -> list[ProgressEntry]:
    """Entries dated on or before `as_of`, in the order that decides (date, then order made)."""
    dated = [(entry.on, index, entry) for index, entry in enumerate(entries) if entry.on <= as_of]
    return [entry for _, _, entry in sorted(dated, key=lambda item: (item[0], item[1]))]


def action_as_of(action: PlanAction, as_of: date) -> ActionAsOf:
    """The action's status, due date and last update on `as_of`; overdue = outstanding with a due
    date before `as_of` (no due date is never overdue)."""
    seen = entries_up_to(action.entries, as_of)
    status = seen[-1].status if seen else action.status
    due = action.due
    for entry in seen:
        if entry.due is not None:
            due = entry.due
    return ActionAsOf(
        action=action,
        status=status,
        due=due,
        overdue=status in OUTSTANDING and due is not None and due < as_of,
        last_update=seen[-1] if seen else None,
    )


def count(actions: Iterable[ActionAsOf]) -> Counts:
    """The committee numbers for some actions."""
    statuses = [(a.status, a.overdue) for a in actions]
    completed = sum(1 for status, _ in statuses if status == "done")
    outstanding = sum(1 for status, _ in statuses if status in OUTSTANDING)
    total = completed + outstanding
    pct = completed_pct(completed, total)
    return Counts(
        actions=total,
        completed=completed,
        completed_pct=pct,
        outstanding=outstanding,
        outstanding_pct=None if pct is None else 100 - pct,
        dropped=sum(1 for status, _ in statuses if status == "dropped"),
        overdue=sum(1 for _, overdue in statuses if overdue),
    )


def progress_report(
    session: str,
    pack: Pack,
    scope: Sequence[str],
    actions: Sequence[PlanAction],
    as_of: date,
    *,
    chain_head: str | None = None,
    fingerprint: str | None = None,
) -> ProgressReport:
    """Groups: every theme of the pack in its order, then `enablers` when any enabler has an
    action (dropped ones too), then `total`; areas: those in scope, in the pack's order."""
    states = [action_as_of(action, as_of) for action in actions]
    by_area: dict[str, list[ActionAsOf]] = {}
    for state in states:
        by_area.setdefault(state.area, []).append(state)
    in_scope = set(scope)
    areas = tuple(
        (area.id, count(by_area.get(area.id, ()))) for area in pack.areas() if area.id in in_scope
    )
    groups: list[tuple[str, Counts]] = []
    for theme in pack.themes:
        members = {a.id for a in pack.key_areas if a.theme == theme.id}
        groups.append((theme.id, count(s for s in states if s.area in members)))
    enabler_ids = {a.id for a in pack.enablers}
    enabler_states = [s for s in states if s.area in enabler_ids]
    if enabler_states:
        groups.append((ENABLERS, count(enabler_states)))
    groups.append((TOTAL, count(states)))
    return ProgressReport(
        session=session,
        as_of=as_of,
        groups=tuple(groups),
        areas=areas,
        actions=tuple(states),
        chain_head=chain_head,
        fingerprint=fingerprint,
    )


# Action refs --------------------------------------------------------------------------------


def action_refs(
    area_order: Sequence[str], actions: Sequence[tuple[int, str, int]]
) -> dict[int, str]:
    """`A<n>` for each (action id, area, position): numbered in area order, then position (then
    id, so two equal positions still number the same way every time)."""
    rank = {area: index for index, area in enumerate(area_order)}
    ordered = sorted(actions, key=lambda a: (rank.get(a[1], len(rank)), a[2], a[0]))
    return {action_id: f"A{n}" for n, (action_id, _, _) in enumerate(ordered, start=1)}


# The chain ----------------------------------------------------------------------------------


def entry_hash(previous: str | None, fingerprint: str, entry: ProgressEntry) -> str:
    """sha256 of an entry, the hash of the entry before it (None for the first) and the signed
    fingerprint: rewriting, removing or reordering any entry changes every hash after it."""
    body = {
        "previous": previous,
        "fingerprint": fingerprint,
        "ref": entry.ref,
        "on": entry.on.isoformat(),
        "status": entry.status,
        "old_status": entry.old_status,
        "by": entry.by,
        "note": entry.note,
        "due": entry.due.isoformat() if entry.due else None,
        "carried_to": entry.carried_to,
    }
    return hashlib.sha256(_CANONICAL.encode(body).encode("utf-8")).hexdigest()


def chain_head(fingerprint: str, entries: Iterable[ProgressEntry]) -> str | None:
    """The hash of the last entry of a log made in this order; None for an empty log."""
    head: str | None = None
    for entry in entries:
        head = entry_hash(head, fingerprint, entry)
    return head


def first_broken(
    fingerprint: str, entries: Sequence[tuple[ProgressEntry, str | None, str]]
) -> int | None:
    """The index of the first (entry, stored previous, stored hash) that does not chain; None
    when the whole log is intact."""
    head: str | None = None
    for index, (entry, previous, stored) in enumerate(entries):
        if previous != head or entry_hash(head, fingerprint, entry) != stored:
            return index
        head = stored
    return None


def without_names(report: ProgressReport, roles: Mapping[str, str]) -> ProgressReport:
    """The report for anonymous output: the log's "who" becomes the person's role where they are
    a participant with one (`roles`: name -> role), else it is left out."""

    def hidden(entry: ProgressEntry | None) -> ProgressEntry | None:
        return None if entry is None else entry._replace(by=roles.get(entry.by, ""))

    return replace(
        report,
        actions=tuple(
            replace(state, last_update=hidden(state.last_update)) for state in report.actions
        ),
    )


def printed_as_written(report: ProgressReport) -> list[tuple[str, str | None]]:
    """The report's free-text fields, printed as written even in anonymous output, each named
    for a warning ("A3 owner"): the anonymous progress update warns where one names someone."""
    return [
        (f"{state.action.ref} {field}", text)
        for state in report.actions
        for field, text in (
            ("title", state.action.title),
            ("owner", state.action.owner),
            ("last update's note", state.last_update.note if state.last_update else None),
        )
    ]
