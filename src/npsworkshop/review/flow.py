"""`npsworkshop review`: the quick self-review, one question after another.

Start (continue an unfinished review, record progress on a signed one or write its files, or
begin one), every area in scope (levels, result, evidence, ambition, actions), then the summary,
sign-off and exports. Ctrl-C at any question stops with everything answered kept; the next run
continues at the first unanswered question, or offers a signed review's progress and files.
Questionary, the database layer and the rest of the review load only when a review starts.
"""

from __future__ import annotations

import os
import shlex
import sys
from datetime import date
from typing import TYPE_CHECKING

from npsworkshop.workspace import Workspace

if TYPE_CHECKING:
    from npsworkshop.review.context import Review
    from npsworkshop.review.prompts import Prompter
    from npsworkshop.workshop import SessionSummary

NEW = "new"
SIGNED_OFFERED = 3  # the most recently changed signed-off sessions offered at the start
STOPPED = 130
HELD = 1  # the chosen session is being edited in another npsworkshop
INTRODUCTION = (
    "Quick self-review of procurement maturity (LGA National Procurement Strategy). "
    "Every answer is saved as you give it. Press Ctrl-C at any question to stop; "
    "run `npsworkshop review` again to carry on."
)


def run_review(workspace: Workspace, *, plain: bool = False) -> int:
    """The command: real prompts in this terminal; plain numbered lines when asked for, or when
    the terminal cannot redraw a menu (TERM=dumb or no TERM)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "npsworkshop: review asks its questions in a terminal; run it in one "
            "(to create a session from a file, use `npsworkshop import FILE`)",
            file=sys.stderr,
        )
        return 2
    from npsworkshop.review.plain_prompts import PlainPrompter, plain_terminal

    if plain or plain_terminal(os.environ):
        return review(workspace, PlainPrompter())
    from npsworkshop.review.questionary_prompts import QuestionaryPrompter

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
    from npsworkshop.review.progress_updates import signed_review
    from npsworkshop.review.starting import ask_people
    from npsworkshop.store.lock import HeldBy

    review.session_id = _choose_session(review)
    if review.snapshot().signed_off:  # its facts read-only: progress on its actions, its files
        signed_review(review)
        _say_done(review)
        return
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

    sessions = review.workshop.list_sessions()
    drafts = [s for s in sessions if s.status == "draft"]
    signed = sorted(
        (s for s in sessions if s.status == "signed-off"), key=lambda s: s.updated_at, reverse=True
    )[:SIGNED_OFFERED]
    if not drafts and not signed:
        return new_session(review)
    options = [
        Option(_session_title("Continue", s, s.progress, review.width), s.id) for s in drafts
    ]
    options += [
        Option(_session_title("Progress or files of", s, "signed off", review.width), s.id)
        for s in signed
    ]
    options.append(Option("Start a new review", NEW))
    doing = ["Continue an unfinished review"] if drafts else []
    doing += ["record progress on a signed-off review or write its files"] if signed else []
    question = f"{', '.join(doing)}, or start a new one?"
    question = question[0].upper() + question[1:]
    choice = answered(review.prompter.select(question, options))
    return new_session(review) if choice == NEW else choice


def _session_title(doing: str, summary: SessionSummary, state: str, width: int) -> str:
    """'Continue: organisation, title (date), progress', shortened to fit on one line."""
    from npsworkshop.review.wording import one_line

    head = f"{doing}: {summary.organisation}, {summary.title}"
    return one_line(head, f" ({summary.held_on}), {state}", width)


def _resume_command(review: Review) -> str:
    """The command to run again, with the workspace quoted as a shell needs it."""
    root = review.workshop.workspace.root
    if Workspace.locate().root == root:
        return "npsworkshop review"
    return f"npsworkshop --workspace {shlex.quote(str(root))} review"


def _say_stopped(review: Review) -> None:
    from npsworkshop.review.position import describe_position, resume_position

    if review.session_id is None:
        review.say("", "Stopped. Nothing was saved: a review is saved once its areas are chosen.")
        return
    from npsworkshop.review.wording import wrap

    snap = review.snapshot()
    record = snap.record
    if snap.signed_off:
        review.say(
            "",
            wrap(
                f"Stopped. The review is signed off and saved, with every progress update "
                f"recorded so far. To record progress or write its files, run this and choose "
                f"{record.organisation_name}, {record.title}:",
                review.width,
            ),
            f"  {_resume_command(review)}",
        )
        return
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
