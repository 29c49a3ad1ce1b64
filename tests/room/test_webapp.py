"""The phones' web app in-process (Starlette's test client): joining, voting and its defences."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from npsworkshop.room.ballot_schema import memory_transaction
from npsworkshop.room.ballot_sql import SqlBallotBox
from npsworkshop.room.content import BallotRow, LevelChoice, Participant, RoomArea
from npsworkshop.room.room import Room
from npsworkshop.room.tokens import DEVICE_COOKIE
from room.rooms import BASE, HOSTILE, PARTICIPANTS, SESSION, Phone, forms_of

Web = Callable[..., Any]
COUNCILLORS = "engaging-councillors"  # nps-2018, no dimensions
GRID = "engaging-councillors-and-senior-managers"  # the draft toolkit's, four dimensions


def joined(app: Any, key: str) -> Phone:
    phone = Phone(app)
    phone.open()
    assert phone.join(key).status_code == 200
    return phone


def test_the_first_visit_sets_a_strict_cookie_and_strict_headers(web: Web) -> None:
    response = Phone(web()).client.get("/")
    cookie = response.headers["set-cookie"]
    assert f"{DEVICE_COOKIE}=" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["referrer-policy"] == "same-origin"  # never no-referrer
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in response.text.replace('<script src="/static/follow.js" defer>', "")


def test_pick_a_name_then_vote_change_and_abstain(web: Web, room: Room) -> None:
    phone = joined(web(), "p1")
    assert "Please wait" in phone.page and "Jo Smith" in phone.page
    room.show_area(COUNCILLORS)
    page = phone.open()
    assert "Engaging councillors" in page
    assert "Councillors regard procurement and commercial issues as purely operational" in page
    buttons = phone.form("/vote")["buttons"]
    assert [value for _name, value in buttons] == [
        "minimum",
        "developing",
        "mature",
        "leader",
        "innovator",
        "abstain",
    ]
    response = phone.vote("mature")
    assert response.status_code == 200
    # The top, where "recorded" is said; the round in the address keeps it to this round.
    assert str(response.url).endswith(f"/?recorded={COUNCILLORS}.1")
    assert "Your vote is recorded" in phone.page and "Recorded: Mature." in phone.page
    assert room.box.votes_of("p1") == {"": "mature"}
    assert room.status().summary == "1 of 3 voted"
    phone.vote("abstain")
    assert room.box.votes_of("p1") == {"": None}
    assert 'value="abstain" aria-pressed="true"' in phone.page
    assert room.status().voted == ("p1",) and room.status().waiting == ("p2", "p3")


def test_areas_with_dimensions_take_one_choice_per_row(web: Web, room: Room) -> None:
    phone = joined(web(), "p2")
    room.show_area(GRID)
    page = phone.open()
    assert [f["hidden"]["dimension"] for f in forms_of(page)] == [
        "influence",
        "mission-and-strategy",
        "processes",
        "training-and-development",
    ]
    for dimension, following in (
        ("influence", "mission-and-strategy"),
        ("mission-and-strategy", "processes"),
        ("processes", "training-and-development"),
    ):
        assert str(phone.vote("leader", dimension).url).endswith(f"{GRID}.1#row-{following}")
    assert room.status().voted == ()
    phone.vote("abstain", "training-and-development")
    assert room.status().voted == ("p2",)


def test_a_taken_name_cannot_be_picked_by_another_phone(web: Web, room: Room) -> None:
    app = web()
    joined(app, "p1")
    other = Phone(app)
    page = other.open()
    assert "Jo Smith: already joined on another phone" in page
    assert ("participant", "p1") not in other.form("/join")["buttons"]
    response = other.join("p1")  # a forged post for the taken name
    assert response.status_code == 409 and "already in use on another phone" in other.page
    assert room.box.bindings() == {"p1"}
    assert room.status().refusals[0].participant == "p1"
    # The facilitator releases Jo's binding: now the name can be picked again.
    room.release("p1")
    assert other.join("p1").status_code == 200 and room.box.bindings() == {"p1"}


def test_nobody_votes_as_someone_else(web: Web, room: Room) -> None:
    app = web()
    jo = joined(app, "p1")
    sam = joined(app, "p2")
    room.show_area(COUNCILLORS)
    jo.open()
    jo_form = jo.form("/vote")
    # Sam sends Jo's form, fields and all: the form token is Jo's device's, so it is refused.
    response = sam.post("/vote", {**jo_form["hidden"], "choice": "minimum", "participant": "p1"})
    assert response.status_code == 403
    # Sam's own form with an extra participant field still votes as Sam, never as Jo.
    sam.open()
    sam.post("/vote", {**sam.form("/vote")["hidden"], "choice": "minimum", "participant": "p1"})
    assert room.box.votes_of("p1") == {} and room.box.votes_of("p2") == {"": "minimum"}
    # A phone with no name bound cannot vote at all.
    stranger = Phone(app)
    stranger.open()
    fields = {**jo_form["hidden"], "choice": "minimum"}
    assert stranger.post("/vote", fields).status_code == 403


def test_no_vote_for_another_area_after_the_reveal_or_on_a_signed_off_session(
    web: Web, room: Room
) -> None:
    phone = joined(web(), "p1")
    room.show_area(COUNCILLORS)
    stale = phone.form("/vote", area=COUNCILLORS) if phone.open() else {}
    room.show_area("engaging-senior-managers")
    response = phone.post("/vote", {**stale["hidden"], "choice": "leader"})
    assert response.status_code == 409
    assert "moved to another area. Your vote was not recorded." in phone.page
    assert "Engaging senior managers" in phone.page  # the page shown is the current area
    phone.vote("leader")
    written: list[Any] = []
    room.reveal(lambda _db, ratings: written.extend(ratings))
    assert [(r.participant, r.level) for r in written] == [("p1", "leader")]
    page = phone.open()
    assert "The votes have been revealed" in page and "Your vote: Leader." in page
    assert forms_of(page) == []
    revealed = {**stale["hidden"], "area": "engaging-senior-managers", "choice": "minimum"}
    assert phone.post("/vote", revealed).status_code == 409
    room.mark_signed_off()
    assert "signed off" in phone.open() and forms_of(phone.page) == []
    assert phone.post("/vote", revealed).status_code == 409
    assert room.box.votes_of("p1") == {"": "leader"}


def test_a_room_pin_comes_before_the_names(web: Web, room: Room) -> None:
    app = web(pin="4821")
    phone = Phone(app)
    page = phone.open()
    assert "Room PIN" in page and "Jo Smith" not in page and "Sam Patel" not in page
    assert '<label for="pin">' in page
    pin_token = phone.form("/pin")["hidden"]["token"]
    assert phone.post("/join", {"token": pin_token, "participant": "p1"}).status_code == 403
    response = phone.pin("1234")
    assert response.status_code == 403 and "not the room PIN" in phone.page
    assert room.status().refusals[0].reason == "a wrong room PIN was entered"
    assert room.box.bindings() == frozenset()
    phone.pin("4821")
    assert "Who are you?" in phone.page and "Jo Smith" in phone.page
    assert phone.join("p1").status_code == 200 and room.box.bindings() == {"p1"}


def test_wrong_pins_are_rate_limited(web: Web) -> None:
    phone = Phone(web(pin="4821"))
    phone.open()
    statuses = [phone.pin("0000").status_code for _ in range(7)]
    assert statuses[:5] == [403] * 5 and statuses[5:] == [429, 429]
    assert phone.pin("4821").status_code == 429  # even the right one, until the wait is over


def test_forms_need_their_token_and_our_origin(web: Web, room: Room) -> None:
    app = web()
    phone = Phone(app)
    phone.open()
    form = phone.form("/join")
    fields = {**form["hidden"], "participant": "p1"}
    assert phone.post("/join", {"participant": "p1"}).status_code == 403  # no form token
    assert phone.post("/join", {**fields, "token": "0" * 64}).status_code == 403
    for origin in ("null", "http://evil.example", "https://192.168.1.20:8000"):
        assert phone.post("/join", fields, origin=origin).status_code == 403, origin
    no_origin = Phone(app, origin=None)
    no_origin.client.cookies = phone.client.cookies
    assert no_origin.post("/join", fields).status_code == 403  # neither Origin nor Referer
    referred = no_origin.post("/join", fields, referer=f"{BASE}/")
    assert referred.status_code == 200 and room.box.bindings() == {"p1"}


def test_posts_without_the_device_cookie_are_refused(web: Web, room: Room) -> None:
    phone = Phone(web())
    phone.open()
    fields = {**phone.form("/join")["hidden"], "participant": "p1"}
    phone.client.cookies.clear()
    assert phone.post("/join", fields).status_code == 403
    assert room.box.bindings() == frozenset()


def test_a_foreign_host_is_refused(web: Web) -> None:
    phone = Phone(web())
    response = phone.client.get("/", headers={"host": "attacker.example:8000"})
    assert response.status_code == 421  # DNS rebinding gets nothing
    assert phone.client.get("/", headers={"host": "192.168.1.20:8000"}).status_code == 200


def test_large_bodies_and_floods_are_refused(web: Web, room: Room) -> None:
    phone = joined(web(), "p1")
    room.show_area(COUNCILLORS)
    form = phone.form("/vote") if phone.open() else {}
    big = {**form["hidden"], "choice": "mature", "padding": "x" * 4000}
    assert phone.post("/vote", big).status_code == 413
    assert room.box.votes_of("p1") == {}
    fields = {**form["hidden"], "choice": "mature"}
    statuses = [phone.post("/vote", fields).status_code for _ in range(30)]
    assert statuses.count(429) >= 5 and statuses[0] == 200
    assert set(statuses) == {200, 429}
    pages = [phone.client.get("/").status_code for _ in range(40)]
    assert pages.count(429) >= 5 and set(pages) == {200, 429}


def test_repeated_fields_are_not_understood(web: Web, room: Room) -> None:
    phone = joined(web(), "p1")
    room.show_area(COUNCILLORS)
    phone.open()
    hidden = phone.form("/vote")["hidden"]
    body = "&".join(f"{k}={v}" for k, v in hidden.items()) + "&choice=mature&choice=minimum"
    response = phone.client.post(
        "/vote",
        content=body,
        headers={"origin": BASE, "content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400 and room.box.votes_of("p1") == {}


def test_hostile_names_and_pack_text_are_shown_as_text(web: Web) -> None:
    evil = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    choices = tuple(
        LevelChoice(level, f"{level} {evil}", f"descr {evil}")
        for level in ("minimum", "developing", "mature", "leader", "innovator")
    )
    area = RoomArea("hostile", f"Area {evil}", (BallotRow("", None, choices),))
    room = Room(
        SqlBallotBox(memory_transaction(), SESSION),
        (Participant("p1", HOSTILE), Participant('p"2', evil)),
        lambda _area_id: area,
    )
    app = web(on=room)
    phone = Phone(app)
    names = phone.open()
    assert "<script>" not in names and "<img" not in names
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Ó&#x27;Brien" in names
    assert 'value="p&quot;2"' in names
    phone.join('p"2')
    room.show_area("hostile")
    page = phone.open()
    assert "<img" not in page and "<script>alert" not in page
    assert "Area &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert len(re.findall(r"<script", page)) == 1  # only our own follow.js


def test_the_stylesheet_and_script_are_served_from_the_package(web: Web) -> None:
    phone = Phone(web())
    css = phone.client.get("/static/room.css")
    js = phone.client.get("/static/follow.js")
    assert css.headers["content-type"].startswith("text/css") and "focus-visible" in css.text
    assert js.headers["content-type"].startswith("text/javascript")
    assert 'new EventSource("/events")' in js.text
    assert "http" not in phone.open().replace(BASE, "")  # nothing from elsewhere


def test_a_participant_added_mid_workshop_appears(web: Web, room: Room) -> None:
    phone = Phone(web())
    assert "Alex New" not in phone.open()
    version = room.phones_version
    room.set_participants([*room.participants, Participant("p4", "Alex New")])
    assert room.phones_version > version
    assert "Alex New" in phone.open()


def test_a_phone_carries_on_after_the_app_restarts(
    web: Web, ballot_file: Callable[[], Any], area_of: Callable[[str], RoomArea]
) -> None:
    def started() -> tuple[Room, Any]:
        room = Room(SqlBallotBox(ballot_file().transaction, SESSION), PARTICIPANTS, area_of)
        return room, web(on=room)

    room, app = started()
    phone = joined(app, "p1")
    room.show_area(COUNCILLORS)
    phone.vote("leader")
    stale = phone.form("/vote")
    cookies = phone.client.cookies
    room, app = started()  # the app was closed and opened again: a new server secret
    again = Phone(app)
    again.client.cookies = cookies
    response = again.post("/vote", {**stale["hidden"], "choice": "minimum"})
    assert response.status_code == 403 and "That form has expired" in again.page
    assert room.box.votes_of("p1") == {"": "leader"}  # kept, and not changed by the old form
    assert "Voting as" in again.page and "Jo Smith" in again.page  # still bound, no new pick
    again.vote("minimum")
    assert room.box.votes_of("p1") == {"": "minimum"}


def test_recorded_is_said_only_for_the_round_voted_in(web: Web, room: Room) -> None:
    phone = joined(web(), "p1")
    room.show_area(COUNCILLORS)
    address = str(phone.vote("mature").url).removeprefix(BASE)
    assert "Your vote is recorded" in phone.page
    room.show_area("engaging-senior-managers")  # the page follows to the next area
    page = phone.client.get(address).text
    assert "Engaging senior managers" in page and "Your vote is recorded" not in page
    room.show_area(COUNCILLORS)
    room.revote()
    assert "Your vote is recorded" not in phone.client.get(address).text
