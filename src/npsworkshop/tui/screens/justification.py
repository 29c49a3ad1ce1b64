"""The justification for an area's level, and an agreed level that differs from the rule's result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Select, TextArea

from npsworkshop.errors import InputError
from npsworkshop.framework.levels import LEVELS
from npsworkshop.tui.context import recorder_of
from npsworkshop.tui.literal import literal
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.wording import level_label

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import AreaView
    from npsworkshop.framework.models import Pack


class JustificationScreen(FormModal[bool]):
    """Write the evidence; optionally agree a different level, with the reason for it."""

    REFUSAL_FIELDS: ClassVar[dict[str, str]] = {
        "moderation reason": "moderation_reason",
        "agreed level": "agreed_level",
        "below the council's current level": "agreed_level",  # the ambition, left below it
    }

    def __init__(self, session_id: str, area: AreaView, pack: Pack) -> None:
        rule = area.result.weakest_level if area.result else None
        self.pack = pack
        intro = (
            f"The rule's result is {level_label(rule, pack)}: the weakest level anyone gave."
            if rule
            else "No result yet: nobody has given a level for this area."
        )
        super().__init__(f"Justification: {area.title}", intro)
        self.session_id = session_id
        self.area = area
        self.rule = rule

    def compose_fields(self) -> ComposeResult:
        yield FormField(
            "Why the council sits at this level (the evidence)",
            TextArea(self.area.justification or "", id="justification", compact=True),
            hint="Needed before sign-off.",
            id="field-justification",
        )
        choices: list[tuple[Content, str]] = [
            (literal(level_label(level, self.pack)), level) for level in LEVELS
        ]
        agreed: Select[str] = Select(
            choices,
            id="agreed-level",
            compact=True,
            prompt="Use the rule's result (above)",  # a pack title in a Select prompt would be markup
            value=self.area.agreed_level if self.area.agreed_level else Select.NULL,
        )
        yield FormField(
            "Agreed level (optional)",
            agreed,
            hint="Only when the room agrees the rule's result is wrong; both are kept.",
            id="field-agreed_level",
        )
        yield FormField(
            "Moderation reason",
            TextArea(self.area.moderation_reason or "", id="moderation-reason", compact=True),
            hint="Needed with an agreed level: why it differs from the rule's result.",
            id="field-moderation_reason",
        )

    def draft_of(self) -> tuple[str, str]:
        return self.session_id, f"justification:{self.area.id}"

    def on_mount(self) -> None:
        self.query_one("#justification", TextArea).focus()

    async def save(self) -> bool:
        recorder = recorder_of(self)
        workshop = recorder.workshop
        text = self.query_one("#justification", TextArea).text
        chosen: Select[str] = self.query_one("#agreed-level", Select)
        agreed: Any = None if chosen.value is Select.NULL else chosen.value
        reason = self.query_one("#moderation-reason", TextArea).text.strip()
        problems = []
        if agreed is not None and agreed == self.rule:
            problems.append(
                "agreed_level: that is the rule's result; choose the first option instead"
            )
        elif agreed is not None and not reason:
            problems.append(
                "moderation_reason: say why the agreed level differs from the rule's result"
            )
        if problems:
            raise InputError("justification", problems)
        await recorder.call(
            workshop.justify_at_level, self.session_id, self.area.id, text, agreed, reason or None
        )
        return True
