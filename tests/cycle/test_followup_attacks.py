"""The red team's attacks on follow-ups and the progress log (session 3: R2, R11, R15, R17,
R20 and the smaller observations): each is refused, naming the field, with nothing written."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from npsworkshop.assessment.baseline import baseline_document
from npsworkshop.errors import InputError, Refused
from npsworkshop.interchange.json_format import export_document, import_file
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.followup import baseline_facts
from npsworkshop.workshop.imported_followup import IMPORTED_BY
from npsworkshop.workshop.progress_log import Update
from reliability.helpers import hold_session
from test_interchange import write

TODAY = date(2027, 6, 30)
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J<b>Mallory</b>\nline2"


def carried_entries(workshop: Workshop, baseline: str) -> list[tuple[str, str | None, str]]:
    """(ref, carried to, by) of every "carried forward" entry in the baseline's log."""
    plan = workshop.cycle.action_plan(baseline)
    return [(e.ref, e.carried_to, e.by) for a in plan.actions for e in a.entries if e.carried_to]


def followup_document(workshop: Workshop, baseline: str, **carried: list[str]) -> dict[str, Any]:
    """A draft follow-up of `baseline` as another machine would export it: per area, the refs
    it carries (`plain=["A1"]`)."""
    snapshot = workshop.verified_snapshot(baseline)
    document = export_document(snapshot)
    for key in ("id", "fingerprint", "imported"):
        document.pop(key, None)
    document.update(
        title="Follow-up",
        held_on="2027-11-20",
        sign_off=None,
        baseline=baseline_document(baseline_facts(snapshot)),
        areas={
            area: {
                "actions": [
                    {"title": f"Carried {ref}", "status": "open", "carried_from": ref}
                    for ref in refs
                ]
            }
            for area, refs in carried.items()
        },
    )
    return document


def sessions(workshop: Workshop) -> int:
    return len(workshop.list_sessions())


def test_a_forged_baseline_block_is_refused_naming_the_field(
    workshop: Workshop, signed: str, tmp_path: Path
) -> None:
    """R2: the baseline is here, so its made-up level is not believed and its log untouched."""
    document = followup_document(workshop, signed, plain=["A1"], talent=["A5"])
    document["baseline"]["areas"]["plain"]["level"] = "innovator"
    before = sessions(workshop)
    with pytest.raises(InputError) as caught:
        import_file(workshop, write(tmp_path, document))
    assert caught.value.exit_status == 2
    message = str(caught.value)
    assert "baseline.areas.plain.level: 'innovator' in the file" in message
    assert f"session {signed} here" in message and "'developing'" in message
    assert "nothing was imported" in message
    assert sessions(workshop) == before and carried_entries(workshop, signed) == []
    document = followup_document(workshop, signed, plain=["A1"])
    document["baseline"]["held_on"] = "2026-11-19"
    with pytest.raises(InputError, match=r"baseline.held_on: 2026-11-19 in the file"):
        import_file(workshop, write(tmp_path, document))


def test_only_outstanding_actions_are_marked_each_once(
    workshop: Workshop, signed: str, tmp_path: Path
) -> None:
    """R2: a done action, an action of another area and one already carried are not marked;
    a ref carried twice in one file is refused; the import, not the file, is named as who."""
    done_on = date(2026, 11, 28)  # the day after the sign-off: done as of any later day
    workshop.cycle.record_progress(signed, Update("A2", "done", by="Jo", on=done_on), TODAY)
    twice = followup_document(workshop, signed, plain=["A1", "A2"], talent=["A5", "A1"])
    with pytest.raises(InputError, match=r"areas.talent.actions\[1\].carried_from: A1 is carried"):
        import_file(workshop, write(tmp_path, twice))
    # A4 belongs to `gridded`, not `plain`; A2 is done.
    document = followup_document(workshop, signed, plain=["A1", "A2", "A4"], talent=["A5"])
    document["facilitator"] = "Mallory"
    first = import_file(workshop, write(tmp_path, document))
    assert carried_entries(workshop, signed) == [
        ("A1", first, IMPORTED_BY),
        ("A5", first, IMPORTED_BY),
    ]
    unmarked = workshop.cycle.unmarked_carried(first)
    assert unmarked is not None and unmarked.baseline == signed
    assert unmarked.refs == ("A2", "A4")
    # The same file again: a second draft, and nothing is carried a second time.
    import_file(workshop, write(tmp_path, document, "again.json"))
    assert len(carried_entries(workshop, signed)) == 2
    workshop.cycle.record_progress(signed, Update("A3", "in-progress", by="Jo", on=TODAY), TODAY)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("fingerprint", "\x1b[31m" + "e" * 59, "baseline.fingerprint"),
        ("fingerprint", "not-a-fingerprint", "baseline.fingerprint"),
        ("session", ESCAPES, "baseline.session"),
        ("held_on", "2099-01-01", "baseline.held_on"),
        ("areas.no-such-area", {"level": "mature"}, "baseline.areas: 'no-such-area'"),
        ("areas.plain.ambition", {"level": "leader", "by": "1901-01-01"}, "ambition.by"),
        ("areas.plain.interim", {"level": "mature", "by": "2029-01-01"}, "interim.by"),
    ],
)
def test_the_baseline_block_is_checked_for_structure(
    workshop: Workshop, signed: str, tmp_path: Path, path: str, value: Any, field: str
) -> None:
    """R11: exit 2 naming `baseline.<field>`, never a database CHECK failure; a control
    character is shown escaped."""
    document = followup_document(workshop, signed, plain=["A1"])
    *parents, last = path.split(".")
    node = document["baseline"]
    for part in parents:
        node = node[part]
    node[last] = value
    before = sessions(workshop)
    with pytest.raises(InputError) as caught:
        import_file(workshop, write(tmp_path, document))
    assert caught.value.exit_status == 2 and field in str(caught.value)
    assert "\x1b" not in str(caught.value)
    assert sessions(workshop) == before and carried_entries(workshop, signed) == []


def test_followup_checks_by_and_title_as_actions_update_does(
    workshop: Workshop, signed: str
) -> None:
    """R15: `by` goes into the baseline's permanent log; a title over the limit is refused."""
    before = sessions(workshop)
    for by, title, field in [
        (ESCAPES, None, "--by: must be one line of text without control characters"),
        ("x" * 201, None, "--by"),
        ("A. Facilitator", "t" * 301, "--title"),
        ("A. Facilitator", "two\nlines", "--title"),
    ]:
        with pytest.raises(InputError, match=field):
            workshop.cycle.start_followup(
                signed, held_on=date(2027, 11, 20), title=title, by=by, today=TODAY
            )
    assert sessions(workshop) == before and carried_entries(workshop, signed) == []


def test_a_followup_comes_after_the_sign_off_and_one_draft_at_a_time(
    workshop: Workshop, signed: str
) -> None:
    """Smaller observations: a follow-up "held" before the baseline was signed off; a second
    draft follow-up of the same baseline accepted silently."""
    with pytest.raises(InputError, match="signed off on 2026-11-27"):
        workshop.cycle.start_followup(
            signed, held_on=date(2026, 11, 25), title=None, by=None, today=TODAY
        )
    first = workshop.cycle.start_followup(
        signed, held_on=date(2027, 11, 20), title=None, by=None, today=TODAY
    )
    with pytest.raises(Refused, match=f"already has a draft follow-up, {first}"):
        workshop.cycle.start_followup(
            signed, held_on=date(2027, 11, 21), title=None, by=None, today=TODAY
        )
    assert workshop.cycle.followups_of(signed) == [(first, False)]


def test_progress_is_dated_on_or_after_the_sign_off(workshop: Workshop, signed: str) -> None:
    with pytest.raises(InputError, match="before the plan was signed off"):
        workshop.cycle.record_progress(
            signed, Update("A1", "done", by="Jo", on=date(2026, 11, 25)), TODAY
        )


def test_a_signed_file_is_dated_after_its_workshop_and_not_in_the_future(
    workshop: Workshop, signed: str, tmp_path: Path
) -> None:
    exported = export_document(workshop.snapshot(signed))
    for signed_on, why in [("2001-01-01", "before the session's date"), ("2099-01-01", "future")]:
        document = copy.deepcopy(exported)
        document["sign_off"]["signed_on"] = signed_on
        with pytest.raises(InputError, match=f"sign_off.signed_on: .*{why}"):
            import_file(workshop, write(tmp_path, document))


def test_an_unknown_interim_level_is_bad_input(workshop: Workshop, mini_session: str) -> None:
    with pytest.raises(InputError, match="level: unknown level 'bogus'"):
        workshop.cycle.set_interim(mini_session, "plain", "bogus", date(2027, 6, 1))  # type: ignore[arg-type]


def test_progress_and_followup_on_a_session_the_app_shows(workshop: Workshop, signed: str) -> None:
    """R17: the app showing a signed (read-only) session blocks neither."""
    holder = hold_session(workshop.workspace, signed)
    try:
        done = workshop.cycle.record_progress(
            signed, Update("A1", "done", by="Jo", on=TODAY), TODAY
        )
        assert done.logged
        workshop.cycle.start_followup(
            signed, held_on=date(2027, 11, 20), title=None, by=None, today=TODAY
        )
    finally:
        holder.kill()
        holder.communicate(timeout=30)


def test_a_carried_action_is_not_removed_from_the_followup(workshop: Workshop, signed: str) -> None:
    """R20: removed, no session would track it; dropping it keeps it reported."""
    new = workshop.cycle.start_followup(
        signed, held_on=date(2027, 11, 20), title=None, by=None, today=TODAY
    )
    plan = workshop.cycle.action_plan(new)
    carried = next(a for a in plan.actions if a.carried_from == "A5")
    with pytest.raises(Refused, match="carried forward from the baseline's A5"):
        workshop.remove_action(new, plan.ids[carried.ref])
    assert any(a.carried_from == "A5" for a in workshop.cycle.action_plan(new).actions)
    workshop.set_action_status(new, plan.ids[carried.ref], "dropped")
