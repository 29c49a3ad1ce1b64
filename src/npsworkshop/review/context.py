"""The review in hand: the service, the prompter, today's date and the session being answered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from npsworkshop.review.prompts import Prompter

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import SessionSnapshot
    from npsworkshop.workshop import Workshop


@dataclass
class Review:
    """What every step of the review needs; `session_id` is set once the session exists;
    `recorder` is who records progress on a signed plan, asked once a run."""

    workshop: Workshop
    prompter: Prompter
    today: date
    width: int
    session_id: str | None = None
    recorder: str | None = None

    @property
    def session(self) -> str:
        if self.session_id is None:
            raise RuntimeError("no session has been chosen yet")
        return self.session_id

    def snapshot(self) -> SessionSnapshot:
        return self.workshop.snapshot(self.session)

    def say(self, *lines: str | Iterable[str]) -> None:
        """Print lines (or lists of lines) between questions."""
        for item in lines:
            if isinstance(item, str):
                self.prompter.say(item)
            else:
                for line in item:
                    self.prompter.say(line)
