"""The home screen paints before the database layer loads, and a crash never shows a traceback."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from npsworkshop.tui import app as app_module
from npsworkshop.tui.app import WorkshopApp, run
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

from .conftest import until

HEAVY = ("sqlmodel", "sqlalchemy", "reportlab", "alembic", "npsworkshop.workshop", "pydantic")


def test_importing_the_app_loads_no_database_layer_or_pdf_library() -> None:
    code = (
        "import sys, npsworkshop.tui.app\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""


async def test_the_home_screen_is_usable_while_the_database_is_still_opening(
    tui_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_open = Workshop.open

    def slow_open(workspace: Workspace, **kwargs: bool) -> Workshop:
        release.wait(10)
        return real_open(workspace, **kwargs)

    monkeypatch.setattr(Workshop, "open", slow_open)
    app = WorkshopApp(tui_workspace)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause(0.3)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert app.recorder is None
        assert str(home.query_one("#home-status", Static).content).startswith("Opening")
        assert home.check_action("new_session", ()) is None  # shown, not yet usable
        await pilot.press("n")  # does nothing yet, and does not fail
        assert app.screen is home
        release.set()
        await until(pilot, lambda: home.loaded)
        assert home.check_action("new_session", ()) is True


async def test_a_database_that_cannot_be_opened_is_explained_on_the_home_screen(
    tmp_path: Path,
) -> None:
    root = tmp_path / "workspace"
    root.mkdir()
    (root / "sessions").write_text("not a folder", encoding="utf-8")
    app = WorkshopApp(Workspace(root))
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "-unavailable" in app.screen.classes)
        status = str(app.screen.query_one("#home-status", Static).content)
        assert status.startswith("The sessions database could not be opened.")
        assert app.recorder is None


def test_a_crash_restores_the_terminal_prints_one_line_and_logs_the_details(
    tui_workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "Councillor Jones said something private"

    def explode(self: HomeScreen) -> None:
        raise RuntimeError(secret)

    monkeypatch.setattr(HomeScreen, "on_mount", explode)
    status = run(tui_workspace, headless=True)
    err = capsys.readouterr().err
    assert status == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(
        "npsworkshop: the app stopped after an unexpected error (RuntimeError)"
    )
    assert str(tui_workspace.log_file) in lines[0]
    assert secret not in err and "Traceback" not in err
    log = tui_workspace.log_file.read_text(encoding="utf-8")
    assert "Traceback" in log and secret in log and "explode" in log


def test_a_clean_quit_exits_zero(tui_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    def quit_when_ready(self: WorkshopApp) -> None:
        self.call_after_refresh(self.exit)

    monkeypatch.setattr(app_module.WorkshopApp, "on_ready", quit_when_ready)
    assert run(tui_workspace, headless=True) == 0
    assert not tui_workspace.log_file.exists()
