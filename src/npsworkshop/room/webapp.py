"""The phones' web app (Starlette): the PIN, picking your name, voting, following the room.

Every request must name one of our hosts; every form post must come from our own page (Origin),
carry the device cookie and the form's token, and stay small; after a device is known its posts
are rate limited. Votes are written (and committed) in a worker thread before the phone is
redirected to the page that says "Recorded".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from npsworkshop.room import pages
from npsworkshop.room.assets import FOLLOW_SCRIPT, STYLESHEET
from npsworkshop.room.ballot import BallotRefused, NotRecorded, Vote, storage_failure
from npsworkshop.room.batching import VoteBatcher
from npsworkshop.room.events import EventHub
from npsworkshop.room.gate import Gate, alert_guessing
from npsworkshop.room.guards import (
    MAX_BODY,
    SECURITY_HEADERS,
    BadForm,
    Origins,
    TooLarge,
    digits,
    parse_form,
)
from npsworkshop.room.room import Room
from npsworkshop.room.tokens import (
    DEVICE_COOKIE,
    device_hash,
    new_device_token,
    same_pin,
    well_formed,
)

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send


STREAMS_PER_DEVICE = 4  # a phone's page follows the room on one; a few tabs are fine
STREAMS_PER_ADDRESS = 8  # made-up cookies cost nothing: one address cannot fill MAX_STREAMS


class _Refused(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def _headers(app: ASGIApp, origins: Origins) -> ASGIApp:
    """Refuse a foreign Host before routing; add the security headers to every response."""
    extra = [
        (name.encode("latin-1"), value.encode("latin-1"))
        for name, value in SECURITY_HEADERS.items()
    ]

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if not origins.host_ok(host):
            plain = [(b"content-type", b"text/plain; charset=utf-8"), *extra]
            await send({"type": "http.response.start", "status": 421, "headers": plain})
            await send({"type": "http.response.body", "body": b"Misdirected request"})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await app(scope, receive, send_with_headers)

    return guarded


def build_app(room: Room, gate: Gate, events: EventHub) -> ASGIApp:
    """The ASGI app for one room; `events` wakes the phones' event streams (the caller has it
    follow the room: `room.on_phones_change(events.notify)`)."""
    import anyio.to_thread
    from starlette.applications import Starlette
    from starlette.requests import ClientDisconnect
    from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
    from starlette.routing import Route

    async def run(function: Callable[..., Any], *args: Any) -> Any:
        return await anyio.to_thread.run_sync(function, *args)

    votes = VoteBatcher(room.vote_many)

    def device_of(request: Request) -> str | None:
        token = request.cookies.get(DEVICE_COOKIE)
        return device_hash(token) if token is not None and well_formed(token) else None

    def html(text: str, status: int = 200) -> Response:
        return HTMLResponse(text, status_code=status)

    def notice(title: str, text: str, status: int) -> Response:
        return html(pages.notice_page(title, text, room.phones_version), status)

    async def render(
        device: str,
        message: pages.Message | None = None,
        status: int = 200,
        recorded: str | None = None,
    ) -> Response:
        """The page this device should see now; `recorded` (from the address after a vote) says
        "recorded" while that round is still the one open."""
        version = room.phones_version
        if room.box.quick_reads:
            view = room.box.phone_view(device)
        else:
            view = await run(room.box.phone_view, device)
        person = None if view.participant is None else room.participant(view.participant)
        if person is None:  # no name yet, or one removed from the session: pick again
            if gate.pin is not None and device not in gate.admitted:
                token = gate.tokens.issue(device, "pin")
                return html(pages.pin_page(token, version, message), status)
            token = gate.tokens.issue(device, "join")
            names = pages.names_page(room.participants, view.taken, token, version, message)
            return html(names, status)
        state = view.state
        if state.signed_off:
            text = "This session is signed off. Voting is closed. Thank you."
            return html(pages.notice_page("Voting closed", text, version, person.name), status)
        area = room.area(state)
        if area is None:
            text = "The facilitator has not opened an area for voting yet. This page will follow."
            return html(pages.notice_page("Please wait", text, version, person.name), status)
        if recorded == pages.round_mark(state) and state.open and view.votes:
            # The ballot says what was chosen and that it can change; this only confirms.
            message = message or pages.Message("Your vote is recorded.")
        token = gate.tokens.issue(device, "vote")
        ballot = pages.ballot_page(person.name, area, state, view.votes, token, version, message)
        return html(ballot, status)

    async def read_form(request: Request, device: str, purpose: str) -> dict[str, str]:
        origin_ok = gate.origins.origin_ok(
            request.headers.get("origin"), request.headers.get("referer")
        )
        if not origin_ok:
            raise _Refused(403, "This form did not come from the workshop's own page.")
        declared = request.headers.get("content-length")
        if declared is not None and (
            not digits(declared) or len(declared) > 6 or int(declared) > MAX_BODY
        ):
            raise TooLarge
        body = bytearray()
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BODY:
                    raise TooLarge
        except ClientDisconnect:  # gone (or cut off for sending too slowly): nobody to answer
            raise BadForm("disconnected") from None
        form = parse_form(bytes(body))
        if not gate.tokens.valid(form.get("token"), device, purpose):
            raise _Refused(403, "That form has expired. Here it is again: please try once more.")
        return form

    def post(
        purpose: str, handle: Callable[[Request, str, dict[str, str]], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            device = device_of(request)
            if device is None:
                text = "Open the workshop's address again (cookies must be allowed)."
                return notice("Open the page first", text, 403)
            if not gate.address_posts.allow(_client(request)):
                return Response("Too many requests: wait a few seconds.", status_code=429)
            try:
                form = await read_form(request, device, purpose)
                known = purpose != "pin" or device in gate.admitted
                if known and not gate.posts.allow(device):
                    raise _Refused(429, "Too many taps: wait a few seconds, then try again.")
                return await handle(request, device, form)
            except NotRecorded as failed:
                what = "Your vote was not recorded" if purpose == "vote" else "Not recorded"
                text = f"{what}: {failed.reason}. Tell the facilitator."
                try:
                    return await render(device, pages.Message(text, problem=True), 503)
                except Exception as error:  # the page's own read failed too
                    if storage_failure(error) is None:
                        raise
                    return notice("Not recorded", text, 503)
            except TooLarge:
                return notice("Too large", "That request was too large.", 413)
            except BadForm:
                return notice("Not understood", "That request was not understood.", 400)
            except _Refused as refused:
                message = pages.Message(refused.text, problem=True)
                return await render(device, message, refused.status)

        return endpoint

    async def home(request: Request) -> Response:
        token = request.cookies.get(DEVICE_COOKIE)
        fresh = not well_formed(token)
        if fresh:
            token = new_device_token()
        assert token is not None
        device = device_hash(token)
        if not gate.address_pages.allow(_client(request)) or not gate.pages.allow(device):
            return Response("Too many requests: wait a few seconds.", status_code=429)
        gate.issue(device)  # a phone of this run (or of the last, back after a restart)
        recorded = request.query_params.get("recorded")
        response = await render(device_hash(token), recorded=recorded)
        if fresh:
            response.set_cookie(
                DEVICE_COOKIE, token, httponly=True, samesite="strict", path="/", max_age=12 * 3600
            )
        return response

    async def give_pin(request: Request, device: str, form: dict[str, str]) -> Response:
        if gate.pin is None or device in gate.admitted:
            return RedirectResponse("/", status_code=303)
        address = _client(request)
        now = gate.clock()
        if not gate.pin_guesses.allow(device, now) or not gate.pin_guesses.allow(address, now):
            raise _Refused(429, "Too many wrong PINs. Wait a minute, then try again.")
        # A first try is compared at once; a guesser's next ones take from the room's budget
        # first, so a right PIN never waits behind someone else's wrong ones.
        if gate.guessed_before(address, device) and not gate.wrong_pins.allow("room", now):
            alert_guessing(room, gate, now)
            raise _Refused(429, "Many wrong PINs in this room: wait ten seconds, then try again.")
        if not same_pin(form.get("pin", ""), gate.pin):
            if not gate.guessed_before(address, device) and not gate.wrong_pins.allow("room", now):
                alert_guessing(room, gate, now)
            gate.guessed_wrong(address, device)
            await run(room.refused, None, "a wrong room PIN was entered")
            raise _Refused(403, "That is not the room PIN. Check the facilitator's screen.")
        gate.admitted.add(device)
        return RedirectResponse("/", status_code=303)

    async def join(request: Request, device: str, form: dict[str, str]) -> Response:
        if gate.pin is not None and device not in gate.admitted:
            raise _Refused(403, "Enter the room PIN first.")
        key = form.get("participant", "")
        if room.participant(key) is None:
            raise _Refused(409, "That name is not on the list. Pick your name again.")
        try:
            await run(room.bind, key, device)
        except BallotRefused as refused:
            raise _Refused(409, refused.reason[0].upper() + refused.reason[1:] + ".") from None
        return RedirectResponse("/", status_code=303)

    async def vote(request: Request, device: str, form: dict[str, str]) -> Response:
        dimension = form.get("dimension", "")
        choice = form.get("choice", "")
        round_text = form.get("round", "")
        if not digits(round_text) or len(round_text) > 6:
            raise BadForm("round")
        level = None if choice == pages.ABSTAIN else choice
        area_id = form.get("area", "")
        try:
            await votes.vote(Vote(device, area_id, int(round_text), {dimension: level}))
        except BallotRefused as refused:
            if refused.code in ("not-bound", "not-listed"):
                raise _Refused(403, "Pick your name first. Your vote was not recorded.") from None
            text = refused.reason[0].upper() + refused.reason[1:] + ". Your vote was not recorded."
            raise _Refused(409, text) from None
        area = room.area_by_id(area_id)  # the vote was taken: it is the current area
        where = pages.after_vote(area, int(round_text), dimension)
        return RedirectResponse(where, status_code=303)

    streams_of: Counter[str] = Counter()  # by device, and by "address ..."

    async def follow(request: Request) -> Response | ASGIApp:
        device = device_of(request)
        if device is None:
            return Response("Open the page first.", status_code=403)
        bound = await run(room.box.bound_to, device) is not None
        if not gate.may_follow(device, bound):
            return Response("Open the page first.", status_code=403)
        address = _client(request)
        if (
            events.full()
            or streams_of[device] >= STREAMS_PER_DEVICE
            or streams_of[address] >= STREAMS_PER_ADDRESS
        ):
            return Response("Too many pages open.", status_code=503)

        # Counted now, before anything awaits, so streams opened together cannot all pass the
        # check; let go when the response ends however it ends (even before it starts).
        streams_of.update((device, address))
        response = StreamingResponse(events.stream(), media_type="text/event-stream")

        async def counted(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                await response(scope, receive, send)
            finally:
                streams_of.subtract((device, address))
                for key in (device, address):
                    if streams_of[key] <= 0:
                        del streams_of[key]

        return counted

    async def stylesheet(request: Request) -> Response:
        return Response(STYLESHEET, media_type="text/css")

    async def script(request: Request) -> Response:
        return Response(FOLLOW_SCRIPT, media_type="text/javascript")

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)  # browsers ask; a 404 would be noise in their console

    app: Starlette = Starlette(
        routes=[
            Route("/", home, methods=["GET"]),
            Route("/pin", post("pin", give_pin), methods=["POST"]),
            Route("/join", post("join", join), methods=["POST"]),
            Route("/vote", post("vote", vote), methods=["POST"]),
            Route("/events", follow, methods=["GET"]),
            Route("/static/room.css", stylesheet, methods=["GET"]),
            Route("/static/follow.js", script, methods=["GET"]),
            Route("/favicon.ico", no_icon, methods=["GET"]),
        ]
    )
    return _headers(app, gate.origins)


def _client(request: Request) -> str:
    return "address " + (request.client.host if request.client else "unknown")
