"""Add or edit one action: title, owner, due date and status."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.widgets import Input, Select

from npsworkshop.assessment.rules import ACTION_STATUSES, ActionStatus
from npsworkshop.tui.context import recorder_of
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.date_input import DATE_HINT, DateInput
from npsworkshop.tui.widgets.form_field import FormField
from npsworkshop.tui.widgets.line_input import LineInput
from npsworkshop.tui.wording import ACTION_STATUSES as STATUS_WORDS

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import ActionFact


class ActionScreen(FormModal[bool]):
    """A new action for the area, or changes to an existing one."""

    REFUSAL_FIELDS: ClassVar[dict[str, str]] = {"the action's due date": "due"}

    def __init__(
        self, session_id: str, area_id: str, area_title: str, action: ActionFact | None = None
    ) -> None:
        verb = "Edit action" if action else "New action"
        super().__init__(f"{verb}: {area_title}", "What will be done, by whom and by when.")
        self.session_id = session_id
        self.area_id = area_id
        self.action = action

    def compose_fields(self) -> ComposeResult:
        action = self.action
        yield FormField(
            "Action",
            LineInput(action.title if action else "", id="action-title", compact=True),
            id="field-title",
        )
        yield FormField(
            "Owner",
            LineInput((action.owner or "") if action else "", id="action-owner", compact=True),
            hint="A role is better than a name: e.g. Head of Procurement.",
            id="field-owner",
        )
        yield FormField(
            "Due",
            DateInput(action.due if action else None, id="action-due"),
            hint=DATE_HINT,
            id="field-due",
        )
        status: Select[str] = Select(
            [(STATUS_WORDS[s], s) for s in ACTION_STATUSES],
            id="action-status",
            compact=True,
            allow_blank=False,
            value=action.status if action else "open",
        )
        yield FormField("Status", status, id="field-status")

    def draft_of(self) -> tuple[str, str]:
        which = f"new:{self.area_id}" if self.action is None else str(self.action.id)
        return self.session_id, f"action:{which}"

    def on_mount(self) -> None:
        self.query_one("#action-title", Input).focus()

    async def save(self) -> bool:
        due = self.typed_date("#action-due", "due")
        title = self.query_one("#action-title", Input).value
        owner = self.query_one("#action-owner", Input).value.strip() or None
        status = cast(ActionStatus, self.query_one("#action-status", Select).value)
        recorder = recorder_of(self)
        workshop = recorder.workshop
        if self.action is None:
            await recorder.call(
                workshop.add_action, self.session_id, self.area_id, title, owner, due, status
            )
        else:
            await recorder.call(
                workshop.update_action, self.session_id, self.action.id, title, owner, due, status
            )
        return True
