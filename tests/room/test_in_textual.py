"""The recipe the workshop app follows, in a bare Textual app run headless: the server starts
in an async worker of the app's own loop, the join QR code is shown dark on light, the status
stream updates the screen as a phone votes, and stopping ends it."""

from __future__ import annotations

import asyncio

import httpx
from textual.app import App, ComposeResult
from textual.widgets import Static

from npsworkshop.room.room import Room, RoomStatus
from npsworkshop.room.server import JoinInfo, RoomServer


class VotingApp(App[None]):
    CSS = "#qr { color: black; background: white; width: auto; }"

    def __init__(self, room: Room) -> None:
        super().__init__()
        self.room = room
        self.server = RoomServer(room)
        self.join: JoinInfo | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="qr", markup=False)
        yield Static("", id="status", markup=False)  # names are people's text, never markup

    def on_mount(self) -> None:
        self.run_worker(self.start_voting(), exclusive=True, group="voting")

    async def start_voting(self) -> None:
        self.join = await self.server.start("127.0.0.1", 0)
        self.query_one("#qr", Static).update("\n".join(self.join.qr))
        self.run_worker(self.follow(), group="status")

    async def follow(self) -> None:
        async for status in self.room.statuses(settle=0.01):
            self.show(status)

    def show(self, status: RoomStatus) -> None:
        waiting = ", ".join(status.names(status.waiting))
        self.query_one("#status", Static).update(f"{status.summary}; waiting: {waiting}")


async def test_phone_voting_inside_a_running_textual_app(room: Room) -> None:
    app = VotingApp(room)
    async with app.run_test(size=(100, 30)) as pilot:
        while app.join is None:
            await pilot.pause(0.05)
        join = app.join
        assert str(app.query_one("#qr", Static).render()).splitlines()[1].startswith("  █▀▀▀▀▀█")
        await asyncio.to_thread(room.show_area, "engaging-councillors")
        async with httpx.AsyncClient(timeout=5) as phone:
            page = (await phone.get(join.url)).text
            token = page.split('name="token" value="')[1].split('"')[0]
            origin = {"origin": join.url.rstrip("/")}
            await phone.post(
                f"{join.url}join", data={"token": token, "participant": "p2"}, headers=origin
            )
            page = (await phone.get(join.url)).text
            fields = {
                name: page.split(f'name="{name}" value="')[1].split('"')[0]
                for name in ("token", "area", "round", "dimension")
            }
            answer = await phone.post(
                f"{join.url}vote", data={**fields, "choice": "leader"}, headers=origin
            )
            assert answer.status_code == 303
        shown = app.query_one("#status", Static)
        for _ in range(100):
            if str(shown.render()).startswith("1 of 3 voted"):
                break
            await pilot.pause(0.05)
        assert str(shown.render()).startswith("1 of 3 voted; waiting: Jo Smith, <script>")
        await app.server.stop()
        assert not app.server.running
