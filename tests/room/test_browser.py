"""A real phone: Debian's Chromium at 360x740 through Playwright, against the real server on
127.0.0.1, tapping a name and a level, following the facilitator without a reload.

The browser is not downloaded: Playwright drives /usr/bin/chromium (`apt-get install chromium`).
A missing browser fails here; it is not skipped. Screenshots go to $NPSWORKSHOP_SHOTS if set.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright

from npsworkshop.room.room import Room
from npsworkshop.room.server import JoinInfo, RoomServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
GRID = "engaging-councillors-and-senior-managers"

# WCAG 2.2 AA checks run in the page: every text's contrast against its background (4.5:1), every
# target at least 24x24 CSS px (we aim at 48 high), no sideways scrolling at 360 px.
AUDIT = """() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/[0-9.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && !bg.startsWith("rgba(0, 0, 0, 0)") && bg !== "transparent") return bg;
    }
    return "rgb(255, 255, 255)";
  };
  const low = [];
  for (const el of document.querySelectorAll("main *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const a = lum(getComputedStyle(el).color), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(el.textContent.trim().slice(0, 40) + " " + ratio.toFixed(2));
  }
  const small = [...document.querySelectorAll("button, input:not([type=hidden])")]
    .map((el) => el.getBoundingClientRect())
    .filter((r) => r.height < 44 || r.width < 44).length;
  return {low, small, sideways: document.documentElement.scrollWidth > window.innerWidth};
}"""


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install -y chromium"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        await launched.close()


@pytest.fixture
async def served(room: Room) -> AsyncIterator[JoinInfo]:
    server = RoomServer(room)
    join = await server.start("127.0.0.1", 0)
    yield join
    await server.stop()


async def shot(page: Page, name: str) -> None:
    folder = os.environ.get("NPSWORKSHOP_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


async def audit(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = await page.evaluate(AUDIT)
    return found


async def test_a_phone_picks_a_name_votes_and_follows_the_room(
    browser: Browser, served: JoinInfo, room: Room
) -> None:
    context = await browser.new_context(viewport=PHONE, device_scale_factor=2, has_touch=True)
    page = await context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    await page.goto(served.url)
    await shot(page, "1-names")
    assert await audit(page) == {"low": [], "small": 0, "sideways": False}
    await page.get_by_role("button", name="Jo Smith").tap()
    await page.get_by_text("Please wait").wait_for()
    assert room.box.bindings() == {"p1"}

    await asyncio.to_thread(room.show_area, "engaging-councillors")  # the facilitator moves on
    await page.get_by_role("heading", name="Engaging councillors").wait_for()  # no reload
    await shot(page, "2-ballot")
    assert await audit(page) == {"low": [], "small": 0, "sideways": False}
    await page.get_by_role("button", name="3. Mature").tap()
    await page.get_by_text("Recorded: Mature.").wait_for()
    assert room.box.votes_of("p1") == {"": "mature"}
    assert (
        await page.get_by_role("button", name="3. Mature").get_attribute("aria-pressed") == "true"
    )
    await shot(page, "3-recorded")

    # Someone else joining changes nothing Jo sees: no jump, no focus taken from where Jo is.
    settled = None  # let the page take the room's events for Jo's own vote before scrolling
    for _ in range(20):
        seen = await page.get_attribute("main", "data-version")
        if seen == settled:
            break
        settled = seen
        await asyncio.sleep(0.3)
    await page.evaluate("window.scrollTo(0, 300)")
    version = await page.get_attribute("main", "data-version")
    await asyncio.to_thread(room.bind, "p2", "b" * 64)
    for _ in range(100):  # (wait_for_function would need 'unsafe-eval', which the CSP refuses)
        if await page.get_attribute("main", "data-version") != version:
            break
        await asyncio.sleep(0.05)
    assert await page.get_attribute("main", "data-version") != version
    for _ in range(100):  # the page settles after the new version is drawn (a busy machine)
        if await page.evaluate("window.scrollY") == 300:
            break
        await asyncio.sleep(0.05)
    assert await page.evaluate("window.scrollY") == 300
    assert await page.evaluate("document.activeElement.tagName") == "BODY"

    await page.keyboard.press("Tab")
    outline = await page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.removesuffix("px")) >= 3  # the focus is visible

    written: list[Any] = []
    await asyncio.to_thread(room.reveal, lambda _db, ratings: written.extend(ratings))
    await page.get_by_text("The votes have been revealed").wait_for()
    assert [(r.participant, r.level) for r in written] == [("p1", "mature")]
    assert await page.get_by_role("button").count() == 0
    await shot(page, "4-revealed")

    await asyncio.to_thread(room.show_area, GRID)
    await page.get_by_role("heading", name="Influence").wait_for()
    await shot(page, "5-dimensions")
    assert await audit(page) == {"low": [], "small": 0, "sideways": False}
    assert errors == []
    await context.close()


async def test_voting_works_with_javascript_off(
    browser: Browser, served: JoinInfo, room: Room
) -> None:
    context = await browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = await context.new_page()
    await asyncio.to_thread(room.show_area, "engaging-councillors")
    await page.goto(served.url)
    await page.get_by_role("button", name="Sam Patel").click()
    await page.get_by_role("button", name="Abstain").click()
    await page.get_by_text("Recorded: Abstain.").wait_for()
    assert room.box.votes_of("p2") == {"": None}
    await context.close()
