"""A signed mini-pack session with a plan of several actions, for the cycle's service tests."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import complete
from npsworkshop.workshop import Workshop

SIGNED_ON = date(2026, 11, 27)


@pytest.fixture
def signed(workshop: Workshop, mini_session: str) -> str:
    """`mini_session` complete, with two more actions on `plain`, signed off."""
    complete(workshop, mini_session)
    workshop.add_action(mini_session, "plain", "Train buyers", "L&D lead", date(2027, 1, 31))
    workshop.add_action(mini_session, "plain", "Publish a pipeline", None, None)
    workshop.sign_off(mini_session, "A. Chief", "Director", SIGNED_ON)
    return mini_session
