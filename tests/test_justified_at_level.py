"""A justification saved together with an agreed level is written for that level (trial F2)."""

from __future__ import annotations

import pytest

from npsworkshop.errors import Refused
from npsworkshop.workshop import Workshop


def rated(workshop: Workshop, session_id: str) -> None:
    """Area "plain": mature and developing, so the rule's result is developing."""
    workshop.rate(session_id, "plain", "p1", "mature")
    workshop.rate(session_id, "plain", "p2", "developing")


def test_saved_with_an_agreed_level_it_is_not_written_for_an_earlier_result(
    workshop: Workshop, mini_session: str
) -> None:
    rated(workshop, mini_session)
    workshop.justify_at_level(
        mini_session, "plain", "Every contract is reviewed.", "mature", "Finance agreed."
    )
    area = workshop.snapshot(mini_session).area("plain")
    assert area.agreed_level == "mature" and area.moderation_reason == "Finance agreed."
    assert area.justification == "Every contract is reviewed."
    assert not area.justification_stale
    workshop.rate(mini_session, "plain", "p2", "minimum")  # the rule moves, the agreement stands
    assert not workshop.snapshot(mini_session).area("plain").justification_stale


def test_clearing_the_agreed_level_with_the_text_writes_it_for_the_rules_result(
    workshop: Workshop, mini_session: str
) -> None:
    rated(workshop, mini_session)
    workshop.justify_at_level(mini_session, "plain", "First.", "mature", "Agreed up.")
    workshop.justify_at_level(mini_session, "plain", "Back to the rule.", None, None)
    area = workshop.snapshot(mini_session).area("plain")
    assert area.agreed_level is None and area.moderation_reason is None
    assert area.current_level == "developing" and not area.justification_stale


def test_a_refused_agreed_level_saves_neither(workshop: Workshop, mini_session: str) -> None:
    rated(workshop, mini_session)
    with pytest.raises(Refused, match="needs a moderation reason"):
        workshop.justify_at_level(mini_session, "plain", "Lost?", "mature", None)
    area = workshop.snapshot(mini_session).area("plain")
    assert area.justification is None and area.agreed_level is None


def test_an_agreed_level_above_the_ambition_saves_neither(
    workshop: Workshop, mini_session: str
) -> None:
    """Trial F2: the text was saved before the agreed level was refused (two transactions)."""
    rated(workshop, mini_session)
    workshop.justify(mini_session, "plain", "As it was.")
    workshop.set_ambition(mini_session, "plain", "developing", None)
    with pytest.raises(Refused, match=r"the ambition \(developing\) is below"):
        workshop.justify_at_level(mini_session, "plain", "PARTIALSAVE", "leader", "Agreed up.")
    area = workshop.snapshot(mini_session).area("plain")
    assert area.justification == "As it was." and area.agreed_level is None


def test_an_unchanged_agreed_level_is_not_checked_again(
    workshop: Workshop, mini_session: str
) -> None:
    """Editing the text alone never trips over an agreement made earlier (the rule's result
    may since have reached the agreed level, which a new agreement could not be)."""
    rated(workshop, mini_session)
    workshop.justify_at_level(mini_session, "plain", "First.", "mature", "Agreed up.")
    workshop.rate(mini_session, "plain", "p2", "mature")  # the rule's result is now mature too
    workshop.justify_at_level(mini_session, "plain", "Second.", "mature", "Agreed up.")
    area = workshop.snapshot(mini_session).area("plain")
    assert area.justification == "Second." and not area.justification_stale


def test_justified_then_moderated_apart_is_still_a_warning(
    workshop: Workshop, mini_session: str
) -> None:
    """Two separate changes: the text was written before the level moved."""
    rated(workshop, mini_session)
    workshop.justify(mini_session, "plain", "Written for developing.")
    workshop.moderate(mini_session, "plain", "mature", "Moderated up.")
    assert workshop.snapshot(mini_session).area("plain").justification_stale
