"""One rule set in the service, whichever front end calls it: dates entered for a session, what
makes an area complete (the same for the sessions list, the snapshot and sign-off)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import complete
from npsworkshop.errors import InputError, Refused
from npsworkshop.workshop import Workshop

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
