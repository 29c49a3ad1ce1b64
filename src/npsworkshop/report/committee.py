"""What a committee reads, as plain data shared by the PDF and the Word document.

An executive summary in sentences built only from the facts (how many areas, the levels found,
the biggest gaps, actions by status, whether it is signed), one numbered action plan across all
areas (refs `A<n>` in area order, then position), and the attendees (names and roles in named
output; roles only, sorted, in anonymous output, never beside a letter or a rating). Nothing here
judges: a sentence says what the record holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from npsworkshop.assessment.snapshot import ActionFact, AreaView, SessionSnapshot
from npsworkshop.assessment.trend import AreaTrend
from npsworkshop.framework.levels import LEVELS
from npsworkshop.report.anonymity import named_order, sorted_roles
from npsworkshop.report.text import and_list, count, line, long_date, short_date

STATUS_TITLES = {"open": "Open", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"}
OUTSTANDING = ("open", "in-progress")
MAX_GAPS_NAMED = 3


def kicker(snapshot: SessionSnapshot) -> str:
    """The line above the cover's names: what kind of document this is."""
    if snapshot.record.baseline is not None:
        return "Procurement maturity follow-up reassessment: action plan"
    return "Procurement maturity self-assessment: action plan"


def baseline_text(snapshot: SessionSnapshot, *, anonymous: bool = False) -> str:
    """A follow-up's baseline for the cover: when it was held and its fingerprint (not in
    anonymous output: a digest of a named record confirms a guess at who is who)."""
    baseline = snapshot.record.baseline
    if baseline is None:
        return ""
    held = f"The session held on {long_date(baseline.held_on)}"
    if anonymous:
        return f"{held}, signed off"
    return f"{held}, signed off with the fingerprint {baseline.fingerprint}"


def fingerprint_note(*, anonymous: bool) -> str:
    """What the cover says about the fingerprint it prints, or why it prints none."""
    if anonymous:
        return (
            "The fingerprint is not printed in anonymous output: with the list of attendees, "
            "anyone could use it to check a guess at which letter is which person. The named "
            "plan prints it."
        )
    return (
        "The fingerprint is the SHA-256 digest of the record as signed off; "
        "npsworkshop refuses to export a record that no longer matches it."
    )


def trend(snapshot: SessionSnapshot) -> dict[str, AreaTrend]:
    """A follow-up's trend by area, from its own record (empty without a baseline)."""
    from npsworkshop.workshop.followup import trend as followup_trend

    return {row.area_id: row for row in followup_trend(snapshot)}


def movement(snapshot: SessionSnapshot) -> str:
    """How many areas moved up, stayed or moved down since the baseline, as a sentence."""
    in_scope = set(snapshot.record.scope)
    compared = [
        t.change for t in trend(snapshot).values() if t.change is not None and t.area_id in in_scope
    ]
    if not compared:
        return "No area has a level both at the baseline and now yet."
    up = sum(1 for c in compared if c > 0)
    same = sum(1 for c in compared if c == 0)
    down = len(compared) - up - same
    parts = [f"{up} moved up", f"{same} stayed at the same level", f"{down} moved down"]
    return f"Of {count(len(compared), 'area')} with a level both times, {and_list(parts)}."


def plan_date(snapshot: SessionSnapshot) -> date:
    """The date the plan speaks for (and overdue is judged at): the sign-off date, else the
    record's last change, else the day it was held. Never the clock: the same record gives the
    same document."""
    record = snapshot.record
    if record.sign_off is not None:
        return record.sign_off.signed_on
    if record.updated_at is not None:
        stamp = record.updated_at
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC).date()
    return record.held_on


def stamp(snapshot: SessionSnapshot) -> datetime:
    """The document's creation time, from the record (see `plan_date`)."""
    record = snapshot.record
    if record.sign_off is not None:
        return datetime(*record.sign_off.signed_on.timetuple()[:3], tzinfo=UTC)
    if record.updated_at is not None:
        at = record.updated_at
        return at if at.tzinfo else at.replace(tzinfo=UTC)
    return datetime(*record.held_on.timetuple()[:3], tzinfo=UTC)


def group_title(snapshot: SessionSnapshot, area: AreaView) -> str:
    """The area's theme title, or "Enablers"."""
    if area.theme is None:
        return "Enablers"
    return line(next(t.title for t in snapshot.pack.themes if t.id == area.theme))


def grouped(snapshot: SessionSnapshot) -> list[tuple[str, list[AreaView]]]:
    """The areas in order, in runs under their theme (or "Enablers")."""
    groups: list[tuple[str, list[AreaView]]] = []
    for area in snapshot.areas:
        title = group_title(snapshot, area)
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        groups[-1][1].append(area)
    return groups


def grid_alt(snapshot: SessionSnapshot) -> str:
    """The maturity picture in words, area by area: the current level and the ambition."""
    title = snapshot.pack.level_title
    parts = [
        f"Maturity grid of {count(len(snapshot.areas), 'area')}, on the levels "
        f"{and_list(line(title(level)) for level in LEVELS)}."
    ]
    numbers = {area.id: n for n, area in enumerate(snapshot.areas, start=1)}
    for group, members in grouped(snapshot):
        said = []
        for area in members:
            now = f"now {title(area.current_level)}" if area.current_level else "not yet rated"
            if area.ambition is None:
                aim = "no ambition set"
            elif area.ambition.level == area.current_level:
                aim = f"ambition to stay {title(area.ambition.level)}"
            else:
                aim = f"ambition {title(area.ambition.level)}"
                if area.ambition.by:
                    aim += f" by {long_date(area.ambition.by)}"
            said.append(f"{numbers[area.id]}. {line(area.title)}: {now}, {aim}")
        parts.append(f"{group}: " + "; ".join(said) + ".")
    return " ".join(parts)


def ambition_words(
    area: AreaView, titles: Mapping[str, str], when: Callable[[date], str] = short_date
) -> str:
    """The area's ambition as the plan states it, with the interim step the council commits to
    on the way: "Leader by 31 Mar 2028, interim step Mature by 30 Sep 2027"; "Not set".
    `when` writes the dates (the PDF keeps each on one line)."""
    ambition = area.ambition
    if ambition is None:
        return "Not set"
    words = titles[ambition.level]
    if ambition.by:
        words += f" by {when(ambition.by)}"
    step = ambition.interim
    if step is not None:
        words += f", interim step {titles[step.level]}"
        if step.by:
            words += f" by {when(step.by)}"
    return words


def action_refs(snapshot: SessionSnapshot) -> dict[int, str]:
    """Each action's ref, `A1`, `A2`...: area order, then the action's position in its area."""
    refs: dict[int, str] = {}
    for area in snapshot.areas:
        for action in area.actions:
            refs[action.id] = f"A{len(refs) + 1}"
    return refs


def action_title(action: ActionFact) -> str:
    """The action's title, with where it came from when a follow-up carried it."""
    title = line(action.title)
    if action.carried_from is None:
        return title
    return f"{title}\nFrom baseline {action.carried_from}"


def is_overdue(action: ActionFact, on: date) -> bool:
    return action.status in OUTSTANDING and action.due is not None and action.due < on


@dataclass(frozen=True)
class PlanRow:
    ref: str
    area: str
    action: str
    owner: str
    due: date | None
    status: str
    overdue: bool

    @property
    def status_text(self) -> str:
        title = STATUS_TITLES[self.status]
        return f"{title}, overdue" if self.overdue else title


def plan_rows(snapshot: SessionSnapshot) -> list[PlanRow]:
    """One row per action across all areas, in ref order."""
    refs, on = action_refs(snapshot), plan_date(snapshot)
    return [
        PlanRow(
            ref=refs[action.id],
            area=f"{number}. {line(area.title)}",
            action=action_title(action),
            owner=line(action.owner) if action.owner else "",
            due=action.due,
            status=action.status,
            overdue=is_overdue(action, on),
        )
        for number, area in enumerate(snapshot.areas, start=1)
        for action in area.actions
    ]


def count_people(snapshot: SessionSnapshot) -> str:
    people = len(snapshot.record.participants)
    return f"{people} {'person' if people == 1 else 'people'}"


def attendees(snapshot: SessionSnapshot, *, anonymous: bool) -> list[list[str]]:
    """The attendees table, heading row first: name, role, department in named output; in
    anonymous output roles only, sorted, so no role can be matched to a letter or a rating.
    Named, the people are sorted by name: the record's order is not shown anywhere."""
    if anonymous:
        return [["Role"], *([role] for role in sorted_roles(snapshot))]
    people = [snapshot.participant(key) for key in named_order(snapshot)]
    return [
        ["Name", "Role", "Department"],
        *([line(p.name), line(p.role) or "—", line(p.department) or "—"] for p in people),
    ]


def summary(snapshot: SessionSnapshot) -> list[str]:
    """The executive summary as plain sentences, every one a count or a fact from the record."""
    record, areas = snapshot.record, snapshot.areas
    title = snapshot.pack.level_title
    people = len(record.participants)
    sentences = [
        f"The workshop held on {long_date(record.held_on)} assessed "
        f"{count(len(areas), 'area')} of {line(snapshot.pack.title)} with "
        f"{count(people, 'participant')}."
    ]
    if record.baseline is not None:
        sentences.append(
            f"It reassesses the baseline held on {long_date(record.baseline.held_on)}. "
            + movement(snapshot)
        )
    levels = Counter(area.current_level for area in areas if area.current_level)
    if levels:
        found = [f"{levels[level]} at {title(level)}" for level in LEVELS if levels[level]]
        sentences.append(f"Current levels: {and_list(found)}.")
    unrated = sum(1 for area in areas if area.current_level is None)
    if unrated:
        sentences.append(f"{count(unrated, 'area')} {_has(unrated)} no current level yet.")
    moderated = sum(1 for area in areas if area.agreed_level is not None)
    if moderated:
        sentences.append(
            f"In {count(moderated, 'area')} the workshop agreed a level other than the "
            "weakest-level rule's result; both are shown in the area's section."
        )
    sentences.append(_gaps(snapshot, areas))
    sentences.append(_actions(snapshot))
    sign_off = record.sign_off
    if sign_off is None:
        sentences.append(
            f"This is a draft, not signed off: {snapshot.areas_complete} of "
            f"{count(len(areas), 'area')} {_has(len(areas))} a result, a justification and "
            "an ambition."
        )
    else:
        sentences.append(
            f"Signed off by {line(sign_off.name)}, {line(sign_off.role)}, on "
            f"{long_date(sign_off.signed_on)}."
        )
    return sentences


def _gaps(snapshot: SessionSnapshot, areas: Iterable[AreaView]) -> str:
    numbered = {area.id: n for n, area in enumerate(snapshot.areas, start=1)}
    with_gap = [area for area in areas if area.gap is not None]
    if not with_gap:
        return "No area has both a current level and an ambition yet."
    widest = max(area.gap or 0 for area in with_gap)
    if widest <= 0:
        return "Every ambition set is to keep the current level."
    title = snapshot.pack.level_title
    named = [area for area in with_gap if area.gap == widest]
    listed = [
        f"{numbered[a.id]}. {line(a.title)} ({title(a.current_level or '')} to "
        f"{title(a.ambition.level if a.ambition else '')})"
        for a in named[:MAX_GAPS_NAMED]
    ]
    more = len(named) - len(listed)
    tail = f" and {more} more" if more else ""
    where = "in" if len(named) == 1 else f"in {len(named)} areas:"
    return f"The biggest gap to the ambition is {count(widest, 'level')}, {where} " + (
        and_list(listed) + tail + "."
    )


def _actions(snapshot: SessionSnapshot) -> str:
    actions = [action for area in snapshot.areas for action in area.actions]
    if not actions:
        return "No actions are recorded yet."
    statuses: Counter[str] = Counter(action.status for action in actions)
    parts = [
        f"{statuses[status]} {STATUS_TITLES[status].lower()}"
        for status in STATUS_TITLES
        if statuses[status]
    ]
    on = plan_date(snapshot)
    late = sum(1 for action in actions if is_overdue(action, on))
    overdue = (
        f"; {late} outstanding {'action is' if late == 1 else 'actions are'} past the due date "
        f"as of {long_date(on)}"
        if late
        else ""
    )
    return f"The action plan has {count(len(actions), 'action')}: {and_list(parts)}{overdue}."


def _has(n: int) -> str:
    return "has" if n == 1 else "have"
