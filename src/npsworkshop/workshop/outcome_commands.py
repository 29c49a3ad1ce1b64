"""The part of the `Workshop` facade for an area's result and plan: the justification, the
agreed level, the ambition and the actions. Each method imports its command module when called,
as service.py's do, so a read-only command never loads the write machinery."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from npsworkshop.assessment import rules
    from npsworkshop.framework.levels import LevelId
    from npsworkshop.workshop.transactions import Database


class OutcomeCommands:
    """Mixed into `Workshop`, which gives it `_db`."""

    _db: Database

    def justify(self, session_id: str, area_id: str, justification: str) -> None:
        """The evidence for why the council sits at the area's level (empty clears it)."""
        from npsworkshop.workshop import outcomes

        outcomes.justify(self._db, session_id, area_id, justification)

    def confirm_justification(self, session_id: str, area_id: str) -> None:
        """The justification still stands for the current result (clears its warning)."""
        from npsworkshop.workshop import outcomes

        outcomes.confirm_justification(self._db, session_id, area_id)

    def moderate(
        self, session_id: str, area_id: str, agreed_level: LevelId | None, reason: str | None = None
    ) -> None:
        """Record an agreed level that differs from the rule's result, with its reason; None clears."""
        from npsworkshop.workshop import outcomes

        outcomes.moderate(self._db, session_id, area_id, agreed_level, reason)

    def justify_at_level(
        self,
        session_id: str,
        area_id: str,
        justification: str,
        agreed_level: LevelId | None,
        reason: str | None = None,
    ) -> None:
        """The justification and the agreed level saved together (the app's form): the text
        stands for the level they set, never flagged as written for an earlier result."""
        from npsworkshop.workshop import outcomes

        outcomes.justify_at_level(
            self._db, session_id, area_id, justification, agreed_level, reason
        )

    def set_ambition(
        self,
        session_id: str,
        area_id: str,
        level: LevelId,
        by: date | None = None,
        rationale: str | None = None,
    ) -> rules.AmbitionKind:
        """Where the council wants to be, and by when; refused below the current level."""
        from npsworkshop.workshop import outcomes

        return outcomes.set_ambition(self._db, session_id, area_id, level, by, rationale)

    def add_action(
        self,
        session_id: str,
        area_id: str,
        title: str,
        owner: str | None = None,
        due: date | None = None,
        status: rules.ActionStatus = "open",
    ) -> int:
        from npsworkshop.workshop import actions

        return actions.add_action(self._db, session_id, area_id, title, owner, due, status)

    def update_action(
        self,
        session_id: str,
        action_id: int,
        title: str,
        owner: str | None = None,
        due: date | None = None,
        status: rules.ActionStatus = "open",
    ) -> None:
        from npsworkshop.workshop import actions

        actions.update_action(self._db, session_id, action_id, title, owner, due, status)

    def set_action_status(
        self, session_id: str, action_id: int, status: rules.ActionStatus
    ) -> None:
        from npsworkshop.workshop import actions

        actions.set_action_status(self._db, session_id, action_id, status)

    def remove_action(self, session_id: str, action_id: int) -> None:
        from npsworkshop.workshop import actions

        actions.remove_action(self._db, session_id, action_id)
