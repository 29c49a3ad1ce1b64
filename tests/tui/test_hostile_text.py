"""Hostile text on every screen: titles, names, notes and pack text that look like Rich or
Textual markup, links, variables or terminal escapes are shown exactly as written, and never
stop the app (a title with `[/]` once made the home screen fail on every start)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets._toast import Toast

from conftest import MINI_PACK
from npsworkshop.framework import loader
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.literal import literal, printable
from npsworkshop.tui.screens.home import HomeScreen
from npsworkshop.tui.screens.new_session import NewSessionScreen
from npsworkshop.tui.screens.summary import SummaryScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, ParticipantInput
from npsworkshop.workspace import Workspace

from .conftest import HELD_ON, until

ORGANISATION = "Cyngor [/] Môn $var"
TITLE = "Baseline [draft]"
AREA = "[bold]Plain[/bold] area"
THEME = "Leading [/]"
DESCRIPTOR = "[link=http://x]y[/link] \x1b[31mred"
NAMES = ("[bold]Siân[/bold] Hughes", "Aled [link=http://x]y[/link]", "Zoë $var Ng")
JUSTIFICATION = "Evidence [i]here[/i] and [/] there"
ACTION = "Review [red]contracts[/red]"


def hostile_pack() -> str:
    pack = MINI_PACK.replace('title = "A plain area"', f'title = "{AREA}"')
    pack = pack.replace('title = "Leading"', f'title = "{THEME}"')
    pack = pack.replace(
        '{id = "mature", title = "Mature"}', '{id = "mature", title = "Mature [x]"}'
    )
    pack = pack.replace('title = "A small test pack"', 'title = "A small [/] pack"')
    return pack.replace('mature = "ma"', 'mature = "[link=http://x]y[/link] \\u001b[31mred"', 1)


@pytest.fixture
def hostile_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    no_shipped_packs = tmp_path / "none"
    no_shipped_packs.mkdir()
    monkeypatch.setattr(loader, "shipped_content_dir", lambda: no_shipped_packs)
    root = tmp_path / "workspace"
    (root / "content" / "mini").mkdir(parents=True)
    (root / "content" / "mini" / "pack.toml").write_text(hostile_pack(), encoding="utf-8")
    workspace = Workspace(root)
    with Workshop.open(workspace, backup=False) as workshop:
        session_id = workshop.create_session(
            NewSession(
                organisation_name=ORGANISATION,
                organisation_type="county",
                title=TITLE,
                held_on=HELD_ON,
                facilitator="[b]F[/b]",
                pack_id="mini",
                participants=tuple(
                    ParticipantInput(name=name, role="[i]role[/i]", department="Dept [/]")
                    for name in NAMES
                ),
            )
        )
        for person, level in (("p1", "mature"), ("p2", "mature"), ("p3", "leader")):
            workshop.rate(session_id, "plain", person, level)  # type: ignore[arg-type]
        workshop.set_note(session_id, "plain", "p1", "Note [b]bold[/b]")
        workshop.justify(session_id, "plain", JUSTIFICATION)
        workshop.set_ambition(session_id, "plain", "leader", date(2028, 3, 31), "Why [/] not")
        workshop.add_action(session_id, "plain", ACTION, "Owner [u]x[/u]", date(2027, 3, 31))
    return workspace


def screen_text(app: WorkshopApp) -> str:
    """What the terminal shows now, as text (the active screen, toasts included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def toasts(app: WorkshopApp) -> str:
    """The text of the toasts on screen (they wrap, so the screen's lines would split it)."""
    return "\n".join(toast.render().plain for toast in app.screen.query(Toast))


async def at_home(pilot: Pilot[Any], app: WorkshopApp) -> HomeScreen:
    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
    assert isinstance(app.screen, HomeScreen)
    return app.screen


async def in_workshop(pilot: Pilot[Any], app: WorkshopApp) -> WorkshopScreen:
    await at_home(pilot, app)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
    assert isinstance(app.screen, WorkshopScreen)
    return app.screen


def test_literal_shows_markup_and_escapes_as_written() -> None:
    for text in ("[/]", "[bold]x[/bold]", "[link=http://x]y[/link]", "$var", "Ynys Môn, Siân"):
        assert literal(text).plain == text
        assert literal(text, "bold").plain == text
    assert printable("\x1b[31mred") == "\\x1b[31mred"
    assert "\x1b" not in literal("\x1b]0;title\x07").plain


@pytest.mark.parametrize("size", [(120, 36), (100, 30)], ids=["120x36", "100x30"])
async def test_home_lists_hostile_titles_literally(
    hostile_workspace: Workspace, size: tuple[int, int]
) -> None:
    app = WorkshopApp(hostile_workspace, today=HELD_ON)
    async with app.run_test(size=size) as pilot:
        await at_home(pilot, app)
        text = screen_text(app)
        assert TITLE in text
        assert ORGANISATION in text
        # The new-session form names the pack and lists its areas.
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewSessionScreen) and app.screen.packs)
        await pilot.pause()
        text = screen_text(app)
        assert "A small [/] pack (version 1)" in text
        assert AREA in text


async def test_workshop_navigator_grid_result_and_panels_show_text_literally(
    hostile_workspace: Workspace,
) -> None:
    app = WorkshopApp(hostile_workspace, today=HELD_ON)
    async with app.run_test(size=(160, 60)) as pilot:
        screen = await in_workshop(pilot, app)
        await pilot.press("v")
        await pilot.pause()
        text = screen_text(app)
        for expected in (
            AREA,  # navigator and heading
            THEME.upper(),  # navigator group
            f"{ORGANISATION} · {TITLE}",  # session bar
            "[link=http://x]y[/link]",  # descriptor
            "\\x1b[31mred",  # the escape, made visible
            NAMES[0],  # the grid and the result panel
            JUSTIFICATION,
            "Why [/] not",
            ACTION,
        ):
            assert expected in text, expected
        assert "\x1b" not in text
        assert screen.query_one("#grid")


async def test_summary_forms_toasts_and_palette_show_text_literally(
    hostile_workspace: Workspace,
) -> None:
    app = WorkshopApp(hostile_workspace, today=HELD_ON)
    async with app.run_test(size=(160, 60), notifications=True) as pilot:
        screen = await in_workshop(pilot, app)
        # A toast carrying user text (as a service message naming a value would).
        app.notify(f"{NAMES[0]}: [/] {ACTION}", title=TITLE)
        await until(pilot, lambda: toasts(app))
        assert f"{TITLE}\n{NAMES[0]}: [/] {ACTION}" in toasts(app)
        # The justification form names the area in its title.
        await pilot.press("v", "j")
        await until(pilot, lambda: app.screen is not screen)
        assert f"Justification: {AREA}" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        # The palette offers the area by its title.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"plain")
        await pilot.pause(0.5)
        assert f"Go to area: {AREA}" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        # The summary's grid.
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.snapshot)
        text = screen_text(app)
        assert AREA in text
        assert THEME.upper() in text
