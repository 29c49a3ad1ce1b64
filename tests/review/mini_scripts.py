"""Script pieces for reviews of the mini pack, and reading back what the service stored."""

from __future__ import annotations

from datetime import date

from scripted_prompter import ENTER, Script, ScriptedPrompter

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.review.flow import review
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

TODAY = date(2026, 11, 20)
WIDTH = 99


def run_review(workspace: Workspace, script: Script) -> tuple[int, ScriptedPrompter]:
    """Run a review with a script on a fixed date; every answer in the script must be used."""
    prompter = ScriptedPrompter(script)
    status = review(workspace, prompter, today=TODAY, width=WIDTH)
    assert prompter.finished, f"unused answers: {list(prompter.script)}"
    return status, prompter


def stored(workspace: Workspace, session_id: str | None = None) -> SessionSnapshot:
    """The session as the service has it (the only session when no id is given)."""
    with Workshop.open(workspace) as workshop:
        if session_id is None:
            (only,) = workshop.list_sessions()
            session_id = only.id
        return workshop.snapshot(session_id)


def sign_with_plan(workshop: Workshop, session_id: str) -> str:
    """`mini_session` complete and signed off on 2026-11-27: A1-A3 due 2027-03-31 (one per
    area), A4 with no due date; the service is closed so a review can open the database."""
    from conftest import complete

    complete(workshop, session_id)
    workshop.add_action(session_id, "talent", "Publish a pipeline", None, None)
    workshop.sign_off(session_id, "A. Chief", "Director", date(2026, 11, 27))
    workshop.close()
    return session_id


def new_mini_review(*people: tuple[str, str]) -> Script:
    """Start a new review of every area of the mini pack with these (name, department)."""
    script: Script = [
        ("Which council", "Testshire County Council"),
        ("type of council", "county"),
        ("GSS code", ENTER),
        ("Title", "Baseline 2026"),
        ("Date of the review", ENTER),
        ("Which framework", "mini"),
        ("Which areas", ENTER),
    ]
    for index, (name, department) in enumerate(people):
        script += [
            ("first person" if index == 0 else "next person", name),
            ("department", department),
            ("anyone else", index < len(people) - 1),
        ]
    return script
