"""A whole review typed through the real prompts (questionary on prompt_toolkit's pipe input)."""

from __future__ import annotations

import io
from datetime import date

from mini_scripts import TODAY, WIDTH, stored
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from npsworkshop.framework.loader import available_packs
from npsworkshop.review.flow import review
from npsworkshop.review.questionary_prompts import QuestionaryPrompter
from npsworkshop.workspace import Workspace

DOWN = "\x1b[B"


def typed(*answers: str) -> str:
    """Text answers end with Enter; select numbers, y/n and raw keys are given as they are."""
    return "".join(answers)


def test_a_two_person_review_typed_at_the_keyboard(workspace: Workspace) -> None:
    mini = list(available_packs(workspace.root)).index("mini") + 1
    keys = typed(
        "Testshire County Council\r",
        "1\r",  # county council
        "w0600001\r",  # not a GSS code: refused...
        "\x15W06000015\r",  # ...cleared (Ctrl-U) and given again
        "\r",  # the suggested title
        "\r",  # today
        f"{mini}\r",
        "\r",  # every area
        "Jo Smith\r",
        "Adults\r",
        "y",
        "Ali Jones\r",
        "Children's Services\r",
        "n",
        # A plain area
        "3\r",  # Jo: mature
        "2\r",  # Ali: developing
        "\r",  # an empty justification is refused...
        "Few contracts seek social value.\r",  # ...and asked again
        "\r",  # ambition: one level up (mature)
        "\r",  # by the suggested date
        "y",
        "Adopt a social value policy\r",
        "Head of Procurement\r",
        "2027-03-31\r",
        "n",
        # An area with dimensions: Influence, then Processes
        "3\r",
        "6\r",  # Ali: don't know
        "4\r",
        "3\r",
        "Processes are written down.\r",
        "1\r",  # minimum is below the council's level: refused, and the Enter with it
        "4\r",  # leader
        "\r",  # by the suggested date
        "n",
        # Talent
        "2\r",
        "6\r",
        "A talent plan in Adults only.\r",
        "\r",
        "\r",
        "n",
        # Summary: sign off (Enter alone would leave it a draft), then export JSON only
        "1\r",
        "\r",  # signed off by Jo Smith
        "Head of Procurement\r",
        f" {DOWN} \r",
    )
    said = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()  # keys run out: the review stops (130) rather than waiting for more
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput(), stream=said)
        status = review(workspace, prompter, today=TODAY, width=WIDTH)

    assert status == 0, said.getvalue()
    snap = stored(workspace)
    assert snap.signed_off
    assert snap.record.organisation_type == "county"
    assert snap.record.organisation_code == "W06000015"
    assert snap.record.title == "Procurement maturity self-review 2026"
    assert [p.name for p in snap.record.participants] == ["Jo Smith", "Ali Jones"]
    assert [
        (a.id, a.current_level, a.ambition.level if a.ambition else None) for a in snap.areas
    ] == [
        ("plain", "developing", "mature"),
        ("gridded", "mature", "leader"),
        ("talent", "developing", "mature"),
    ]
    assert snap.area("plain").justification == "Few contracts seek social value."
    result = snap.area("gridded").result
    assert result is not None
    assert result.abstained == 1
    [action] = snap.area("plain").actions
    assert (action.owner, action.due) == ("Head of Procurement", date(2027, 3, 31))
    [exported] = list(workspace.exports_dir.iterdir())
    assert exported.suffix == ".json"
    out = said.getvalue()
    assert "Your council's level: Developing, set by Children's Services." in out
    assert f"Written: {exported}" in out
