"""Sign-off: who signs the session off; after it the session is read-only."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input

from npsworkshop.errors import InputError, Refused
from npsworkshop.tui.context import recorder_of
from npsworkshop.tui.screens.form_modal import FormModal
from npsworkshop.tui.widgets.date_input import DateInput
from npsworkshop.tui.widgets.form_field import FormField


class SignOffScreen(FormModal[str]):
    """Dismisses with the fingerprint of the signed-off record."""

    SAVE_LABEL = "Sign off"

    def __init__(self, session_id: str, today: date) -> None:
        super().__init__(
            "Sign off this session",
            "Signing off makes the session read-only: nothing in it can change afterwards, and "
            "its fingerprint proves it. Later changes start a follow-up session.",
        )
        self.session_id = session_id
        self.today = today

    def compose_fields(self) -> ComposeResult:
        yield FormField(
            "Name",
            Input(id="sign-off-name", placeholder="Who signs it off", compact=True),
            id="field-name",
        )
        yield FormField(
            "Role",
            Input(id="sign-off-role", placeholder="e.g. Director of Resources", compact=True),
            id="field-role",
        )
        yield FormField(
            "Signed on",
            DateInput(self.today, id="sign-off-on"),
            hint="Today by default; YYYY-MM-DD or DD/MM/YYYY. Not before the workshop.",
            id="field-signed_on",
        )

    def on_mount(self) -> None:
        self.query_one("#sign-off-name", Input).focus()

    async def save(self) -> str:
        signed_on = self.typed_date("#sign-off-on", "signed_on")
        if signed_on is None:
            raise InputError("sign-off", ["signed_on: is required: the date it is signed off"])
        recorder = recorder_of(self)
        try:
            return await recorder.call(
                recorder.workshop.sign_off,
                self.session_id,
                self.query_one("#sign-off-name", Input).value,
                self.query_one("#sign-off-role", Input).value,
                signed_on,
            )
        except Refused as error:
            if "sign-off date" not in str(error):
                raise
            raise InputError("sign-off", [f"signed_on: {error}"]) from None
