"""The phone pages as HTML text. Every piece of user or pack text goes through `escape`; nothing
a participant, the facilitator or a pack wrote is ever markup here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from npsworkshop.room.ballot import NO_DIMENSION, RoundState
from npsworkshop.room.content import BallotRow, Participant, RoomArea

ABSTAIN = "abstain"


def _e(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True)
class Message:
    text: str
    problem: bool = False

    def html(self) -> str:
        kind, role = ("problem", "alert") if self.problem else ("notice", "status")
        return f'<p class="{kind}" role="{role}">{_e(self.text)}</p>'


def layout(
    title: str, body: str, version: int, message: Message | None = None, view: str = ""
) -> str:
    """The whole document. Its <main> is swapped in place when the room changes; `view` names
    what the page is about (the area, round and reveal), so the script moves focus to the new
    heading only when that changed, not when someone else joined."""
    shown = message.html() if message else ""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title>"
        '<link rel="stylesheet" href="/static/room.css">'
        '<script src="/static/follow.js" defer></script>'
        "</head><body>"
        f'<main id="main" data-version="{version}" data-view="{_e(view or title)}">'
        f"{shown}{body}</main>"
        "</body></html>\n"
    )


def _hidden(fields: Mapping[str, str]) -> str:
    return "".join(
        f'<input type="hidden" name="{_e(name)}" value="{_e(value)}">'
        for name, value in fields.items()
    )


def pin_page(form_token: str, version: int, message: Message | None = None) -> str:
    body = (
        '<h1 tabindex="-1">Join the workshop</h1>'
        '<form method="post" action="/pin">'
        f"{_hidden({'token': form_token})}"
        '<label for="pin">Room PIN (shown on the facilitator\'s screen)</label>'
        '<input type="text" id="pin" name="pin" inputmode="numeric" autocomplete="off" '
        'maxlength="12" required>'
        '<button type="submit" class="primary">Continue</button>'
        "</form>"
    )
    return layout("Join the workshop", body, version, message)


def names_page(
    participants: Sequence[Participant],
    bound: frozenset[str],
    form_token: str,
    version: int,
    message: Message | None = None,
) -> str:
    """Pick your own name, once: this phone is then yours to vote with."""
    items = []
    for person in participants:
        if person.key in bound:
            items.append(
                f'<p class="taken">{_e(person.name)}: already joined on another phone. '
                "If this is you, ask the facilitator.</p>"
            )
        else:
            items.append(
                f'<button type="submit" class="choice" name="participant" '
                f'value="{_e(person.key)}"><span class="title">{_e(person.name)}</span></button>'
            )
    listing = "".join(items) or "<p>No participants yet: ask the facilitator.</p>"
    body = (
        '<h1 tabindex="-1">Who are you?</h1>'
        "<p>Pick your own name. This phone will then vote as you, and only as you.</p>"
        f'<form method="post" action="/join">{_hidden({"token": form_token})}{listing}</form>'
    )
    return layout("Who are you?", body, version, message)


def notice_page(title: str, text: str, version: int, who: str | None = None) -> str:
    """Waiting for an area, a signed-off session, a name no longer on the list."""
    body = f'{_who(who)}<h1 tabindex="-1">{_e(title)}</h1><p>{_e(text)}</p>'
    return layout(title, body, version)


def _who(name: str | None) -> str:
    return f'<p class="who">Voting as <span class="mine">{_e(name)}</span></p>' if name else ""


def _choice_label(level: str | None, titles: Mapping[str, str]) -> str:
    return "Abstain" if level is None else titles.get(level, level)


def _row(
    row: BallotRow,
    area_id: str,
    state: RoundState,
    votes: Mapping[str, str | None],
    form_token: str,
) -> str:
    heading = f"<h2>{_e(row.title)}</h2>" if row.title else ""
    anchor = row_anchor(row.dimension)
    titles = {c.level: c.title for c in row.choices}
    has_vote = row.dimension in votes
    mine = votes.get(row.dimension)
    if not state.open:
        said = (
            f"Your vote: {_choice_label(mine, titles)}."
            if has_vote
            else "You did not vote on this."
        )
        return f'<section id="{_e(anchor)}">{heading}<p class="chosen">{_e(said)}</p></section>'
    fields = {
        "token": form_token,
        "area": area_id,
        "round": str(state.round),
        "dimension": row.dimension,
    }
    buttons = []
    options = [
        (choice.level, f"{number}. {choice.title}", choice.descriptor, "choice")
        for number, choice in enumerate(row.choices, start=1)
    ]
    options.append((ABSTAIN, "Abstain", "I would rather not rate this.", "choice abstain"))
    for value, title, descriptor, kind in options:
        chosen = has_vote and (mine is None if value == ABSTAIN else mine == value)
        # Not by colour alone: the chosen button also says so in words.
        mark = '<span class="yours">✓ Your vote</span>' if chosen else ""
        buttons.append(
            f'<button type="submit" class="{kind}" name="choice" value="{_e(value)}" '
            f'aria-pressed="{"true" if chosen else "false"}"><span class="title">{_e(title)}'
            f'</span><span class="descriptor">{_e(descriptor)}</span>{mark}</button>'
        )
    said = (
        f"Recorded: {_choice_label(mine, titles)}. You can change it until the reveal."
        if has_vote
        else "Not voted yet."
    )
    label = row.title or "this area"
    return (
        f'<section id="{_e(anchor)}">{heading}<p class="chosen">{_e(said)}</p>'
        f'<form method="post" action="/vote" aria-label="{_e("Your level for " + label)}">'
        f"{_hidden(fields)}{''.join(buttons)}</form></section>"
    )


def ballot_page(
    who: str,
    area: RoomArea,
    state: RoundState,
    votes: Mapping[str, str | None],
    form_token: str,
    version: int,
    message: Message | None = None,
) -> str:
    """The current area: one row per dimension, five levels with their descriptors and abstain."""
    if state.revealed:
        intro = (
            "<p>The votes have been revealed. Voting on this area is closed; "
            "this page follows the facilitator to the next one.</p>"
        )
    elif len(area.rows) > 1:
        intro = "<p>Choose one level for each part below. Tap a level to vote.</p>"
    else:
        intro = "<p>Where does the council stand? Tap a level to vote.</p>"
    rows = "".join(_row(row, area.id, state, votes, form_token) for row in area.rows)
    body = f'{_who(who)}<h1 tabindex="-1">{_e(area.title)}</h1>{intro}{rows}'
    view = f"{area.id} {state.round} {'revealed' if state.revealed else 'open'}"
    return layout(area.title, body, version, message, view)


def row_anchor(dimension: str) -> str:
    """The id of a ballot row."""
    return "row-area" if dimension == NO_DIMENSION else f"row-{dimension}"


def round_mark(state: RoundState) -> str:
    """Names a round in the address after a vote (`?recorded=AREA.ROUND`)."""
    return f"{state.area_id}.{state.round}"


def after_vote(area: RoomArea, round_number: int, dimension: str) -> str:
    """Where the page goes after a vote: the top for a single row (to read "recorded"), else the
    next row to vote on (the last row stays put). The round in the address keeps "recorded" from
    showing on a later area when the page follows the facilitator."""
    address = f"/?recorded={area.id}.{round_number}"
    dimensions = area.dimensions
    if dimension not in dimensions or len(dimensions) == 1:
        return address
    following = dimensions[min(dimensions.index(dimension) + 1, len(dimensions) - 1)]
    return f"{address}#{row_anchor(following)}"
