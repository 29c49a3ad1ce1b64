"""Who may come into the room, for one server run: the hosts and origins, the PIN and the
budget of wrong guesses at it, form tokens, rate limits, and the device cookies this run issued."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from npsworkshop.room.guards import Origins, RateLimit
from npsworkshop.room.room import Room
from npsworkshop.room.tokens import FormTokens

MAX_ISSUED = 10_000  # device cookies remembered per run (oldest forgotten first)
# The room's budget of wrong PINs, from however many addresses: this many at full speed, then
# one each ten seconds (under 400 an hour against a million PINs). Only addresses and devices
# that have already guessed wrong take from it before their PIN is compared, so a guesser who
# spends it keeps out nobody who has not typed a wrong PIN; the facilitator is alerted.
WRONG_PINS_BEFORE_SLOWDOWN = 20
MAX_GUESSERS = 10_000  # guessers remembered; beyond that, every try takes from the budget


def _wrong_pin_budget() -> RateLimit:
    return RateLimit(burst=WRONG_PINS_BEFORE_SLOWDOWN, per_second=0.1)


@dataclass
class Gate:
    """The room's entry rules for one server run: hosts, PIN, form tokens and rate limits."""

    origins: Origins
    pin: str | None = None
    tokens: FormTokens = field(default_factory=FormTokens)
    posts: RateLimit = field(default_factory=lambda: RateLimit(burst=20, per_second=2.0))
    # Every post from one address, whatever its cookie (made-up cookies are free): a phone
    # makes a few a minute, a room behind one address (NAT) still fits.
    address_posts: RateLimit = field(default_factory=lambda: RateLimit(burst=60, per_second=5.0))
    pages: RateLimit = field(default_factory=lambda: RateLimit(burst=30, per_second=5.0))
    address_pages: RateLimit = field(default_factory=lambda: RateLimit(burst=120, per_second=20.0))
    pin_guesses: RateLimit = field(default_factory=lambda: RateLimit(burst=5, per_second=1 / 30))
    admitted: set[str] = field(default_factory=set)  # device hashes that gave the PIN this run
    wrong_pins: RateLimit = field(default_factory=_wrong_pin_budget)
    guessers: set[str] = field(default_factory=set)  # addresses and devices that guessed wrong
    alerted_at: float | None = None
    clock: Callable[[], float] = time.monotonic  # the PIN limits' clock (tests pass their own)
    issued: dict[str, None] = field(default_factory=dict)  # device hashes given a cookie this run

    def issue(self, device: str) -> None:
        self.issued[device] = None
        if len(self.issued) > MAX_ISSUED:
            del self.issued[next(iter(self.issued))]

    def change_pin(self, pin: str | None) -> None:
        """A new PIN (the facilitator suspects guessing): phones not yet bound give it again;
        bound phones carry on."""
        self.pin = pin
        self.admitted.clear()
        self.wrong_pins = _wrong_pin_budget()
        self.guessers.clear()

    def guessed_before(self, *who: str) -> bool:
        """Whether this address or device has typed a wrong PIN since the PIN was set (when too
        many have, everyone new counts as one: the set stays bounded)."""
        crowded = len(self.guessers) >= MAX_GUESSERS
        return crowded or any(one in self.guessers for one in who)

    def guessed_wrong(self, *who: str) -> None:
        if len(self.guessers) < MAX_GUESSERS:
            self.guessers.update(who)

    def should_alert(self, now: float) -> bool:
        """The budget has run out: tell the facilitator, again at most once a minute."""
        if self.alerted_at is not None and now - self.alerted_at < 60:
            return False
        self.alerted_at = now
        return True

    def may_follow(self, device: str, bound: bool) -> bool:
        """Event streams are for phones of this run that are past the PIN (or bound): a cookie
        made up by a bystander gets none."""
        if bound or device in self.admitted:
            return True
        return self.pin is None and device in self.issued


def alert_guessing(room: Room, gate: Gate, now: float) -> None:
    if gate.should_alert(now):
        room.alert(
            f"Over {WRONG_PINS_BEFORE_SLOWDOWN} wrong room PINs: someone may be guessing. "
            "Phones that typed a wrong PIN now wait their turn; c in this panel gives a new PIN."
        )
