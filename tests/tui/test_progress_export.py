"""The committee progress update from the app (trial F21): a signed plan's Export offers it, as
`npsworkshop progress` writes it; a draft's does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.export import ExportScreen
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, seed_session, until
from .test_cycle import home, signed_session


def _status(app: WorkshopApp) -> str:
    return str(app.screen.query_one("#export-status", Static).content)


@pytest.mark.parametrize("size", [(120, 36), (100, 30)])
async def test_a_signed_plans_export_writes_its_progress_update(
    tui_workspace: Workspace, size: tuple[int, int]
) -> None:
    baseline = signed_session(tui_workspace, progress=True)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        screen = await home(pilot, app)
        await screen.refresh_sessions(select=baseline)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        options = app.screen.query_one("#formats", OptionList)
        assert "Progress update" in str(options.get_option("progress").prompt)
        await pilot.press("a", "u")  # anonymous, then the update
        await until(pilot, lambda: _status(app).startswith("✓ Written"))
        path = Path(_status(app).splitlines()[1].strip())
    assert path.suffix == ".pdf" and path.read_bytes().startswith(b"%PDF")
    assert f"-signed-anonymous-progress-{HELD_ON.isoformat()}" in path.name


async def test_a_drafts_export_does_not_offer_a_progress_update(tui_workspace: Workspace) -> None:
    seed_session(tui_workspace)
    app = WorkshopApp(tui_workspace, today=HELD_ON)
    async with app.run_test(size=(120, 36)) as pilot:
        await home(pilot, app)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        options = app.screen.query_one("#formats", OptionList)
        assert [o.id for o in options.options] == ["pdf", "docx", "json", "csv"]
        await pilot.press("u")  # nothing: a draft has no progress to report
        await pilot.pause()
        assert _status(app) == ""
