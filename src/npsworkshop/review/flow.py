"""`npsworkshop review`: the quick self-review, one question after another.

Start (continue an unfinished review or begin one), every area in scope (levels, result,
evidence, ambition, actions), then the summary, sign-off and exports. Ctrl-C at any question
stops with everything answered kept; the next run continues at the first unanswered question.
Questionary, the database layer and the rest of the review load only when a review starts.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

from npsworkshop.workspace import Workspace

if TYPE_CHECKING:
    from npsworkshop.review.context import Review
    from npsworkshop.review.prompts import Prompter
    from npsworkshop.workshop import SessionSummary

NEW = "new"
STOPPED = 130
HELD = 1  # the chosen session is being edited in another npsworkshop
INTRODUCTION = (
    "Quick self-review of procurement maturity (LGA National Procurement Strategy). "
    "Every answer is saved as you give it. Press Ctrl-C at any question to stop; "
    "run `npsworkshop review` again to carry on."
)


def run_review(workspace: Workspace) -> int:
    """The command: real prompts in this terminal."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "npsworkshop: review asks its questions in a terminal; run it in one "
            "(to create a session from a file, use `npsworkshop import FILE`)",
            file=sys.stderr,
        )
        return 2
    from npsworkshop.review.prompts import QuestionaryPrompter

    return review(workspace, QuestionaryPrompter())


def review(
    workspace: Workspace,
    prompter: Prompter,
    *,
    today: date | None = None,
    width: int | None = None,
) -> int:
    """Run a review with any prompter; 0 when it ends, 130 when the person stops it.

    `width` is where text is wrapped (default: the terminal's width).
    """
    from npsworkshop.review.wording import terminal_width, wrap

    width = width or terminal_width()
    for line in wrap(INTRODUCTION, width):
        prompter.say(line)  # at once, before the database layer has loaded

    from npsworkshop.review.context import Review
    from npsworkshop.review.prompts import Stopped
    from npsworkshop.workshop import Workshop

    with Workshop.open(workspace) as workshop:
        current = Review(workshop, prompter, today or date.today(), width)
        try:
            _run(current)
        except (Stopped, KeyboardInterrupt):  # Ctrl-C at a question, or between two
            _say_stopped(current)
            return STOPPED
        except HeldElsewhere as held:
            current.say(
                "", str(held), "Nothing was changed. Choose it again once it is closed there."
            )
            return HELD
    return 0


class HeldElsewhere(Exception):
    """The session chosen is open for editing in another npsworkshop process."""


def _run(review: Review) -> None:
    from npsworkshop.review.area_questions import review_area
    from npsworkshop.review.ending import finish, offer_exports
    from npsworkshop.review.position import describe_position, first_step, resume_position
    from npsworkshop.review.starting import ask_people
    from npsworkshop.store.lock import HeldBy

    review.session_id = _choose_session(review)
    claim = review.workshop.claim(review.session_id, "the quick review")
    if isinstance(claim, HeldBy):
        raise HeldElsewhere(claim.message())
    snap = review.snapshot()
    if not snap.record.ratings:
        ask_people(review)
        snap = review.snapshot()
    position = resume_position(snap)
    if snap.record.ratings or position.area is None:
        review.say("", f"Carrying on at: {describe_position(snap, position)}.")
    ids = [a.id for a in snap.areas]
    start = ids.index(position.area) if position.area is not None else len(ids)
    for area_id in ids[start:]:
        if area_id == position.area and position.step == "actions":
            review_area(review, area_id, "actions")
            continue
        now = review.snapshot()
        if first_step(now, now.area(area_id)) is None:
            continue
        review_area(review, area_id)
    finish(review)
    offer_exports(review)
    _say_done(review)


def _choose_session(review: Review) -> str:
    from npsworkshop.review.prompts import Option, answered
    from npsworkshop.review.starting import new_session

    drafts = [s for s in review.workshop.list_sessions() if s.status == "draft"]
    if not drafts:
        return new_session(review)
    options = [Option(_draft_title(s, review.width), s.id) for s in drafts]
    options.append(Option("Start a new review", NEW))
    choice = answered(
        review.prompter.select("Continue an unfinished review, or start a new one?", options)
    )
    return new_session(review) if choice == NEW else choice


def _draft_title(summary: SessionSummary, width: int) -> str:
    """'Continue: organisation, title (date), progress', shortened to fit on one line."""
    tail = f" ({summary.held_on}), {summary.progress}"
    head = f"Continue: {summary.organisation}, {summary.title}"
    room = max(20, width - 6 - len(tail))
    if len(head) > room:
        head = head[: room - 1].rstrip() + "…"
    return head + tail


def _resume_command(review: Review) -> str:
    root = review.workshop.workspace.root
    if Workspace.locate().root == root:
        return "npsworkshop review"
    return f"npsworkshop --workspace {root} review"


def _say_stopped(review: Review) -> None:
    from npsworkshop.review.position import describe_position, resume_position

    if review.session_id is None:
        review.say("", "Stopped. Nothing was saved: a review is saved once its areas are chosen.")
        return
    from npsworkshop.review.wording import wrap

    snap = review.snapshot()
    record = snap.record
    review.say(
        "",
        wrap(
            f"Stopped. Everything you answered is saved ({snap.areas_complete} of "
            f"{len(snap.areas)} areas complete). To carry on, run this and choose "
            f"{record.organisation_name}, {record.title}:",
            review.width,
        ),
        f"  {_resume_command(review)}",
        wrap(
            f"It will continue at: {describe_position(snap, resume_position(snap))}.",
            review.width,
        ),
    )


def _say_done(review: Review) -> None:
    from npsworkshop.review.wording import wrap

    where = review.workshop.workspace.database
    if review.snapshot().signed_off:
        text = f"Done. The review is signed off and saved in {where}."
    else:
        text = f"Saved as a draft in {where}. To finish it, run `{_resume_command(review)}` again."
    review.say("", wrap(text, review.width))
