"""The app under test: a workspace whose only framework pack is the small test pack."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from time import monotonic

import pytest
from textual.events import Key
from textual.keys import _character_to_key
from textual.pilot import Pilot

from conftest import MINI_PACK
from npsworkshop.framework import loader
from npsworkshop.tui.app import WorkshopApp
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
    return WorkshopApp(tui_workspace, today=HELD_ON)


async def until(pilot: Pilot[object], condition: Callable[[], object], timeout: float = 15) -> None:
    """Let the app work until `condition()` holds; fail (never hang) after `timeout` seconds."""
    deadline = monotonic() + timeout
    while not condition():
        if monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition.__doc__ or condition}")
        await pilot.pause(0.02)
    await pilot.pause()


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type `text` key by key, as a fast typist would: the key events arrive one after another
    without the pilot's pause after each (which costs 40 ms a key), then the app settles."""
    app = pilot.app
    assert app._driver is not None
    for char in text:
        key = Key(_character_to_key(char), char)
        key.set_sender(app)
        app._driver.send_message(key)
    await pilot.pause()
