"""The review's "record progress" path on a signed-off session, driven by a script, by the plain
prompts and by the real (questionary) prompts: each update is one entry in the progress log."""

from __future__ import annotations

import io
from datetime import date

import pytest
from mini_scripts import sign_with_plan
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from scripted_prompter import CTRL_C, ENTER, Script, ScriptedPrompter

from npsworkshop.assessment.progress import ProgressEntry
from npsworkshop.review.flow import review
from npsworkshop.review.plain_prompts import PlainPrompter
from npsworkshop.review.prompts import Prompter
from npsworkshop.review.questionary_prompts import QuestionaryPrompter
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

TODAY = date(2027, 4, 1)  # the actions due 2027-03-31 are overdue
WIDTH = 99
CHOOSE = "record progress on a signed-off review"


@pytest.fixture
def signed(workshop: Workshop, mini_session: str) -> str:
    return sign_with_plan(workshop, mini_session)


def run(workspace: Workspace, prompter: Prompter, today: date = TODAY) -> int:
    return review(workspace, prompter, today=today, width=WIDTH)


def scripted(workspace: Workspace, script: Script, status: int = 0) -> ScriptedPrompter:
    prompter = ScriptedPrompter(script)
    assert run(workspace, prompter) == status, prompter.output
    assert prompter.finished, f"unused answers: {list(prompter.script)}"
    return prompter


def flat(text: str) -> str:
    """Wrapped lines joined again."""
    return " ".join(text.split())


def log(workspace: Workspace, session: str) -> dict[str, tuple[ProgressEntry, ...]]:
    with Workshop.open(workspace) as workshop:
        plan = workshop.cycle.action_plan(session)
        assert workshop.verified_snapshot(session).signed_off  # the signed facts still verify
    return {action.ref: action.entries for action in plan.actions}


def test_updates_are_logged_one_by_one_and_who_is_asked_once(
    workspace: Workspace, signed: str
) -> None:
    prompter = scripted(
        workspace,
        [
            (CHOOSE, signed),
            ("What next", ENTER),  # record progress: the default for a plan with actions
            ("Which action has progress to record", "A1"),
            ("A1's status", "done"),
            ("Date of the update", "28/11/2026"),
            ("Note", "Policy adopted by cabinet"),
            ("Who is recording", "Jo Smith"),
            ("Which action next", "A4"),
            ("A4's status", "in-progress"),
            ("Date of the update", ENTER),  # today
            ("Note", ""),
            ("Which action next", ENTER),  # finish
            ("What next", ENTER),  # the committee progress update: the default after progress
            ("Which files should be written", ["pdf", "csv"]),
            ("Leave out who recorded", False),
            ("What next", ENTER),  # finish
        ],
    )
    written = sorted(p.name for p in workspace.exports_dir.iterdir())
    assert [name.rsplit("-progress-", 1)[1] for name in written] == [
        "2027-04-01.csv",
        "2027-04-01.pdf",
    ]
    assert all("-signed-named-progress-" in name for name in written)
    assert f"Written: {workspace.exports_dir / written[1]}" in prompter.lines
    entries = log(workspace, signed)
    [a1] = entries["A1"]
    assert (a1.status, a1.old_status, a1.on, a1.by, a1.note) == (
        "done",
        "open",
        date(2026, 11, 28),
        "Jo Smith",
        "Policy adopted by cabinet",
    )
    [a4] = entries["A4"]
    assert (a4.status, a4.on, a4.by, a4.note) == ("in-progress", TODAY, "Jo Smith", None)
    assert entries["A2"] == entries["A3"] == ()
    assert sum("Who is recording" in question for question in prompter.asked) == 1
    out = prompter.output
    assert "Recorded: A1 open -> done on 2026-11-28, by Jo Smith." in out  # echoed as ISO
    assert "Recorded: A4 open -> in progress on 2027-04-01, by Jo Smith." in out
    # the list as of today: area, owner, due and status, overdue marked
    assert "  A2  Improve An area with dimensions" in prompter.lines
    assert (
        "      An area with dimensions; owner Head of Procurement; due 2027-03-31; open, OVERDUE"
        in prompter.lines
    )
    assert "      Talent; no owner; no due date; open" in prompter.lines


def test_a_bad_date_is_refused_with_a_reason_and_asked_again(
    workspace: Workspace, signed: str
) -> None:
    prompter = scripted(
        workspace,
        [
            (CHOOSE, signed),
            ("What next", "progress"),
            ("Which action", "A2"),
            ("A2's status", "dropped"),
            ("Date of the update", "31.03.2027"),
            ("Date of the update", "04/01/2028"),  # 4 January 2028: in the future
            ("Date of the update", "2026-11-19"),  # before the review
            ("Date of the update", "2027-03-31"),
            ("Note", "Superseded by the new strategy"),
            ("Who is recording", "   "),
            ("Who is recording", "Ali Jones"),
            ("Which action next", ENTER),
            ("What next", "finish"),
        ],
    )
    reasons = [reason for _, reason in prompter.refused]
    assert reasons == [
        "'31.03.2027' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD, for example 31/03/2028",
        "The date of the update cannot be after 2027-04-01",
        "The date of the update cannot be before 2026-11-20",
        "The name must not be empty",
    ]
    [a2] = log(workspace, signed)["A2"]
    assert (a2.status, a2.on, a2.by) == ("dropped", date(2027, 3, 31), "Ali Jones")


def test_stopping_keeps_the_updates_already_made(workspace: Workspace, signed: str) -> None:
    prompter = scripted(
        workspace,
        [
            (CHOOSE, signed),
            ("What next", "progress"),
            ("Which action", "A3"),
            ("A3's status", "done"),
            ("Date of the update", ENTER),
            ("Note", ""),
            ("Who is recording", "Jo Smith"),
            ("Which action next", "A1"),
            ("A1's status", CTRL_C),
        ],
        status=130,
    )
    assert [e.status for e in log(workspace, signed)["A3"]] == ["done"]
    assert "To record progress or write its files, run this" in flat(prompter.output)


def test_a_carried_action_names_the_follow_up_that_holds_it(
    workspace: Workspace, signed: str
) -> None:
    with Workshop.open(workspace) as workshop:
        # A1 done first, so the follow-up carries A2-A4 only
        from npsworkshop.workshop.progress_log import Update

        workshop.cycle.record_progress(
            signed, Update("A1", "done", None, date(2027, 1, 5), "Jo Smith"), TODAY
        )
        followup = workshop.cycle.start_followup(
            signed, held_on=TODAY, title="Follow-up 2027", by="Jo Smith", today=TODAY
        )
    prompter = scripted(
        workspace,
        [
            ("Continue an unfinished review", signed),
            ("What next", "progress"),
            ("Which action", "A2"),  # carried: refused, naming the follow-up
            ("Which action", "A1"),
            ("A1's status", "in-progress"),
            ("Date of the update", ENTER),
            ("Note", "Reopened: the policy is being revised"),
            ("Who is recording", "Jo Smith"),
            ("Which action next", ENTER),
            ("What next", "finish"),
        ],
    )
    carried = f"carried forward to follow-up {followup} (Follow-up 2027)"
    assert prompter.refused == [("Which action has progress to record?", carried)]
    assert f"Talent; no owner; no due date; open; {carried}" in flat(prompter.output)
    assert "has its progress recorded there" in flat(prompter.output)
    assert [e.status for e in log(workspace, signed)["A1"]] == ["done", "in-progress"]


def test_the_plain_prompts_record_progress(workspace: Workspace, signed: str) -> None:
    lines = [
        "1",  # the signed session
        "",  # what next: record progress
        "2",  # A2
        "3",  # done
        "31/03/2027",
        "Framework let",
        "Jo Smith",
        "",  # which action next: finish
        "4",  # what next: finish (the progress update is the default now)
    ]
    said = io.StringIO()
    prompter = PlainPrompter(input=io.StringIO("\n".join(lines) + "\n"), output=said)
    assert run(workspace, prompter) == 0, said.getvalue()
    [a2] = log(workspace, signed)["A2"]
    assert (a2.status, a2.on, a2.by, a2.note) == (
        "done",
        date(2027, 3, 31),
        "Jo Smith",
        "Framework let",
    )
    out = said.getvalue()
    assert "  2. A2 Improve An area with dimensions (open, OVERDUE)" in out
    assert "Recorded: A2 open -> done on 2027-03-31, by Jo Smith." in out


def test_the_real_prompts_record_progress(workspace: Workspace, signed: str) -> None:
    keys = "".join(
        [
            "1\r",  # the signed session
            "\r",  # record progress
            "1\r",  # A1
            "2\r",  # in progress
            "\r",  # today
            "Tender out\r",
            "Jo Smith\r",
            "\r",  # finish
            "4\r",  # finish (the progress update is the default now)
        ]
    )
    said = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput(), stream=said)
        assert run(workspace, prompter) == 0, said.getvalue()
    [a1] = log(workspace, signed)["A1"]
    assert (a1.status, a1.on, a1.by, a1.note) == ("in-progress", TODAY, "Jo Smith", "Tender out")


def test_a_plan_carried_whole_to_a_follow_up_says_so(workspace: Workspace, signed: str) -> None:
    with Workshop.open(workspace) as workshop:
        workshop.cycle.start_followup(signed, held_on=TODAY, title="Follow-up 2027", today=TODAY)
    prompter = scripted(
        workspace,
        [
            ("Continue an unfinished review", signed),
            ("What next", "progress"),
            ("What next", "finish"),
        ],
    )
    out = flat(prompter.output)
    assert "Every action was carried forward to a follow-up; record progress there." in out
    assert "has its progress recorded there" not in out
    assert all(entry.carried_to for entries in log(workspace, signed).values() for entry in entries)


def test_an_anonymous_progress_update_says_where_free_text_names_someone(
    workspace: Workspace, signed: str
) -> None:
    """The review writes the committee's update as `progress --anonymous` does: who recorded
    an entry becomes their role, and a note naming a participant is warned about by letter."""
    prompter = scripted(
        workspace,
        [
            (CHOOSE, signed),
            ("What next", "progress"),
            ("Which action has progress to record", "A1"),
            ("A1's status", "done"),
            ("Date of the update", ENTER),
            ("Note", "Agreed with Sam Patel"),
            ("Who is recording", "Jo Smith"),
            ("Which action next", ENTER),
            ("What next", "update"),
            ("Which files should be written", ["json"]),
            ("Leave out who recorded", True),
            ("What next", "finish"),
        ],
    )
    [written] = list(workspace.exports_dir.iterdir())
    assert "-signed-anonymous-progress-" in written.name
    text = written.read_text(encoding="utf-8")
    assert "Jo Smith" not in text and '"by": "Category manager"' in text
    said = flat(prompter.output)
    start = said.index("A1 last update's note contains the name of participant ")
    warning = said[start : said.index("Written:", start)]
    assert "Sam" not in warning and "Patel" not in warning  # a letter, never the name
