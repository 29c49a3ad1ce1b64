"""One area's questions: each person's level, the result, the evidence, the ambition, actions.

Each answer goes to the service as soon as it is given, so stopping anywhere keeps it.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby
from typing import Literal

from npsworkshop.assessment import rules
from npsworkshop.errors import UserError
from npsworkshop.framework.levels import LEVELS, LevelId, as_level, ordinal
from npsworkshop.review.checks import NO_DATE, date_check, optional_date, text_check
from npsworkshop.review.context import Review
from npsworkshop.review.position import (
    AMBITION_ANSWERS,
    needs_ratings,
    rating_rows,
    unanswered_rows,
)
from npsworkshop.review.prompts import Option, answered
from npsworkshop.review.wording import (
    area_header,
    dimension_heading,
    level_lines,
    result_lines,
    wrap,
)

DONT_KNOW = "dont-know"
Mode = Literal["missing", "again", "actions"]


def review_area(review: Review, area_id: str, mode: Mode = "missing") -> None:
    """Ask what the area still needs ("missing"), everything again, or only more actions."""
    review.workshop.set_last_area(review.session, area_id)
    if mode == "actions":
        review.say("", f"Back to {review.snapshot().area(area_id).title}: its actions.")
        ask_actions(review, area_id)
        return
    snap = review.snapshot()
    review.say(area_header(snap, area_id, review.width))
    everything = mode == "again" or snap.area(area_id).result is None
    asked = mode == "again" or needs_ratings(snap, snap.area(area_id))
    if asked and not ask_ratings(review, area_id, everything=everything):
        return
    snap = review.snapshot()
    area = snap.area(area_id)
    review.say("", result_lines(snap, area, review.width))
    if "moderation" in area.missing:
        clear_spent_moderation(review, area_id)
    if mode == "again" or "justification" in area.missing:
        ask_justification(review, area_id)
    if mode == "again" or AMBITION_ANSWERS.intersection(review.snapshot().area(area_id).missing):
        ask_ambition(review, area_id)
    ask_actions(review, area_id)


def clear_spent_moderation(review: Review, area_id: str) -> None:
    """An agreed level (set in the app) that the ratings have since caught up with says nothing
    the rule's result does not: the review clears it, and the level stays as it is."""
    area = review.snapshot().area(area_id)
    if area.agreed_level is None or area.result is None:
        return
    level = review.snapshot().pack.level_title(area.agreed_level)
    review.say(
        "",
        wrap(
            f"An agreed level of {level} was set for {area.title}, and the rule now gives "
            f"{level} too, so the agreed level is cleared (its reason with it); the level stays "
            f"{level}.",
            review.width,
        ),
    )
    review.workshop.moderate(review.session, area_id, None, None)


def level_options(review: Review) -> list[Option[str]]:
    pack = review.snapshot().pack
    options: list[Option[str]] = [Option(pack.level_title(level), level) for level in LEVELS]
    return [*options, Option("Don't know", DONT_KNOW)]


def ask_ratings(review: Review, area_id: str, *, everything: bool) -> bool:
    """Each person's level for each row; False when the person moves on without any level."""
    while True:
        snap = review.snapshot()
        rows = rating_rows(snap, area_id) if everything else unanswered_rows(snap, area_id)
        _ask_rows(review, area_id, rows)
        snap = review.snapshot()
        if snap.area(area_id).result is not None:
            return True
        review.say("", result_lines(snap, snap.area(area_id), review.width))
        again = answered(review.prompter.confirm("Give the levels again?", default=True))
        if not again:
            review.say("This area stays unfinished; the review comes back to it at the end.")
            return False
        everything = True


def _ask_rows(review: Review, area_id: str, rows: list[tuple[str | None, str]]) -> None:
    snap = review.snapshot()
    definition = snap.pack.area(area_id)
    given = {(r.dimension, r.participant): r.level or DONT_KNOW for r in snap.area(area_id).ratings}
    options = level_options(review)
    for dimension, group in groupby(rows, key=lambda row: row[0]):
        if dimension is None:
            review.say("", "The five levels:")
            review.say(level_lines(snap, definition.levels, review.width))
            part = ""
        else:
            row = next(d for d in definition.dimensions if d.id == dimension)
            review.say("", dimension_heading(definition, dimension) + ". The five levels:")
            review.say(level_lines(snap, row.levels, review.width))
            part = f" for {row.title}"
        for _, person in group:
            name = snap.participant(person).name
            choice = answered(
                review.prompter.select(
                    f"{name}'s level{part}:", options, default=given.get((dimension, person))
                )
            )
            level = None if choice == DONT_KNOW else as_level(choice)
            review.workshop.rate(review.session, area_id, person, level, dimension)


def ask_justification(review: Review, area_id: str) -> None:
    area = review.snapshot().area(area_id)
    review.say(
        "",
        wrap(
            f"The evidence: why is the council at {area.current_level} for {area.title}? "
            "Say what you found and where, in a sentence or two.",
            review.width,
        ),
    )
    text = answered(
        review.prompter.text(
            "Evidence:",
            default=area.justification or "",
            check=text_check("The evidence", "required-text"),
        )
    )
    review.workshop.justify(review.session, area_id, text)


def default_ambition_date(held_on: date) -> date | None:
    """The first 31 March at least a year after the review (councils come back in 12 to 18
    months); None when that is past the calendar's end (a review dated in 9999)."""
    try:
        candidate = date(held_on.year + 1, 3, 31)
        if candidate < held_on + timedelta(days=365):
            candidate = date(held_on.year + 2, 3, 31)
    except (ValueError, OverflowError):
        return None
    return candidate


def ask_ambition(review: Review, area_id: str) -> None:
    snap = review.snapshot()
    area = snap.area(area_id)
    definition = snap.pack.area(area_id)
    current = area.current_level
    suggested = rules.suggested_ambition(current)
    existing = area.ambition
    default: LevelId = suggested
    if existing is not None and (current is None or ordinal(existing.level) >= ordinal(current)):
        default = existing.level
    review.say("", f"The ambition: where should the council be for {area.title}, and by when?")
    if current == suggested:
        review.say(
            wrap(
                "The council is at the top level; the ambition can be to stay there.", review.width
            )
        )
    else:
        review.say(
            wrap(
                definition.levels.of(suggested),
                review.width,
                "  ",
                f"One level up is {snap.pack.level_title(suggested)}: ",
            )
        )
    options: list[Option[LevelId]] = [
        Option(
            snap.pack.level_title(level),
            level,
            disabled=f"below the council's level, {current}"
            if current is not None and ordinal(level) < ordinal(current)
            else None,
        )
        for level in LEVELS
    ]
    by = existing.by if existing else None
    rationale = existing.rationale if existing else None
    while True:
        level: LevelId = answered(
            review.prompter.select(f"Ambition for {area.title}:", options, default=default)
        )
        try:
            review.workshop.set_ambition(review.session, area_id, level, by, rationale)
            break
        except UserError as exc:
            review.say(f"Not accepted: {exc}")
    if level != suggested:
        review.say(
            wrap(
                definition.levels.of(level), review.width, "  ", f"{snap.pack.level_title(level)}: "
            )
        )
    suggested_by = by or default_ambition_date(snap.record.held_on)
    when = answered(
        review.prompter.text(
            f"By when? (YYYY-MM-DD; {NO_DATE} for no date)",
            default=suggested_by.isoformat() if suggested_by else "",
            check=date_check("The date", required=False, not_before=snap.record.held_on),
        )
    )
    review.workshop.set_ambition(review.session, area_id, level, optional_date(when), rationale)


def ask_actions(review: Review, area_id: str) -> None:
    """Actions in a loop: title, owner and due date, each saved as it is given."""
    snap = review.snapshot()
    area = snap.area(area_id)
    if area.actions:
        review.say("", f"Actions for {area.title} so far:")
        for action in area.actions:
            details = ", ".join(
                x for x in (action.owner, action.due.isoformat() if action.due else None) if x
            )
            review.say(f"  - {action.title}" + (f" ({details})" if details else ""))
    first = not area.actions
    more = answered(
        review.prompter.confirm(
            f"Add an action for {area.title}?" if first else "Add another action?",
            default=first and (area.gap or 0) > 0,
        )
    )
    while more:
        title = answered(
            review.prompter.text(
                "Action (what will be done):", check=text_check("The action", "title")
            )
        )
        action_id = review.workshop.add_action(review.session, area_id, title)
        owner = answered(
            review.prompter.text(
                "Who owns it? (a name or a role; optional)",
                check=text_check("The owner", "line"),
            )
        )
        if owner.strip():
            review.workshop.update_action(review.session, action_id, title, owner)
        due = answered(
            review.prompter.text(
                "Due by? (YYYY-MM-DD; optional)",
                check=date_check("The due date", required=False, not_before=snap.record.held_on),
            )
        )
        if due.strip():
            review.workshop.update_action(
                review.session, action_id, title, owner.strip() or None, optional_date(due)
            )
        more = answered(review.prompter.confirm("Add another action?", default=False))
