"""The areas in scope on the New session form: a tick list with a key for all or none."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import SelectionList


class ScopeList(SelectionList[str]):
    """The areas in scope, all ticked to start with."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "toggle_all",
            "Tick/untick all",
            id="new_session.scope_all",
            tooltip="Tick every area, or untick every area",
        ),
    ]

    pack_id: str | None = None

    def action_toggle_all(self) -> None:
        if len(self.selected) == self.option_count:
            self.deselect_all()
        else:
            self.select_all()
