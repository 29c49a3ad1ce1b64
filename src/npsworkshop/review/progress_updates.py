"""A signed-off review's progress (CONTRACT §5, §9): its actions as of today, and updates to them.

The signed plan never changes: each update is one `Workshop.cycle.record_progress` call, an entry
appended to the session's progress log, durable once it is made (stopping keeps every update made
so far). Who records the progress is asked once a run. An action carried forward to a follow-up
is shown but cannot be chosen: its progress is recorded in the follow-up, which it names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from npsworkshop.assessment.rules import ACTION_STATUSES, ActionStatus
from npsworkshop.errors import Failure, UserError
from npsworkshop.review.checks import DATE_HINT, date_check, parse_date, text_check
from npsworkshop.review.context import Review
from npsworkshop.review.ending import offer_exports, signed_summary
from npsworkshop.review.prompts import Option, answered
from npsworkshop.review.wording import one_line, wrap

if TYPE_CHECKING:
    from npsworkshop.assessment.progress import ActionAsOf
    from npsworkshop.progress_exporting import ProgressFormat
    from npsworkshop.workshop.progress_log import Plan

PROGRESS, UPDATE, FILES, FINISH = "progress", "update", "files", "finish"


def in_words(status: ActionStatus) -> str:
    """'in progress' for in-progress."""
    return status.replace("-", " ")


def signed_review(review: Review) -> None:
    """A signed-off review: its summary, then progress on its actions or its files, until the
    person finishes."""
    signed_summary(review)
    has_actions = bool(review.snapshot().record.actions)
    no_actions = None if has_actions else "it has no actions"
    default = PROGRESS if has_actions else FILES
    while True:
        options = [
            Option("Record progress on its actions", PROGRESS, disabled=no_actions),
            Option(
                "Write the committee progress update (as of today)", UPDATE, disabled=no_actions
            ),
            Option("Write its files (PDF, JSON, CSV)", FILES),
            Option("Finish", FINISH),
        ]
        choice = answered(
            review.prompter.select(
                "This review is signed off. What next?",
                options,
                default=default,
            )
        )
        if choice == FINISH:
            return
        if choice == PROGRESS:
            record_progress(review)
            default = UPDATE  # progress recorded: the committee's update is the usual next step
            continue
        if choice == UPDATE:
            write_progress_update(review)
        else:
            offer_exports(review)
        default = FINISH


UPDATE_FORMATS: dict[ProgressFormat, str] = {
    "pdf": "PDF for the committee",
    "csv": "CSV",
    "json": "JSON",
}


def write_progress_update(review: Review) -> None:
    """The committee progress update as of today, in the formats chosen, named or anonymous
    (`npsworkshop progress` writes the same files); warnings about names are said."""
    from npsworkshop.progress_exporting import export_progress

    options: list[Option[ProgressFormat]] = [
        Option(name, fmt, checked=fmt == "pdf") for fmt, name in UPDATE_FORMATS.items()
    ]
    chosen = answered(review.prompter.checkbox("Which files should be written?", options))
    if not chosen:
        return
    anonymous = answered(
        review.prompter.confirm(
            "Leave out who recorded each entry (an anonymous copy to publish)?", default=False
        )
    )
    notices = review.workshop.notices
    for fmt in chosen:
        before = len(notices)
        try:
            path = export_progress(
                review.workshop, review.session, fmt, as_of=review.today, anonymous=anonymous
            )
        except (UserError, Failure) as exc:
            review.say(f"The progress update ({UPDATE_FORMATS[fmt]}) was not written: {exc}")
            continue
        review.say(*(wrap(notice, review.width) for notice in notices[before:]))
        del notices[before:]
        review.say(f"Written: {path}")


def record_progress(review: Review) -> None:
    """Show the actions as of today, then record updates one at a time until the person is done."""
    try:
        plan = review.workshop.cycle.action_plan(review.session)
    except (UserError, Failure) as exc:  # a progress log changed outside npsworkshop
        review.say(f"Progress cannot be recorded: {exc}")
        return
    followups = {s.id: s.title for s in review.workshop.list_sessions()}
    review.say("", "The actions, as of today:")
    review.say(action_lines(review, plan, followups))
    carried = sum(1 for action in plan.actions if plan.carried_to(action.ref))
    if carried == len(plan.actions):  # a carried action stays carried: nothing to choose here
        review.say(
            wrap(
                "Every action was carried forward to a follow-up; record progress there.",
                review.width,
            )
        )
        return
    if carried:
        review.say(
            wrap(
                "An action carried forward to a follow-up has its progress recorded there.",
                review.width,
            )
        )
    first = True
    while True:
        states = plan.report(review.today).actions
        options = [
            Option(
                _option_title(state, review.width),
                state.action.ref,
                disabled=_carried(plan, state, followups),
            )
            for state in states
        ]
        options.append(Option("None: finish recording progress", FINISH))
        ref = answered(
            review.prompter.select(
                "Which action has progress to record?" if first else "Which action next?",
                options,
                default=None if first else FINISH,
            )
        )
        if ref == FINISH:
            return
        first = False
        state = next(s for s in states if s.action.ref == ref)
        update_action(review, state)
        plan = review.workshop.cycle.action_plan(review.session)


def update_action(review: Review, state: ActionAsOf) -> None:
    """Ask the new status, the date, a note (and, once a run, who), then record it."""
    from npsworkshop.workshop.progress_log import Update

    ref = state.action.ref
    held_on = review.snapshot().record.held_on
    status = answered(
        review.prompter.select(
            f"{ref}'s status now:",
            [
                Option(in_words(s).capitalize() + (" (as now)" if s == state.status else ""), s)
                for s in ACTION_STATUSES
            ],
            default=state.status,
        )
    )
    on = parse_date(
        answered(
            review.prompter.text(
                f"Date of the update ({DATE_HINT}):",
                default=review.today.isoformat(),
                check=date_check(
                    "The date of the update",
                    required=True,
                    not_before=held_on,
                    not_after=review.today,
                ),
            )
        )
    )
    note = answered(
        review.prompter.text(
            "Note (what happened; optional):", check=text_check("The note", "text")
        )
    )
    if review.recorder is None:
        review.recorder = answered(
            review.prompter.text(
                "Who is recording this progress? (your name, kept with each update)",
                check=text_check("The name"),
            )
        ).strip()
    try:
        done = review.workshop.cycle.record_progress(
            review.session,
            Update(ref, status, note.strip() or None, on, review.recorder),
            review.today,
        )
    except (UserError, Failure) as exc:
        review.say(f"Not recorded: {exc}")
        return
    review.say(
        wrap(
            f"Recorded: {ref} {in_words(done.old_status)} -> {in_words(done.status)} "
            f"on {on.isoformat()}, by {review.recorder}.",
            review.width,
        )
    )


def action_lines(review: Review, plan: Plan, followups: dict[str, str]) -> list[str]:
    """Each action: its ref and title, then its area, owner, due date and status as of today."""
    lines: list[str] = []
    for state in plan.report(review.today).actions:
        action = state.action
        lines += wrap(action.title, review.width, "      ", f"  {action.ref:<3} ")
        details = [plan.pack.area(action.area).title]
        details.append(f"owner {action.owner}" if action.owner else "no owner")
        details.append(f"due {state.due.isoformat()}" if state.due else "no due date")
        details.append(_status(state))
        carried = _carried(plan, state, followups)
        if carried:
            details.append(carried)
        lines += wrap("; ".join(details), review.width, "      ")
    return lines


def _status(state: ActionAsOf) -> str:
    words = in_words(state.status)
    return f"{words}, OVERDUE" if state.overdue else words


def _option_title(state: ActionAsOf, width: int) -> str:
    """'A4 Train buyers (in progress, OVERDUE)', the title shortened to fit on one line."""
    return one_line(f"{state.action.ref} {state.action.title}", f" ({_status(state)})", width)


def _carried(plan: Plan, state: ActionAsOf, followups: dict[str, str]) -> str | None:
    """Where a carried action's progress is now recorded, or None."""
    session = plan.carried_to(state.action.ref)
    if session is None:
        return None
    title = followups.get(session)
    named = f"{session} ({title})" if title else session
    return f"carried forward to follow-up {named}"
