"""What the phone tests share: a roster with a hostile name and the session id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from npsworkshop.room.ballot_schema import Transaction
from npsworkshop.room.content import Participant

HOSTILE = '<script>alert("x")</script> & Ó\'Brien'
PARTICIPANTS = (
    Participant("p1", "Jo Smith"),
    Participant("p2", "Sam Patel"),
    Participant("p3", HOSTILE),
)
SESSION = "session-1"


@dataclass
class Ballots:
    transaction: Transaction
    close: Callable[[], None]


BASE = "http://192.168.1.20:8000"


class _Forms(HTMLParser):
    """The forms of a page: action, hidden fields, and the submit buttons' (name, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({"action": found.get("action"), "hidden": {}, "buttons": []})
        elif tag == "input" and found.get("type") == "hidden" and self.forms:
            self.forms[-1]["hidden"][found["name"]] = found["value"]
        elif tag == "button" and self.forms:
            self.forms[-1]["buttons"].append((found.get("name"), found.get("value")))


def forms_of(page: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(page)
    return parser.forms


class Phone:
    """One phone on the room's page: its own cookie jar, posting from our own page's origin."""

    def __init__(self, app: Any, origin: str | None = BASE) -> None:
        from starlette.testclient import TestClient

        self.client = TestClient(app, base_url=BASE, follow_redirects=True)
        self.origin = origin
        self.page = ""

    def open(self) -> str:
        response = self.client.get("/")
        self.page = response.text
        return self.page

    def form(self, action: str, **hidden: str) -> dict[str, Any]:
        for form in forms_of(self.page or self.open()):
            if form["action"] == action and all(
                form["hidden"].get(k) == v for k, v in hidden.items()
            ):
                return form
        raise AssertionError(f"no form for {action} {hidden} on the page:\n{self.page}")

    def post(self, action: str, fields: dict[str, str], **headers: str) -> Any:
        sent = dict(headers)
        if self.origin is not None:
            sent.setdefault("origin", self.origin)
        response = self.client.post(action, data=fields, headers=sent)
        self.page = response.text
        return response

    def pin(self, pin: str) -> Any:
        form = self.form("/pin")
        return self.post("/pin", {**form["hidden"], "pin": pin})

    def join(self, key: str) -> Any:
        form = self.form("/join")
        return self.post("/join", {**form["hidden"], "participant": key})

    def vote(self, choice: str, dimension: str = "") -> Any:
        self.open()
        form = self.form("/vote", dimension=dimension)
        return self.post("/vote", {**form["hidden"], "choice": choice})
