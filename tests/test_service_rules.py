"""One rule set in the service, whichever front end calls it: dates entered for a session, what
makes an area complete (the same for the sessions list, the snapshot and sign-off)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import complete
from npsworkshop.assessment import rules
from npsworkshop.errors import InputError, Refused
from npsworkshop.interchange.json_format import import_file
from npsworkshop.workshop import Workshop
from test_interchange import GOOD, write

HELD_ON = date(2026, 11, 20)  # conftest's mini_session


def test_an_ambition_dated_before_the_session_is_refused(
    workshop: Workshop, mini_session: str
) -> None:
    workshop.rate(mini_session, "plain", "p1", "developing")
    with pytest.raises(Refused, match=r"the ambition's date \(2026-11-19\) is before the session"):
        workshop.set_ambition(mini_session, "plain", "leader", HELD_ON - timedelta(days=1))
    assert workshop.snapshot(mini_session).area("plain").ambition is None
    workshop.set_ambition(mini_session, "plain", "leader", HELD_ON)  # the day itself is fine


def test_a_due_date_before_the_session_is_refused_when_entered_or_changed(
    workshop: Workshop, mini_session: str
) -> None:
    early = date(2026, 1, 31)
    with pytest.raises(Refused, match=r"the action's due date \(2026-01-31\) is before"):
        workshop.add_action(mini_session, "plain", "Adopt a policy", due=early)
    action = workshop.add_action(mini_session, "plain", "Adopt a policy", due=date(2027, 3, 31))
    with pytest.raises(Refused, match="is before the session's date"):
        workshop.update_action(mini_session, action, "Adopt a policy", due=early)
    workshop.set_action_status(mini_session, action, "in-progress")


def test_a_carried_due_date_is_kept_until_someone_changes_it(
    workshop: Workshop, mini_session: str
) -> None:
    """An action whose (old) due date is before the session keeps it through status changes."""
    workshop.update_details(mini_session, held_on="2025-01-01")
    action = workshop.add_action(mini_session, "plain", "Carried", due=date(2025, 6, 30))
    workshop.update_details(mini_session, held_on=HELD_ON.isoformat())
    workshop.set_action_status(mini_session, action, "done")
    [kept] = workshop.snapshot(mini_session).area("plain").actions
    assert kept.due == date(2025, 6, 30) and kept.status == "done"


def test_sign_off_dates_are_checked(workshop: Workshop, mini_session: str) -> None:
    complete(workshop, mini_session)
    with pytest.raises(Refused, match=r"the sign-off date \(2026-11-19\) is before"):
        workshop.sign_off(mini_session, "A", "B", HELD_ON - timedelta(days=1))
    assert not workshop.snapshot(mini_session).signed_off


def test_a_sign_off_dated_in_the_future_is_refused(workshop: Workshop, mini_session: str) -> None:
    """Issue 10 (minor): `signed_on` may not be after today; the message names the value."""
    complete(workshop, mini_session)
    today = date.today()
    tomorrow = today + timedelta(days=1)
    with pytest.raises(Refused, match=rf"the sign-off date \({tomorrow}\) is in the future"):
        workshop.sign_off(mini_session, "A", "B", tomorrow)
    with pytest.raises(Refused, match=r"\(2027-06-01\) is in the future \(today is 2027-01-01\)"):
        workshop.sign_off(mini_session, "A", "B", date(2027, 6, 1), today=date(2027, 1, 1))
    assert not workshop.snapshot(mini_session).signed_off
    workshop.sign_off(mini_session, "A", "B", today)  # today itself is fine
    assert workshop.snapshot(mini_session).record.sign_off.signed_on == today  # type: ignore[union-attr]


def test_a_session_held_after_today_cannot_be_signed_off_yet(
    workshop: Workshop, mini_session: str
) -> None:
    """Signed on its own (future) date it is in the future; signed today it is before the
    session: either way refused, whichever front end asks (the CLI's sign-off signs today)."""
    complete(workshop, mini_session)
    held = date.today() + timedelta(days=7)
    workshop.update_details(mini_session, held_on=held.isoformat())
    with pytest.raises(Refused, match="is in the future"):
        workshop.sign_off(mini_session, "A", "B", held)
    with pytest.raises(Refused, match="is before the session's date"):
        workshop.sign_off(mini_session, "A", "B")
    workshop.close()
    from npsworkshop.cli import main

    ws = str(workshop.workspace.root)
    assert main(["--workspace", ws, "sign-off", mini_session, "--name", "A", "--role", "B"]) == 2


def test_service_dates_are_strict(workshop: Workshop, mini_session: str) -> None:
    with pytest.raises(InputError, match="held_on: '20/11/2026' is not a date"):
        workshop.update_details(mini_session, held_on="20/11/2026")
    with pytest.raises(InputError, match="the year must be between 1900 and 2199"):
        workshop.update_details(mini_session, held_on="9999-12-31")


def test_the_sessions_list_counts_complete_areas_as_the_snapshot_does(
    workshop: Workshop, mini_session: str
) -> None:
    def agree() -> None:
        [summary] = workshop.list_sessions()
        snap = workshop.snapshot(mini_session)
        assert summary.areas_complete == snap.areas_complete
        assert summary.areas_in_scope == len(snap.areas)

    agree()
    complete(workshop, mini_session)
    agree()
    workshop.justify(mini_session, "plain", "   ")  # white space is no justification
    agree()
    for person in ("p1", "p2"):
        workshop.abstain(mini_session, "talent", person)  # every rating an abstention: no result
    agree()
    assert workshop.list_sessions()[0].areas_complete == 1


def test_level_titles_come_from_the_sessions_pack(workshop: Workshop, mini_session: str) -> None:
    snap = workshop.snapshot(mini_session)
    assert snap.level_title("mature") == "Mature" and snap.level_title(None) == ""
    renamed = snap.pack.model_copy(
        update={
            "levels": tuple(
                info.model_copy(update={"title": "Established"}) if info.id == "mature" else info
                for info in snap.pack.levels
            )
        }
    )
    assert snap.model_copy(update={"pack": renamed}).level_title("mature") == "Established"


def rate_all(workshop: Workshop, session_id: str, area: str, level: str) -> None:
    for person in ("p1", "p2", "p3"):
        workshop.rate(session_id, area, person, level)  # type: ignore[arg-type]


def test_a_result_rising_past_the_ambition_makes_the_area_incomplete(
    workshop: Workshop, mini_session: str
) -> None:
    """Issue 14 item 2 / issue 10 M2: the ambition (leader) was valid for the old result."""
    complete(workshop, mini_session)
    rate_all(workshop, mini_session, "plain", "innovator")  # a later rating change
    area = workshop.snapshot(mini_session).area("plain")
    assert "ambition-below-level" in area.missing and not area.complete
    assert area.gap == -1 and area.ambition_kind is None  # never "raise by -1 levels"
    with pytest.raises(Refused, match="plain: ambition-below-level"):
        workshop.sign_off(mini_session, "A", "B")
    [summary] = workshop.list_sessions()
    assert summary.areas_complete == workshop.snapshot(mini_session).areas_complete == 2
    workshop.set_ambition(mini_session, "plain", "innovator")  # mended: complete again
    assert workshop.snapshot(mini_session).complete
    workshop.sign_off(mini_session, "A", "B")


def test_a_moderation_equal_to_the_new_result_makes_the_area_incomplete(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)  # plain: developing (p2), ambition leader
    workshop.moderate(mini_session, "plain", "mature", "The evidence shows mature practice.")
    rate_all(workshop, mini_session, "plain", "mature")
    assert "moderation" in workshop.snapshot(mini_session).area("plain").missing
    with pytest.raises(Refused, match="plain: moderation"):
        workshop.sign_off(mini_session, "A", "B")
    workshop.moderate(mini_session, "plain", None)
    workshop.sign_off(mini_session, "A", "B")


def test_the_sign_off_command_refuses_it_too(workshop: Workshop, mini_session: str) -> None:
    complete(workshop, mini_session)
    rate_all(workshop, mini_session, "talent", "innovator")
    workshop.close()
    from npsworkshop.cli import main

    ws = str(workshop.workspace.root)
    assert main(["--workspace", ws, "sign-off", mini_session, "--name", "A", "--role", "B"]) == 2


def test_a_justification_written_for_an_earlier_result_is_a_warning(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)
    assert not workshop.snapshot(mini_session).area("plain").justification_stale
    workshop.rate(mini_session, "plain", "p2", "mature")  # developing -> mature
    area = workshop.snapshot(mini_session).area("plain")
    assert area.justification_stale and area.complete  # a warning, not a gap
    workshop.confirm_justification(mini_session, "plain")
    assert not workshop.snapshot(mini_session).area("plain").justification_stale
    workshop.rate(mini_session, "plain", "p2", "developing")
    assert workshop.snapshot(mini_session).area("plain").justification_stale
    workshop.justify(mini_session, "plain", "Rewritten for developing.")  # editing clears it
    assert not workshop.snapshot(mini_session).area("plain").justification_stale
    workshop.moderate(mini_session, "plain", "mature", "Moderated up on the evidence.")
    assert workshop.snapshot(mini_session).area("plain").justification_stale
    workshop.sign_off(mini_session, "A", "B")  # the warning does not block sign-off


def test_confirming_needs_a_justification(workshop: Workshop, mini_session: str) -> None:
    with pytest.raises(Refused, match="no justification to confirm"):
        workshop.confirm_justification(mini_session, "plain")


def test_an_imported_justification_stands_for_the_files_result(
    workshop: Workshop, tmp_path: Path
) -> None:
    session_id = import_file(workshop, write(tmp_path, GOOD))
    assert not any(a.justification_stale for a in workshop.snapshot(session_id).areas)
    workshop.rate(session_id, "plain", "p1", "minimum")
    assert workshop.snapshot(session_id).area("plain").justification_stale


def test_a_result_rising_past_the_interim_step_blocks_sign_off(
    workshop: Workshop, mini_session: str
) -> None:
    """CONTRACT §9: the interim step is re-checked whenever the result changes; a rating change
    that puts the current level above it is a problem in the snapshot, the sessions list and at
    sign-off (the CLI too), until the step is changed or cleared."""
    complete(workshop, mini_session)  # plain: developing, ambition leader by 2028-03-31
    workshop.cycle.set_interim(mini_session, "plain", "mature", date(2027, 3, 31))
    assert workshop.snapshot(mini_session).complete
    rate_all(workshop, mini_session, "plain", "leader")  # now above the interim step
    area = workshop.snapshot(mini_session).area("plain")
    assert area.missing == ("interim",) and not area.complete
    [summary] = workshop.list_sessions()
    assert summary.areas_complete == workshop.snapshot(mini_session).areas_complete == 2
    with pytest.raises(Refused, match="plain: interim"):
        workshop.sign_off(mini_session, "A", "B")
    workshop.close()
    from npsworkshop.cli import main

    ws = str(workshop.workspace.root)
    assert main(["--workspace", ws, "sign-off", mini_session, "--name", "A", "--role", "B"]) == 2
    with Workshop.open(workshop.workspace) as again:
        again.cycle.set_interim(mini_session, "plain", None, None)  # mended: cleared
        assert again.snapshot(mini_session).complete
        again.sign_off(mini_session, "A", "B")


def test_setting_the_ambition_again_clears_an_interim_step_that_no_longer_fits(
    workshop: Workshop, mini_session: str
) -> None:
    """The app and the review have no interim form: asking the ambition again is the way out."""
    complete(workshop, mini_session)
    workshop.cycle.set_interim(mini_session, "plain", "mature", date(2027, 3, 31))
    workshop.cycle.set_interim(mini_session, "talent", "mature", date(2027, 3, 31))
    rate_all(workshop, mini_session, "plain", "leader")
    assert "setting the ambition again clears" in rules.MISSING_WORDS["interim"]
    workshop.set_ambition(mini_session, "plain", "innovator", date(2028, 3, 31))
    workshop.set_ambition(mini_session, "talent", "leader", date(2028, 3, 31))  # still fits
    snap = workshop.snapshot(mini_session)
    assert snap.complete
    assert snap.area("plain").ambition.interim is None  # type: ignore[union-attr]
    assert snap.area("talent").ambition.interim is not None  # type: ignore[union-attr]


def test_a_moderation_above_the_interim_step_shows_as_a_problem(
    workshop: Workshop, mini_session: str
) -> None:
    complete(workshop, mini_session)
    workshop.cycle.set_interim(mini_session, "talent", "mature", date(2027, 3, 31))
    workshop.moderate(mini_session, "talent", "leader", "The evidence shows leading practice.")
    assert workshop.snapshot(mini_session).area("talent").missing == ("interim",)
    [summary] = workshop.list_sessions()
    assert summary.areas_complete == 2
    workshop.cycle.set_interim(mini_session, "talent", "leader", date(2027, 3, 31))
    assert workshop.snapshot(mini_session).complete
