"""What a follow-up's committee output says about its baseline, shared by the PDF and Word.

A follow-up (a session with a baseline, CONTRACT §5, §9) adds, after the summary: per area the
baseline's level, the level now, the change in levels, the baseline's ambition and interim step
and whether each was reached (assessment/trend.py, through the follow-up's own record); the same
as a picture's alternative text; and the actions carried from the baseline with where they came
from (the baseline's ref) and their history there (the baseline's progress log). In anonymous
output the log's "who" becomes the person's role where they are a participant, else nothing,
as the progress update does. Nothing here judges: every sentence is a count or a fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from npsworkshop.assessment.baseline import StepFact
from npsworkshop.assessment.progress import PlanAction
from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.assessment.trend import AreaTrend
from npsworkshop.framework.levels import LEVELS
from npsworkshop.report.committee import STATUS_TITLES, action_refs, grouped, movement, trend
from npsworkshop.report.text import and_list, count, line, long_date, short_date


@dataclass(frozen=True)
class BaselineHistory:
    """The baseline's actions as its plan holds them (signed status, due date, progress log),
    by the baseline's ref; `missing` says why there are none to show (not in this workspace,
    or its log could not be verified)."""

    actions: Mapping[str, PlanAction] = field(default_factory=dict)
    missing: str | None = None


@dataclass(frozen=True)
class TrendRow:
    """One area of the trend table, every value already in words."""

    number: int
    area: str
    baseline: str
    now: str
    change: str
    ambition: str
    ambition_reached: str
    interim: str
    interim_reached: str

    def cells(self) -> list[str]:
        """The row as the trend table prints it (PDF and Word alike)."""
        return [
            f"{self.number}. {self.area}",
            self.baseline,
            self.now,
            self.change,
            target_cell(self.ambition, self.ambition_reached),
            target_cell(self.interim, self.interim_reached),
        ]


@dataclass(frozen=True)
class HistoryLine:
    on: str
    status: str
    who: str
    note: str


@dataclass(frozen=True)
class CarriedAction:
    """An action carried from the baseline: its ref now, its ref there, and its history there."""

    ref: str
    from_ref: str
    area: str
    title: str
    history: tuple[HistoryLine, ...]


def is_followup(snapshot: SessionSnapshot) -> bool:
    return snapshot.record.baseline is not None


def _step(snapshot: SessionSnapshot, step: StepFact | None, none: str) -> str:
    if step is None:
        return none
    title = line(snapshot.pack.level_title(step.level))
    return f"{title} by {short_date(step.by)}" if step.by else title


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else ("Yes" if value else "No")


def target_cell(step: str, reached: str) -> str:
    """A baseline target and whether it was reached, as a table cell's lines:
    "Leader by 31 Mar 2028" then "Reached", "Not reached" or "No level now to judge"."""
    if step in ("None set", "None"):
        return step
    verdict = {"Yes": "Reached", "No": "Not reached", "—": "No level now to judge"}[reached]
    return f"{step.replace(' by ', chr(10) + 'by ')}\n{verdict}"


def change_words(change: int | None) -> str:
    if change is None:
        return "—"
    if change == 0:
        return "Same"
    return f"{'Up' if change > 0 else 'Down'} {abs(change)}"


def trend_rows(snapshot: SessionSnapshot) -> list[tuple[str, list[TrendRow]]]:
    """The trend table's rows in runs under their theme (or "Enablers"), areas numbered as in
    the rest of the plan."""
    baseline = snapshot.record.baseline
    if baseline is None:
        return []
    title = snapshot.pack.level_title
    trends = trend(snapshot)
    numbers = {area.id: n for n, area in enumerate(snapshot.areas, start=1)}
    groups: list[tuple[str, list[TrendRow]]] = []
    for group, members in grouped(snapshot):
        rows = []
        for area in members:
            was = baseline.areas.get(area.id)
            row = trends.get(area.id)
            rows.append(
                TrendRow(
                    number=numbers[area.id],
                    area=line(area.title),
                    baseline=line(title(was.level)) if was and was.level else "Not assessed",
                    now=line(title(area.current_level)) if area.current_level else "Not rated",
                    change=change_words(row.change if row else None),
                    ambition=_step(snapshot, was.ambition if was else None, "None set"),
                    ambition_reached=_yes_no(row.ambition_reached if row else None),
                    interim=_step(snapshot, was.interim if was else None, "None"),
                    interim_reached=_yes_no(row.interim_reached if row else None),
                )
            )
        groups.append((group, rows))
    return groups


def intro(snapshot: SessionSnapshot, *, anonymous: bool = False) -> list[str]:
    """Plain sentences opening the section: which baseline (its fingerprint only in named
    output), and the counts the table holds."""
    baseline = snapshot.record.baseline
    if baseline is None:
        return []
    trends = [t for t in trend(snapshot).values() if t.area_id in set(snapshot.record.scope)]
    signed = (
        "signed off"
        if anonymous
        else (
            f"signed off with the fingerprint {baseline.fingerprint[:16]}… (in full on the cover)"
        )
    )
    sentences = [
        f"This reassessment follows the baseline held on {long_date(baseline.held_on)} and "
        f"{signed}. The baseline's level is its agreed level where it moderated, else its weakest level; "
        "the change is counted in levels on the five-level scale."
    ]
    sentences += [
        movement(snapshot),
        _reached_sentence(trends, "ambition_reached", "ambition"),
        _reached_sentence(trends, "interim_reached", "interim step"),
    ]
    outside = len(set(baseline.areas) - set(snapshot.record.scope))
    if outside:
        sentences.append(
            f"{count(outside, 'area')} assessed at the baseline {'is' if outside == 1 else 'are'}"
            " not in this reassessment's scope."
        )
    return [s for s in sentences if s]


def _reached_sentence(trends: list[AreaTrend], attribute: str, what: str) -> str:
    judged = [getattr(t, attribute) for t in trends if getattr(t, attribute) is not None]
    if not judged:
        return ""
    reached = sum(1 for value in judged if value)
    return (
        f"The baseline's {what} was reached in {reached} of the "
        f"{count(len(judged), 'area')} that had one and have a level now."
    )


def trend_alt(snapshot: SessionSnapshot) -> str:
    """The trend picture in words, area by area: the baseline, now and the baseline's ambition."""
    baseline = snapshot.record.baseline
    if baseline is None:
        return ""
    title = snapshot.pack.level_title
    parts = [
        f"Trend since the baseline held on {long_date(baseline.held_on)}, for "
        f"{count(len(snapshot.areas), 'area')} on the levels "
        f"{and_list(line(title(level)) for level in LEVELS)}."
    ]
    for group, rows in trend_rows(snapshot):
        said = []
        for row in rows:
            text = f"{row.number}. {row.area}: baseline {row.baseline}, now {row.now}"
            if row.change not in ("—", "Same"):
                text += (
                    f" ({row.change.lower()} {'level' if row.change.endswith(' 1') else 'levels'})"
                )
            elif row.change == "Same":
                text += " (the same level)"
            if row.ambition != "None set":
                reached = {"Yes": "reached", "No": "not reached", "—": "not yet judged"}
                text += f", baseline's ambition {row.ambition}, {reached[row.ambition_reached]}"
            said.append(text)
        parts.append(f"{group}: " + "; ".join(said) + ".")
    return " ".join(parts)


def carried_actions(
    snapshot: SessionSnapshot, history: BaselineHistory | None, *, anonymous: bool
) -> list[CarriedAction]:
    """Every action carried from the baseline, in the plan's order, with its history there:
    as signed off, then each entry of the baseline's progress log for it."""
    known = history.actions if history else {}
    roles = {p.name: line(p.role) for p in snapshot.record.participants}
    refs = action_refs(snapshot)
    numbers = {area.id: n for n, area in enumerate(snapshot.areas, start=1)}
    baseline = snapshot.record.baseline
    carried: list[CarriedAction] = []
    for area in snapshot.areas:
        for action in area.actions:
            if action.carried_from is None:
                continue
            was = known.get(action.carried_from)
            lines: list[HistoryLine] = []
            if was is not None and baseline is not None:
                due = f", due {short_date(was.due)}" if was.due else ""
                lines.append(
                    HistoryLine(
                        "At sign-off", STATUS_TITLES[was.status], "", f"In the signed plan{due}."
                    )
                )
                for entry in was.entries:
                    who = roles.get(entry.by, "") if anonymous else line(entry.by)
                    note = line(entry.note)
                    if entry.due is not None:
                        note = f"Due date revised to {short_date(entry.due)}. {note}".strip()
                    if entry.carried_to:
                        note = (
                            "Carried forward to this reassessment."
                            if entry.carried_to == snapshot.id
                            else "Carried forward to the follow-up."
                        )
                    lines.append(
                        HistoryLine(short_date(entry.on), STATUS_TITLES[entry.status], who, note)
                    )
            carried.append(
                CarriedAction(
                    ref=refs[action.id],
                    from_ref=action.carried_from,
                    area=f"{numbers[area.id]}. {line(area.title)}",
                    title=line(action.title),
                    history=tuple(lines),
                )
            )
    return carried


def history_notes(carried: list[CarriedAction]) -> list[tuple[str, str]]:
    """(field, text) for the baseline log's notes a follow-up's output prints as written."""
    return [
        (f"{action.ref} history note", entry.note)
        for action in carried
        for entry in action.history
        if entry.note
    ]
