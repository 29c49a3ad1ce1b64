"""The quick review driven by canned answers; what matters is what the service stored."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from mini_scripts import new_mini_review, run_review, stored
from scripted_prompter import CTRL_C, ENTER, Script

import npsworkshop.exporting
from npsworkshop.workspace import Workspace

PEOPLE = (("Jo Smith", "Adults"), ("Ali Jones", "Children's Services"))

PLAIN_AREA: Script = [
    ("Jo Smith's level", "mature"),
    ("Ali Jones's level", "developing"),
    ("Evidence", "Children's services seek social value in only a few contracts."),
    ("Ambition for A plain area", ENTER),
    ("By when", ENTER),
    ("Add an action for A plain area", True),
    ("Action", "Adopt a social value policy"),
    ("Who owns it", "Head of Procurement"),
    ("Due by", "2027-03-31"),
    ("Add another action", False),
]
GRIDDED_AREA: Script = [
    ("Jo Smith's level for Influence", "mature"),
    ("Ali Jones's level for Influence", "dont-know"),
    ("Jo Smith's level for Processes", "leader"),
    ("Ali Jones's level for Processes", "mature"),
    ("Evidence", "Processes are written down; influence depends on the directorate."),
    ("Ambition for An area with dimensions", "leader"),
    ("By when", "31/03/2028"),
    ("Add an action for An area with dimensions", False),
]
TALENT: Script = [
    ("Jo Smith's level", "developing"),
    ("Ali Jones's level", "dont-know"),
    ("Evidence", "A talent plan exists in Adults only."),
    ("Ambition for Talent", ENTER),
    ("By when", "none"),
    ("Add an action for Talent", False),
]
SIGN_OFF: Script = [
    ("What next", "sign"),
    ("Signed off by", ENTER),
    ("role", "Head of Procurement"),
]


def test_two_people_review_three_areas_signed_off_and_exported(workspace: Workspace) -> None:
    script = [
        *new_mini_review(*PEOPLE),
        *PLAIN_AREA,
        *GRIDDED_AREA,
        *TALENT,
        *SIGN_OFF,
        ("Which files", ["json", "csv"]),
    ]
    status, prompter = run_review(workspace, script)

    assert status == 0
    snap = stored(workspace)
    assert snap.record.organisation_name == "Testshire County Council"
    assert snap.record.organisation_type == "county"
    assert snap.record.held_on == date(2026, 11, 20)
    assert snap.record.framework.id == "mini"
    assert [(p.name, p.department) for p in snap.record.participants] == list(PEOPLE)

    plain = snap.area("plain")
    assert plain.result is not None
    assert plain.result.weakest_level == "developing"
    assert plain.result.weakest_by == ("p2",)
    assert plain.ambition is not None
    assert (plain.ambition.level, plain.ambition.by) == ("mature", date(2028, 3, 31))
    [action] = plain.actions
    assert (action.title, action.owner, action.due) == (
        "Adopt a social value policy",
        "Head of Procurement",
        date(2027, 3, 31),
    )

    gridded = snap.area("gridded")
    assert gridded.result is not None
    assert gridded.result.weakest_level == "mature"
    assert gridded.result.abstained == 1
    assert {(r.participant, r.dimension, r.level) for r in gridded.ratings} == {
        ("p1", "influence", "mature"),
        ("p2", "influence", None),
        ("p1", "processes", "leader"),
        ("p2", "processes", "mature"),
    }
    assert gridded.ambition is not None
    assert (gridded.ambition.level, gridded.ambition.by) == ("leader", date(2028, 3, 31))

    talent = snap.area("talent")
    assert talent.current_level == "developing"
    assert talent.ambition is not None
    assert (talent.ambition.level, talent.ambition.by) == ("mature", None)

    assert snap.record.sign_off is not None
    assert (snap.record.sign_off.name, snap.record.sign_off.role) == (
        "Jo Smith",
        "Head of Procurement",
    )

    out = prompter.output
    assert "Your council's level: developing, set by Children's Services." in out
    assert "Your council's level: mature, set by Adults (Influence) and Children's Services" in out
    assert "Your council's level: developing, set by Adults." in out
    assert snap.record.sign_off.fingerprint in out
    written = sorted(p.name for p in workspace.exports_dir.iterdir())
    assert written == [
        "testshire-county-council-baseline-2026-2026-11-20-signed-named-actions.csv",
        "testshire-county-council-baseline-2026-2026-11-20-signed-named.csv",
        "testshire-county-council-baseline-2026-2026-11-20-signed-named.json",
    ]
    exported = json.loads((workspace.exports_dir / written[2]).read_text(encoding="utf-8"))
    assert exported["sign_off"]["name"] == "Jo Smith"
    for name in written:
        assert f"Written: {workspace.exports_dir / name}" in out


def test_the_summary_lists_current_and_ambition_per_area(workspace: Workspace) -> None:
    script = [
        *new_mini_review(("Jo Smith", "")),
        ("Jo Smith's level", "developing"),
        ("Evidence", "Policy only."),
        ("Ambition", "leader"),
        ("By when", ENTER),
        ("Add an action", False),
        ("Jo Smith's level for Influence", CTRL_C),
    ]
    run_review(workspace, script)
    _, prompter = run_review(
        workspace,
        [
            ("Continue", stored(workspace).id),
            ("Jo Smith's level for Influence", "minimum"),
            ("Jo Smith's level for Processes", "minimum"),
            ("Evidence", "Nothing yet."),
            ("Ambition", ENTER),
            ("By when", ENTER),
            ("Add an action", False),
            ("Jo Smith's level", "dont-know"),
            ("Give the levels again", False),
            ("What next", "draft"),
            ("Which files", []),
        ],
    )
    lines = prompter.lines
    table = lines.index("Area                     Now         Ambition    By          Actions")
    assert lines[table + 1 : table + 4] == [
        "A plain area             developing  leader      2028-03-31  0",
        "An area with dimensions  minimum     developing  2028-03-31  0",
        "Talent                   not rated   not set                 0",
    ]
    assert "Still missing before it can be signed off:" in lines
    assert "  Talent: ratings; a justification; an ambition" in lines
    assert "Your council's level: minimum, set by Jo Smith (Influence, Processes)." in lines
    assert stored(workspace).record.sign_off is None


def test_ctrl_c_keeps_every_answer_and_the_next_run_continues_where_it_stopped(
    workspace: Workspace,
) -> None:
    status, prompter = run_review(
        workspace,
        [
            *new_mini_review(*PEOPLE),
            *PLAIN_AREA,
            ("Jo Smith's level for Influence", "mature"),
            ("Ali Jones's level for Influence", CTRL_C),
        ],
    )
    assert status == 130
    snap = stored(workspace)
    assert snap.area("plain").complete
    assert len(snap.area("plain").actions) == 1
    assert [(r.participant, r.level) for r in snap.area("gridded").ratings] == [("p1", "mature")]
    assert "Stopped. Everything you answered is saved (1 of 3 areas complete)." in prompter.output
    assert f"  npsworkshop --workspace {workspace.root} review" in prompter.lines
    assert "It will continue at: An area with dimensions, the levels." in prompter.output

    status, prompter = run_review(
        workspace,
        [
            ("Continue an unfinished review", snap.id),
            # Straight to the first unanswered question: Jo's Influence is not asked again.
            ("Ali Jones's level for Influence", "developing"),
            *GRIDDED_AREA[2:],
            *TALENT,
            *SIGN_OFF,
            ("Which files", []),
        ],
    )
    assert status == 0
    assert "Carrying on at: An area with dimensions, the levels." in prompter.output
    snap = stored(workspace)
    assert snap.signed_off
    result = snap.area("gridded").result
    assert result is not None
    assert result.weakest_level == "developing"


def test_ctrl_c_in_the_actions_resumes_at_the_actions(workspace: Workspace) -> None:
    start = [*new_mini_review(("Jo Smith", "Adults")), *PLAIN_AREA[:1], *PLAIN_AREA[2:5]]
    status, _ = run_review(workspace, [*start, ("Add an action", CTRL_C)])
    assert status == 130
    session = stored(workspace).id

    status, prompter = run_review(
        workspace,
        [
            ("Continue", session),
            ("Add an action for A plain area", True),
            ("Action", "Write a talent plan"),
            ("Who owns it", ""),
            ("Due by", ""),
            ("Add another action", CTRL_C),
        ],
    )
    assert status == 130
    assert "Carrying on at: A plain area, the actions." in prompter.output
    [action] = stored(workspace).area("plain").actions
    assert (action.title, action.owner, action.due) == ("Write a talent plan", None, None)

    status, prompter = run_review(
        workspace, [("Continue", session), ("Add another action", CTRL_C)]
    )
    assert "Actions for A plain area so far:" in prompter.lines
    assert "  - Write a talent plan" in prompter.lines


def test_ctrl_c_before_the_session_exists_saves_nothing(workspace: Workspace) -> None:
    status, prompter = run_review(
        workspace, [("Which council", "Testshire County Council"), ("type of council", CTRL_C)]
    )
    assert status == 130
    assert "Stopped. Nothing was saved" in prompter.output
    from npsworkshop.workshop import Workshop

    with Workshop.open(workspace) as workshop:
        assert workshop.list_sessions() == []


def test_bad_answers_are_refused_with_a_reason_and_asked_again(workspace: Workspace) -> None:
    script = [
        ("Which council", "   "),
        ("Which council", "Testshire County Council"),
        ("type of council", "other"),
        ("Type of organisation", "fire authority"),
        ("GSS code", "E1000000"),
        ("GSS code", "e10000003"),
        ("Title", "x" * 301),
        ("Title", "Baseline"),
        ("Date of the review", "31/02/2026"),
        ("Date of the review", "2026-11-20"),
        ("Which framework", "mini"),
        ("Which areas", []),
        ("Which areas", ["plain"]),
        ("first person", "Jo Smith"),
        ("department", ""),
        ("anyone else", True),
        ("next person", "jo smith"),
        ("next person", "Sam Patel"),
        ("department", "Finance"),
        ("anyone else", False),
        ("Jo Smith's level", "mature"),
        ("Sam Patel's level", "developing"),
        ("Evidence", "  "),
        ("Evidence", "Finance has no contract register."),
        ("Ambition", "minimum"),
        ("Ambition", "developing"),
        ("By when", "soon"),
        ("By when", "2025-01-01"),
        ("By when", "2027-09-30"),
        ("Add an action", True),
        ("Action", ""),
        ("Action", "Start a contract register"),
        ("Who owns it", "Finance"),
        ("Due by", "next week"),
        ("Due by", "2027-06-30"),
        ("Add another action", False),
        ("What next", "draft"),
        ("Which files", []),
    ]
    status, prompter = run_review(workspace, script)

    assert status == 0
    assert prompter.refused == [
        ("Which council is this for?", "The council's name must not be empty"),
        (
            "Its GSS code (optional; E or W and 8 digits, e.g. E08000035):",
            "'E1000000' is not a GSS code (E or W and 8 digits, e.g. E08000035); "
            "leave it empty for none",
        ),
        ("Title of this review:", "The title is too long (at most 300 characters)"),
        (
            "Date of the review (YYYY-MM-DD):",
            "'31/02/2026' is not a date in the calendar; write it as DD/MM/YYYY or YYYY-MM-DD, for example 31/03/2028",
        ),
        ("Which areas will you assess now?", "Choose at least one area (space ticks it)."),
        ("Name of the next person answering:", "jo smith is already answering; give another name."),
        ("Evidence:", "The evidence must not be empty"),
        ("Ambition for A plain area:", "below the council's level, developing"),
        (
            "By when? (YYYY-MM-DD; none for no date)",
            "'soon' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD, for example 31/03/2028",
        ),
        (
            "By when? (YYYY-MM-DD; none for no date)",
            "The date cannot be before 2026-11-20",
        ),
        ("Action (what will be done):", "The action must not be empty"),
        (
            "Due by? (YYYY-MM-DD; optional)",
            "'next week' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD, for example 31/03/2028",
        ),
    ]
    snap = stored(workspace)
    assert snap.record.organisation_type == "fire authority"
    assert snap.record.organisation_code == "E10000003"
    assert snap.record.title == "Baseline"
    assert snap.record.scope == ("plain",)
    plain = snap.area("plain")
    assert plain.justification == "Finance has no contract register."
    assert plain.ambition is not None
    assert (plain.ambition.level, plain.ambition.by) == ("developing", date(2027, 9, 30))
    assert plain.ambition_kind == "maintain"
    [action] = plain.actions
    assert (action.title, action.owner, action.due) == (
        "Start a contract register",
        "Finance",
        date(2027, 6, 30),
    )


def test_nobody_giving_a_level_is_asked_again_or_left_for_later(workspace: Workspace) -> None:
    start = new_mini_review(("Jo Smith", "Adults"))
    status, prompter = run_review(
        workspace,
        [
            *start[:6],
            ("Which areas", ["talent"]),
            *start[7:],
            ("Jo Smith's level", "dont-know"),
            ("Give the levels again", True),
            ("Jo Smith's level", "dont-know"),
            ("Give the levels again", False),
            ("What next", "missing"),
            ("Jo Smith's level", "minimum"),
            ("Evidence", "No training budget."),
            ("Ambition", ENTER),
            ("By when", ENTER),
            ("Add an action", False),
            ("What next", "draft"),
            ("Which files", []),
        ],
    )
    assert status == 0
    assert "Nobody gave a level, so this area has no result yet." in prompter.output
    assert "This area stays unfinished; the review comes back to it at the end." in prompter.lines
    talent = stored(workspace).area("talent")
    assert talent.complete
    assert talent.current_level == "minimum"
    assert talent.ambition is not None
    assert talent.ambition.level == "developing"


def test_changing_an_area_offers_the_stored_answers(workspace: Workspace) -> None:
    start = new_mini_review(("Jo Smith", "Adults"))
    run_review(
        workspace,
        [
            *start[:6],
            ("Which areas", ["plain"]),
            *start[7:],
            ("Jo Smith's level", "mature"),
            ("Evidence", "Strong policy."),
            ("Ambition", "leader"),
            ("By when", "2028-06-30"),
            ("Add an action", False),
            ("What next", "change"),
            ("Which area", "plain"),
            ("Jo Smith's level", "developing"),
            ("Evidence", ENTER),
            ("Ambition", ENTER),
            ("By when", ENTER),
            ("Add an action", False),
            ("What next", "draft"),
            ("Which files", []),
        ],
    )
    plain = stored(workspace).area("plain")
    assert plain.current_level == "developing"
    assert plain.justification == "Strong policy."
    assert plain.ambition is not None
    assert (plain.ambition.level, plain.ambition.by) == ("leader", date(2028, 6, 30))


def test_a_session_made_elsewhere_is_continued_with_its_own_people(
    workspace: Workspace, mini_session: str
) -> None:
    from npsworkshop.workshop import Workshop

    with Workshop.open(workspace) as workshop:
        workshop.rate(mini_session, "plain", "p1", "leader")
    status, prompter = run_review(
        workspace,
        [
            ("Continue", mini_session),
            ("Sam Patel's level", "mature"),
            ("Ali Jones's level", "developing"),
            ("Evidence", CTRL_C),
        ],
    )
    assert status == 130
    assert "Your council's level: developing, set by Children's Services." in prompter.output
    plain = stored(workspace, mini_session).area("plain")
    assert [(r.participant, r.level) for r in plain.ratings] == [
        ("p1", "leader"),
        ("p2", "mature"),
        ("p3", "developing"),
    ]


def test_a_pdf_that_cannot_be_made_is_reported_and_the_others_offered(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_export = npsworkshop.exporting.export_session

    def export(workshop: Any, session_id: str, fmt: str, *args: Any, **kw: Any) -> list[Path]:
        if fmt == "pdf":
            raise RuntimeError("the renderer broke")
        return real_export(workshop, session_id, fmt, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(npsworkshop.exporting, "export_session", export)
    start = new_mini_review(("Jo Smith", "Adults"))
    status, prompter = run_review(
        workspace,
        [
            *start[:6],
            ("Which areas", ["plain"]),
            *start[7:],
            ("Jo Smith's level", "mature"),
            ("Evidence", "Strong policy."),
            ("Ambition", ENTER),
            ("By when", ENTER),
            ("Add an action", False),
            ("What next", "draft"),
            ("Which files", ENTER),
            ("Write these instead", ["json"]),
        ],
    )
    assert status == 0
    log = workspace.log_file
    assert (
        f"The PDF action plan could not be made (RuntimeError); details are in {log}."
        in prompter.output
    )
    assert "the renderer broke" in log.read_text(encoding="utf-8")
    assert [p.suffix for p in workspace.exports_dir.iterdir()] == [".json"]


def test_a_review_open_in_another_program_is_not_changed_here(workspace: Workspace) -> None:
    from reliability.helpers import hold_session

    status, _ = run_review(
        workspace, [*new_mini_review(("Jo Smith", "Adults")), ("Jo Smith's level", CTRL_C)]
    )
    assert status == 130
    session = stored(workspace).id
    holder = hold_session(workspace, session)
    try:
        status, prompter = run_review(workspace, [("Continue", session)])
        assert status == 1
        assert "is open for editing in the workshop app" in prompter.output
        assert "Nothing was changed" in prompter.output
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)
    assert stored(workspace).record.ratings == ()


ONE_AREA_SCOPE: Script = [
    ("Which council", "Testshire County Council"),
    ("type of council", "county"),
    ("GSS code", ENTER),
    ("Title", "Baseline 2026"),
    ("Date of the review", ENTER),
    ("Which framework", "mini"),
    ("Which areas", ["plain"]),
    ("first person", "Jo Smith"),
    ("department", "Adults"),
    ("anyone else", False),
    ("Jo Smith's level", "mature"),
    ("Evidence", "Policy adopted."),
    ("Ambition", ENTER),
    ("By when", ENTER),
    ("Add an action", False),
]


def test_enter_at_what_next_never_signs_off(workspace: Workspace) -> None:
    status, prompter = run_review(
        workspace, [*ONE_AREA_SCOPE, ("What next", ENTER), ("Which files", [])]
    )
    assert status == 0
    assert "Every area is complete: it can be signed off." in prompter.lines
    assert stored(workspace).record.sign_off is None


def test_a_signed_review_stopped_at_its_files_offers_them_on_the_next_run(
    workspace: Workspace,
) -> None:
    status, prompter = run_review(workspace, [*ONE_AREA_SCOPE, *SIGN_OFF, ("Which files", CTRL_C)])
    assert status == 130
    assert stored(workspace).signed_off
    out = prompter.output
    assert "Stopped. The review is signed off and saved" in out
    assert "To record progress or write its files" in " ".join(out.split())
    assert "It will continue at" not in out
    assert not workspace.exports_dir.exists() or not any(workspace.exports_dir.iterdir())

    status, prompter = run_review(
        workspace,
        [
            ("record progress on a signed-off review or write its files", stored(workspace).id),
            ("What next", ENTER),  # its files: it has no actions to record progress on
            ("Which files", ["json"]),
            ("What next", ENTER),  # finish
        ],
    )
    assert status == 0
    [written] = list(workspace.exports_dir.iterdir())
    assert written.suffix == ".json"
    assert json.loads(written.read_text(encoding="utf-8"))["sign_off"]["name"] == "Jo Smith"
    assert "Signed off by Jo Smith (Head of Procurement)" in prompter.output
    assert "Done. The review is signed off" in prompter.output


def test_the_resume_hint_quotes_a_workspace_with_spaces(workspace: Workspace) -> None:
    spaced = workspace.root / "Procurement team's reviews"
    shutil.copytree(workspace.content_dir, spaced / "content")  # the mini pack
    workspace = Workspace(spaced)
    status, prompter = run_review(workspace, [*ONE_AREA_SCOPE[:-5], ("Jo Smith's level", CTRL_C)])
    assert status == 130
    root = str(workspace.root)
    quoted = "'" + root.replace("'", "'\"'\"'") + "'"
    assert f"  npsworkshop --workspace {quoted} review" in prompter.lines


def test_a_review_dated_in_the_year_9999_is_refused_and_asked_again(workspace: Workspace) -> None:
    """The review once crashed on 9999; the shared date parser refuses years no workshop means."""
    script: list[tuple[str, object]] = []
    for question, answer in ONE_AREA_SCOPE:
        if question == "Date of the review":
            script.append((question, "9999-12-31"))
        script.append((question, answer))
    status, prompter = run_review(workspace, [*script, ("What next", "draft"), ("Which files", [])])
    assert status == 0
    assert any("the year must be between" in reason for _question, reason in prompter.refused)
    assert stored(workspace).record.held_on.year < 9999


def test_council_types_are_the_contract_ids(workspace: Workspace) -> None:
    """The review stores the ids the app and the regional store use (CONTRACT §9)."""
    from npsworkshop.region.councils import COUNCIL_TYPES
    from npsworkshop.review.starting import ORGANISATION_TYPES, OTHER

    assert [value for value, _ in ORGANISATION_TYPES] == [*COUNCIL_TYPES, OTHER]
    script = [
        (question, "metropolitan district" if question == "type of council" else answer)
        for question, answer in ONE_AREA_SCOPE
    ]
    status, _ = run_review(workspace, [*script, ("What next", "draft"), ("Which files", [])])
    assert status == 0
    assert stored(workspace).record.organisation_type == "metropolitan district"
    assert stored(workspace).record.organisation_code is None


def test_what_is_still_missing_is_asked_whatever_made_it_missing(workspace: Workspace) -> None:
    """Ratings raised in the app after the review set the ambition leave it below the level, and
    an agreed level the ratings caught up with says nothing: "Answer what is still missing"
    asks the ambition and clears the spent agreed level, instead of showing the same summary
    for ever (trial F20), and the summary says what is missing in words, not codes."""
    from npsworkshop.workshop import Workshop

    status, _ = run_review(
        workspace,
        [
            *new_mini_review(("Jo Smith", "Adults")),
            *[step for step in PLAIN_AREA if step[0] != "Ali Jones's level"],
            ("Jo Smith's level for Influence", CTRL_C),
        ],
    )
    assert status == 130
    session = stored(workspace).id
    with Workshop.open(workspace) as workshop:  # the facilitator, in the app, later
        workshop.moderate(session, "plain", "developing", "The evidence is thin")
        workshop.rate(session, "plain", "p1", "leader")
        workshop.moderate(session, "plain", None, None)
        workshop.moderate(session, "plain", "mature", "Agreed in the room")
        workshop.rate(session, "plain", "p1", "mature")  # the rule now gives mature too
    missing = stored(workspace).area("plain").missing
    assert "moderation" in missing

    status, prompter = run_review(
        workspace,
        [
            ("Continue an unfinished review", session),
            ("Add another action", False),
            ("Jo Smith's level for Influence", CTRL_C),
        ],
    )
    assert "Carrying on at: A plain area, the evidence." in prompter.output
    assert "the agreed level is cleared" in " ".join(prompter.output.split())
    plain = stored(workspace).area("plain")
    assert plain.agreed_level is None and plain.current_level == "mature"
    assert "moderation" not in plain.missing

    with Workshop.open(workspace) as workshop:
        workshop.rate(session, "plain", "p1", "innovator")  # above the ambition (leader)
    from npsworkshop.review.wording import summary_lines

    summary = "\n".join(summary_lines(stored(workspace), 99))
    assert "A plain area: an ambition at or above the current level" in summary  # not a code
    status, prompter = run_review(
        workspace,
        [
            ("Continue an unfinished review", session),
            ("Ambition for A plain area", "innovator"),
            ("By when", ENTER),
            ("Add another action", False),
            ("Jo Smith's level for Influence", CTRL_C),
        ],
    )
    assert "Carrying on at: A plain area, the ambition." in prompter.output
    assert "an ambition at or above the current level" not in prompter.output
    plain = stored(workspace).area("plain")
    assert plain.ambition is not None and plain.ambition.level == "innovator"
    assert plain.complete
