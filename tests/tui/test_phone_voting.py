"""Phone voting from the workshop app: the facilitator starts it (P) on loopback, phones vote
over real HTTP against the real server in the app's own loop, the app shows "n of m voted" and
who has not, reveals the votes as the session's ratings (one transaction), undoes the reveal,
and stops the server when it quits; the panel offers the interface chosen last time."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from npsworkshop.tui import phones
from npsworkshop.tui.app import WorkshopApp
from npsworkshop.tui.screens.phone_voting import PhoneVotingScreen
from npsworkshop.tui.screens.workshop import WorkshopScreen
from npsworkshop.tui.widgets.phone_status import PhoneStatusLine
from npsworkshop.workspace import Workspace
from room.rooms import forms_of

from .conftest import seed_session, until

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class Phone:
    """A phone on the room's page over real HTTP: its own cookies, posting from the page."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = httpx.AsyncClient(base_url=url, timeout=10)
        self.headers = {"origin": url.rstrip("/")}

    async def form(self, action: str) -> dict[str, Any]:
        page = (await self.client.get("/")).text
        found = [f for f in forms_of(page) if f["action"] == action]
        assert found, f"no {action} form on the page:\n{page}"
        return found[0]

    async def join(self, participant: str) -> None:
        form = await self.form("/join")
        fields = {**form["hidden"], "participant": participant}
        answer = await self.client.post("/join", data=fields, headers=self.headers)
        assert answer.status_code == 303, answer.text

    async def vote(self, choice: str) -> str:
        form = await self.form("/vote")
        fields = {**form["hidden"], "choice": choice}
        answer = await self.client.post("/vote", data=fields, headers=self.headers)
        assert answer.status_code == 303, answer.text
        return (await self.client.get("/")).text


async def start_voting(pilot: Pilot[Any], app: WorkshopApp) -> tuple[WorkshopScreen, str]:
    """Open the seeded session, press P, choose loopback (never another network), start."""
    await until(pilot, lambda: getattr(app.screen, "loaded", False))
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
    workshop = app.screen
    assert isinstance(workshop, WorkshopScreen)
    await pilot.press("P")
    await until(pilot, lambda: isinstance(app.screen, PhoneVotingScreen) and app.screen.choices)
    panel = app.screen
    assert isinstance(panel, PhoneVotingScreen)
    loopback = next(i for i, c in enumerate(panel.choices) if c.address == "127.0.0.1")
    choices = panel.query_one("#interfaces", OptionList)
    choices.highlighted = loopback
    choices.focus()
    await pilot.press("enter")
    await until(pilot, lambda: (v := phones.voting(app)) is not None and v.join is not None)
    running = phones.voting(app)
    assert running is not None and running.join is not None
    return workshop, running.join.url


def text(widget: Static) -> str:
    return str(widget.render())


async def start_on_loopback(pilot: Any, app: WorkshopApp, panel: PhoneVotingScreen) -> Any:
    """Choose this laptop's own address in the panel and start; the running phone voting."""
    choices = panel.query_one("#interfaces", OptionList)
    choices.highlighted = next(i for i, c in enumerate(panel.choices) if c.loopback)
    choices.focus()
    await pilot.press("enter")
    await until(pilot, lambda: (v := phones.voting(app)) is not None and v.join is not None)
    return phones.voting(app)


@pytest.mark.parametrize("size", [(120, 36), (100, 30)])
async def test_phones_vote_and_the_app_reveals_them_as_ratings(
    tui_workspace: Workspace, app: WorkshopApp, size: tuple[int, int]
) -> None:
    session_id = seed_session(tui_workspace, rated=False)
    async with app.run_test(size=size) as pilot:
        workshop, url = await start_voting(pilot, app)
        assert url.startswith("http://127.0.0.1:")
        panel = app.screen
        assert isinstance(panel, PhoneVotingScreen)
        assert url in text(panel.query_one("#url", Static))
        qr = text(panel.query_one("#qr", Static)).splitlines()
        assert len(qr) >= 15 and "█" in qr[1]
        assert panel.query_one("#qr").styles.background.rgb == (255, 255, 255)  # dark on light
        verdict = text(panel.query_one("#verdict", Static))
        assert "cannot reach" in verdict  # loopback is this laptop only, and it says so
        assert "this laptop only" in text(panel.query_one("#findings", Static))
        status = panel.query_one("#status", Static)
        await until(pilot, lambda: text(status).startswith("0 of 3 voted"))

        jo, sam = Phone(url), Phone(url)
        await jo.join("p1")
        await sam.join("p2")
        assert "Recorded" in await jo.vote("mature")
        await sam.vote("abstain")
        await until(pilot, lambda: text(status) == "2 of 3 voted; waiting: Ali Jones")
        thief = Phone(url)  # another phone tries Jo's name: refused, and the panel says so
        form = await thief.form("/join")
        await thief.client.post(
            "/join", data={**form["hidden"], "participant": "p1"}, headers=thief.headers
        )
        refusals = panel.query_one("#refusals", Static)
        await until(pilot, lambda: "Jo Smith:" in text(refusals))
        await thief.client.aclose()
        bound = panel.query_one("#bound", OptionList)
        await until(pilot, lambda: len(bound.options) == 2)
        ali = Phone(url)  # joins as Ali, then the facilitator releases that phone
        await ali.join("p3")
        await until(pilot, lambda: len(bound.options) == 3)
        bound.focus()
        await pilot.press("end", "x")
        await until(pilot, lambda: len(bound.options) == 2)
        assert "Ali Jones" not in [str(o.prompt) for o in bound.options]
        await ali.client.aclose()
        await pilot.press("escape")  # voting stays on; the workshop shows the count
        line = workshop.query_one(PhoneStatusLine)
        await until(pilot, lambda: text(line).startswith("Phones: 2 of 3 voted  (P: panel)"))
        assert text(line).endswith("Waiting: Ali Jones")
        await pilot.press("p")  # projector mode: the count, no names
        await until(pilot, lambda: "Ali" not in text(line) and "2 of 3 voted" in text(line))
        await pilot.press("p")

        workshop_service = app.recorder.workshop if app.recorder else None
        assert workshop_service is not None

        def plain() -> set[tuple[str, str | None]]:
            return {
                (r.participant, r.level)
                for r in workshop_service.snapshot(session_id).record.ratings
                if r.area == "plain"
            }

        assert await asyncio.to_thread(plain) == set()  # votes stay hidden until the reveal
        await pilot.press("v")
        await until(pilot, lambda: "revealed" in text(line))
        assert await asyncio.to_thread(plain) == {("p1", "mature"), ("p2", None)}
        page = (await jo.client.get("/")).text
        assert "closed" in page.lower()

        await pilot.press("ctrl+z")  # undo takes back the whole reveal and reopens the round
        await until(pilot, lambda: "revealed" not in text(line))
        assert await asyncio.to_thread(plain) == set()
        await pilot.press("v")
        await until(pilot, lambda: "revealed" in text(line))
        assert await asyncio.to_thread(plain) == {("p1", "mature"), ("p2", None)}
        await jo.client.aclose()
        await sam.client.aclose()
        port = int(url.rstrip("/").rsplit(":", 1)[1])
    # Quitting the app stopped the server: nothing listens on its port any more.
    assert phones.voting(app) is None
    with socket.socket() as probe, pytest.raises(OSError):
        probe.settimeout(1)
        probe.connect(("127.0.0.1", port))


def test_the_app_and_the_panel_load_no_web_stack_until_voting_starts() -> None:
    code = (
        "import json, sys\n"
        "import npsworkshop.tui.app, npsworkshop.tui.phones\n"
        "import npsworkshop.tui.screens.workshop, npsworkshop.tui.screens.phone_voting\n"
        "print(json.dumps([m for m in ('starlette', 'uvicorn', 'segno', 'anyio') "
        "if m in sys.modules]))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert found.stdout.strip() == "[]"


async def test_a_real_phone_taps_a_name_and_a_level_and_the_app_reveals_it(
    tui_workspace: Workspace, app: WorkshopApp
) -> None:
    """Debian's Chromium at 360x740 (no browser download; a missing one fails, never skips)."""
    from playwright.async_api import async_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install -y chromium"
    session_id = seed_session(tui_workspace, rated=False)
    async with app.run_test(size=(100, 30)) as pilot, async_playwright() as playwright:
        workshop, url = await start_voting(pilot, app)
        browser = await playwright.chromium.launch(executable_path=CHROMIUM)
        context = await browser.new_context(
            viewport={"width": 360, "height": 740}, device_scale_factor=2, has_touch=True
        )
        page = await context.new_page()
        await page.goto(url)
        await page.get_by_role("button", name="Sam Patel").tap()
        await page.get_by_role("heading", name="A plain area").wait_for()
        await page.get_by_role("button", name="4. Leader").tap()
        await page.get_by_text("Recorded: Leader.").wait_for()
        await pilot.press("escape")
        line = workshop.query_one(PhoneStatusLine)
        await until(
            pilot, lambda: "1 of 3 voted  (P: panel)  Waiting: Jo Smith, Ali Jones" in text(line)
        )

        await pilot.press("v")
        await page.get_by_text("The votes have been revealed").wait_for()  # followed, no reload
        await browser.close()
        service = app.recorder.workshop if app.recorder else None
        assert service is not None
        snapshot = await asyncio.to_thread(service.snapshot, session_id)
        assert {(r.participant, r.area, r.level) for r in snapshot.record.ratings} == {
            ("p2", "plain", "leader")
        }


async def test_a_refusal_from_the_room_is_a_message_never_a_crash(
    tui_workspace: Workspace, app: WorkshopApp
) -> None:
    seed_session(tui_workspace, rated=False)
    async with app.run_test(size=(100, 30)) as pilot:
        workshop, _url = await start_voting(pilot, app)
        running = phones.voting(app)
        assert running is not None
        await asyncio.to_thread(running.room.mark_signed_off)  # as after a sign-off
        await pilot.press("escape", "right_square_bracket")  # the room refuses the new area
        await until(pilot, lambda: workshop.current == "gridded")
        await until(pilot, lambda: any("signed off" in str(n.message) for n in app._notifications))
        assert app.is_running and phones.voting(app) is running


async def test_the_panel_offers_the_interface_chosen_last_time_and_shrugs_off_a_bad_file(
    tui_workspace: Workspace, app: WorkshopApp
) -> None:
    from npsworkshop.room.remembered import FILE_NAME, last_choice
    from npsworkshop.tui.screens.phone_voting import stop_voting

    seed_session(tui_workspace, rated=False)
    settings = tui_workspace.sessions_dir / FILE_NAME
    settings.write_text('{"interface": "[b]eth0[/b]", "address": 7}')
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        workshop, _url = await start_voting(pilot, app)  # chooses loopback, not the first
        notices = [str(n.message) for n in app._notifications]
        assert any(str(settings) in n and "address: expected an IPv4" in n for n in notices)
        kept = last_choice(tui_workspace.sessions_dir)
        assert kept.interface is not None and kept.interface[1] == "127.0.0.1" and not kept.notice

        await stop_voting(workshop)
        await pilot.press("escape", "P")
        await until(pilot, lambda: isinstance(app.screen, PhoneVotingScreen) and app.screen.choices)
        panel = app.screen
        assert isinstance(panel, PhoneVotingScreen)
        options = panel.query_one("#interfaces", OptionList)
        assert options.highlighted is not None
        assert panel.choices[options.highlighted].address == "127.0.0.1"
        shown = str(options.get_option_at_index(options.highlighted).prompt)
        assert shown.endswith("(this laptop only)  - chosen last time")


@pytest.mark.parametrize("size", [(120, 36), (100, 30)])
@pytest.mark.parametrize("projector", [False, True])
async def test_the_pin_choice_says_whether_it_is_on_in_words_and_a_tick(
    tui_workspace: Workspace, app: WorkshopApp, size: tuple[int, int], projector: bool
) -> None:
    from textual.color import Color

    from npsworkshop.tui.screens.phone_voting import PinCheckbox

    seed_session(tui_workspace, rated=False)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: getattr(app.screen, "loaded", False))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        app.projector = projector
        await pilot.press("P")
        await until(pilot, lambda: isinstance(app.screen, PhoneVotingScreen) and app.screen.choices)
        pin = app.screen.query_one(PinCheckbox)

        def on_screen() -> str:
            return pin.render().plain

        assert not pin.value
        assert on_screen().startswith("▐ ▌ Room PIN: OFF")
        pin.focus()
        await pilot.press("space")
        await until(pilot, lambda: pin.value)
        await pilot.pause()
        assert on_screen().startswith("▐✓▌ Room PIN: ON")
        assert pin.region.width >= len(on_screen())  # all of it in view, not cut short
        await pilot.press("tab")  # away from it: ON stays bold, in the theme's success colour
        await pilot.pause()
        label = pin.get_component_rich_style("toggle--label")
        assert label.bold and label.color is not None
        success = Color.parse(app.get_css_variables()["text-success"])
        assert label.color.triplet == success.rgb and not pin.has_focus
        await pilot.press("shift+tab", "space")
        await until(pilot, lambda: not pin.value)
        await pilot.pause()
        assert on_screen().startswith("▐ ▌ Room PIN: OFF")

        await pilot.press("space")  # on again, and start on loopback: the PIN has a line of its own
        panel = app.screen
        assert isinstance(panel, PhoneVotingScreen)
        running = await start_on_loopback(pilot, app, panel)
        join = running.join if running else None
        assert join is not None and join.pin is not None
        assert text(panel.query_one("#url", Static)).splitlines() == [
            f"Open on a phone: {join.url}",
            f"Room PIN: {join.pin}",
        ]


def test_a_refused_attempt_shows_the_time_on_the_laptops_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from npsworkshop.tui.screens.phone_voting import clock_time

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        assert clock_time("2026-07-01T09:30:05.123456+00:00") == "10:30:05"  # BST
        assert clock_time("2026-11-29T09:30:05.123456+00:00") == "09:30:05"  # GMT
        assert clock_time("not a time") == "not a time"  # shown as stored, never a crash
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


async def test_an_undo_the_disk_refuses_changes_nothing_and_r_tries_it_again(
    tui_workspace: Workspace, app: WorkshopApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from npsworkshop.errors import NotSaved

    session_id = seed_session(tui_workspace, rated=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        workshop, url = await start_voting(pilot, app)
        jo = Phone(url)
        await jo.join("p1")
        await jo.vote("leader")
        await pilot.press("escape")
        line = workshop.query_one(PhoneStatusLine)
        await until(pilot, lambda: "1 of 3 voted" in text(line))
        await pilot.press("v")
        await until(pilot, lambda: "revealed" in text(line))
        running = phones.voting(app)
        assert running is not None
        service = running.workshop
        restore = service.restore_ratings

        def full_disk(*args: Any, **kwargs: Any) -> None:
            raise NotSaved("the disk is full")  # as the service says an OperationalError

        def plain() -> set[tuple[str, str | None]]:
            return {
                (r.participant, r.level)
                for r in service.snapshot(session_id).record.ratings
                if r.area == "plain"
            }

        monkeypatch.setattr(service, "restore_ratings", full_disk)
        await pilot.press("ctrl+z")
        await until(
            pilot, lambda: any("disk is full" in str(n.message) for n in app._notifications)
        )
        assert await asyncio.to_thread(plain) == {("p1", "leader")}  # nothing half undone
        assert "revealed" in text(line) and workshop.retry is not None

        monkeypatch.setattr(service, "restore_ratings", restore)  # room on the disk again
        await pilot.press("r")
        await until(pilot, lambda: "revealed" not in text(line))
        assert await asyncio.to_thread(plain) == set()
        assert "plain" not in workshop.revealed and workshop.retry is None
        await jo.client.aclose()


async def test_an_alert_shows_in_the_panel_and_on_the_workshop_screen_and_c_gives_a_new_pin(
    tui_workspace: Workspace, app: WorkshopApp
) -> None:
    """Phone votes not saved or many wrong PINs (R9, R16): the facilitator sees it at once, in
    the error colour, and can give the room a new PIN."""
    from npsworkshop.tui.screens.phone_voting import PhoneStatusLine, PinCheckbox

    seed_session(tui_workspace, rated=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "loaded", False))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorkshopScreen) and app.screen.current)
        await pilot.press("P")
        await until(pilot, lambda: isinstance(app.screen, PhoneVotingScreen) and app.screen.choices)
        panel = app.screen
        assert isinstance(panel, PhoneVotingScreen)
        panel.query_one(PinCheckbox).value = True
        running = await start_on_loopback(pilot, app, panel)
        assert running is not None and running.join is not None and running.join.pin
        first = running.join.pin
        assert len(first) == 6
        running.room.alert("Not saved: 2 phone votes (the disk is full).")
        alerts = panel.query_one("#alerts", Static)
        await until(pilot, lambda: "Not saved: 2 phone votes" in text(alerts))
        assert alerts.rich_style.bold  # and in $error, as the app says "Not saved"
        await pilot.press("c")
        await until(pilot, lambda: running.join is not None and running.join.pin != first)
        assert running.join is not None and running.join.pin is not None
        assert f"Room PIN: {running.join.pin}" in text(panel.query_one("#url", Static))
        await pilot.press("escape")
        line = app.screen.query_one(PhoneStatusLine)
        await until(pilot, lambda: "Not saved: 2 phone votes" in str(line.render()))
        assert line.has_class("alert")
        await phones.stop(app.screen)
