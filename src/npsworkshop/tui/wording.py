"""How the app names things on screen: levels, area states, participants, what is missing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from npsworkshop.framework.levels import ordinal
from npsworkshop.tui.literal import printable

if TYPE_CHECKING:
    from npsworkshop.assessment.baseline import BaselineAreaFact, StepFact
    from npsworkshop.assessment.snapshot import (
        AreaState,
        AreaView,
        ParticipantFact,
        SessionSnapshot,
        SignOffFact,
    )
    from npsworkshop.framework.models import Pack

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
ACTION_STATUSES: dict[str, str] = {
    "open": "Open",
    "in-progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}


def missing_words(missing: Iterable[str]) -> str:
    """'a justification, an ambition': what an area lacks, in words; a kind this version does
    not know yet is shown from its id rather than not at all."""
    from npsworkshop.assessment.rules import MISSING_WORDS  # not before the first paint

    words: dict[str, str] = {str(kind): text for kind, text in MISSING_WORDS.items()}
    return ", ".join(words.get(item, item.replace("-", " ").replace("_", " ")) for item in missing)


def area_warnings(area: AreaView) -> tuple[str, ...]:
    """Warnings the snapshot carries for an area: they do not block sign-off (an ambition left
    below the current level does, and is among the area's missing items)."""
    found = [str(w) for w in getattr(area, "warnings", ()) or ()]
    if area.justification_stale:
        found.append(
            "The justification was written for an earlier result: press j to check it "
            "(saving it again confirms it)."
        )
    return tuple(found)


ORGANISATION_TYPES: list[tuple[str, str]] = [  # the ids every front end and the region use
    ("County council", "county"),
    ("District council", "district"),
    ("Unitary authority", "unitary"),
    ("Metropolitan district", "metropolitan district"),
    ("London borough", "london borough"),
]
STATE_LEGEND = "○ not started\n◐ rated  ● complete\n◆ moderated"


def plural(count: int, noun: str) -> str:
    """'1 area', '3 areas' (an upper-case noun gets an upper-case S)."""
    ending = "" if count == 1 else ("S" if noun.isupper() else "s")
    return f"{count} {noun}{ending}"


def level_label(level: str | None, pack: Pack) -> str:
    """'3 Mature' for a level, in the pack's words; '-' for none."""
    if level is None:
        return "-"
    return f"{ordinal(level)} {level_title(level, pack)}"


def level_title(level: str | None, pack: Pack) -> str:
    """The pack's title for a level (packs name the five levels their own way)."""
    return "-" if level is None else printable(pack.level_title(level))


def area_state(state: AreaState) -> str:
    return f"{AREA_MARKS[state]} {AREA_STATES[state]}"


def participant_letters(snapshot: SessionSnapshot, key: bytes) -> dict[str, str]:
    """Each participant's letter while projected, by participant key, in letter order: the
    keyed letters of the anonymous outputs (`key`: the workspace's), so screen and paper agree
    and the letters never follow the order the names were typed in front of the room."""
    from npsworkshop.report.anonymity import letters

    return letters(snapshot, key)


def participant_label(person: ParticipantFact, letter: str, *, projector: bool) -> str:
    """A participant as the room sees them: no names or departments while projected."""
    if projector:
        return f"Participant {letter}"  # a department can name the person
    label = f"{person.name} · {person.department}" if person.department else person.name
    return printable(label)


def signed_off_line(sign_off: SignOffFact) -> str:
    """Who signed the session off and when, and the fingerprint that proves what they signed."""
    return (
        printable(
            f"Signed off by {sign_off.name} ({sign_off.role}) on {sign_off.signed_on.isoformat()}. "
            f"The session is read-only."
        )
        + f"\nFingerprint: {sign_off.fingerprint}"
    )


def step_words(step: StepFact, pack: Pack) -> str:
    """'Leader by 2028-03-31' (an ambition or its interim step)."""
    when = f" by {step.by.isoformat()}" if step.by else ""
    return f"{level_title(step.level, pack)}{when}"


def last_time(fact: BaselineAreaFact, pack: Pack) -> str:
    """A follow-up's area as its baseline left it: 'Mature, aiming for Leader by 2028-03-31;
    interim step Mature by 2027-03-31'."""
    words = level_title(fact.level, pack) if fact.level else "no level"
    if fact.ambition is not None:
        words += f", aiming for {step_words(fact.ambition, pack)}"
    if fact.interim is not None:
        words += f"; interim step {step_words(fact.interim, pack)}"
    return words
