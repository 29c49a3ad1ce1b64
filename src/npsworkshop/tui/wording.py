"""How the app names things on screen: levels, area states, participants, what is missing."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from npsworkshop.framework.levels import LEVEL_TITLES, ordinal
from npsworkshop.labels import participant_letter
from npsworkshop.tui.literal import printable

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import AreaState, ParticipantFact, SignOffFact

AREA_MARKS: dict[str, str] = {
    "not-started": "○",
    "rated": "◐",
    "complete": "●",
    "moderated": "◆",
}
AREA_STATES: dict[str, str] = {
    "not-started": "not started",
    "rated": "rated",
    "complete": "complete",
    "moderated": "complete, moderated",
}
MISSING: dict[str, str] = {
    "ratings": "no ratings yet",
    "justification": "no justification",
    "ambition": "no ambition",
}
ACTION_STATUSES: dict[str, str] = {
    "open": "Open",
    "in-progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
STATE_LEGEND = "○ not started\n◐ rated  ● complete\n◆ moderated"


def plural(count: int, noun: str) -> str:
    """'1 area', '3 areas' (an upper-case noun gets an upper-case S)."""
    ending = "" if count == 1 else ("S" if noun.isupper() else "s")
    return f"{count} {noun}{ending}"


def level_label(level: str | None) -> str:
    """'3 Mature' for a level, '-' for none."""
    if level is None:
        return "-"
    return f"{ordinal(level)} {LEVEL_TITLES[level]}"


def level_title(level: str | None) -> str:
    return "-" if level is None else LEVEL_TITLES[level]


def area_state(state: AreaState) -> str:
    return f"{AREA_MARKS[state]} {AREA_STATES[state]}"


def participant_label(person: ParticipantFact, index: int, *, projector: bool) -> str:
    """A participant as the room sees them: no names while the screen is projected."""
    if projector:
        letter = participant_letter(index)
        shown = f"{letter} · {person.department}" if person.department else f"Participant {letter}"
        return printable(shown)
    label = f"{person.name} · {person.department}" if person.department else person.name
    return printable(label)


_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> date | None:
    """An ISO date (2028-03-31) or a UK one (31/03/2028); None when blank; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    uk = _UK_DATE.match(text)
    try:
        if uk:
            return date(int(uk[3]), int(uk[2]), int(uk[1]))
        return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError("not a date; type it as YYYY-MM-DD, e.g. 2028-03-31")


def signed_off_line(sign_off: SignOffFact) -> str:
    """Who signed the session off and when, and the fingerprint that proves what they signed."""
    return (
        printable(
            f"Signed off by {sign_off.name} ({sign_off.role}) on {sign_off.signed_on.isoformat()}. "
            f"The session is read-only."
        )
        + f"\nFingerprint: {sign_off.fingerprint}"
    )
