"""The app under test: a workspace whose only framework pack is the small test pack."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from time import monotonic
from typing import Any

import pytest
from textual.events import Key
from textual.keys import _character_to_key
from textual.pilot import Pilot

from conftest import MINI_PACK
from npsworkshop.framework import loader
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, ParticipantInput
from npsworkshop.workspace import Workspace

HELD_ON = date(2026, 11, 20)


@pytest.fixture
def tui_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """Only the test pack is installed, so screens do not change when the real content does."""
    no_shipped_packs = tmp_path / "no-shipped-packs"
    no_shipped_packs.mkdir()
    monkeypatch.setattr(loader, "shipped_content_dir", lambda: no_shipped_packs)
    root = tmp_path / "workspace"
    pack_dir = root / "content" / "mini"
    pack_dir.mkdir(parents=True)
    (pack_dir / "pack.toml").write_text(MINI_PACK, encoding="utf-8")
    return Workspace(root)


@pytest.fixture
def app(tui_workspace: Workspace) -> WorkshopApp:
    return WorkshopApp(tui_workspace, today=HELD_ON, clock=lambda: 0.0)


async def until(pilot: Pilot[Any], condition: Callable[[], object], timeout: float = 15) -> None:
    """Let the app work until `condition()` holds; fail (never hang) after `timeout` seconds."""
    deadline = monotonic() + timeout
    while not condition():
        if monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition.__doc__ or condition}")
        await pilot.pause(0.02)
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type `text` key by key, as a fast typist would: the key events arrive one after another
    without the pilot's pause after each (which costs 40 ms a key), then the app settles."""
    app = pilot.app
    assert app._driver is not None
    for char in text:
        key = Key(_character_to_key(char), char)
        key.set_sender(app)
        app._driver.send_message(key)
    await pilot.pause()


PEOPLE = (
    ParticipantInput(name="Jo Smith", role="Category manager", department="Adults"),
    ParticipantInput(name="Sam Patel", role="Head of Finance", department="Finance"),
    ParticipantInput(name="Ali Jones", role="Commissioner", department="Children's Services"),
)


def seed_session(
    workspace: Workspace, *, rated: bool = True, scope: tuple[str, ...] | None = None
) -> str:
    """A session made through the service, as if earlier in the workshop."""
    with Workshop.open(workspace, backup=False) as workshop:
        session_id = workshop.create_session(
            NewSession(
                organisation_name="Testshire County Council",
                organisation_type="county council",
                title="Baseline 2026",
                held_on=HELD_ON,
                facilitator="A. Facilitator",
                pack_id="mini",
                scope=scope,
                participants=PEOPLE,
            )
        )
        if rated:
            workshop.rate(session_id, "plain", "p1", "mature")
            workshop.rate(session_id, "plain", "p2", "developing")
            workshop.abstain(session_id, "plain", "p3")
            workshop.set_note(session_id, "plain", "p2", "Finance sees contracts late")
            workshop.justify(session_id, "plain", "Finance only sees procurement at year end.")
            workshop.set_ambition(
                session_id, "plain", "leader", date(2028, 3, 31), "Procurement in every case."
            )
            workshop.add_action(
                session_id,
                "plain",
                "Quarterly pipeline review",
                "Head of Procurement",
                date(2027, 3, 31),
            )
            for dimension, levels in (("influence", "lll"), ("processes", "imn")):
                for person, level in zip(("p1", "p2", "p3"), levels, strict=True):
                    chosen = {"l": "leader", "i": "innovator", "m": "mature", "n": None}[level]
                    workshop.rate(session_id, "gridded", person, chosen, dimension)  # type: ignore[arg-type]
    return session_id
