"""The navigator: themes, their key areas, then the enablers, each area marked with its state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from npsworkshop.tui.literal import literal
from npsworkshop.tui.wording import AREA_MARKS

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import SessionSnapshot

STATE_STYLES = {
    "not-started": "$text-muted",
    "rated": "bold $text-warning",
    "complete": "bold $text-success",
    "moderated": "bold $text-accent",
}


def area_groups(snapshot: SessionSnapshot) -> list[tuple[str, list[str]]]:
    """(heading, area ids in scope) for each theme with an area in scope, then the enablers."""
    groups: list[tuple[str, list[str]]] = []
    for theme in snapshot.pack.themes:
        ids = [a.id for a in snapshot.areas if a.theme == theme.id]
        if ids:
            groups.append((theme.title, ids))
    enablers = [a.id for a in snapshot.areas if a.kind == "enabler"]
    if enablers:
        groups.append(("Enablers", enablers))
    return groups


class AreaNavigator(OptionList):
    """Up and down to look, enter to go to an area."""

    class AreaChosen(Message):
        def __init__(self, area_id: str) -> None:
            super().__init__()
            self.area_id = area_id

    shown: tuple[object, ...] = ()

    def show(self, snapshot: SessionSnapshot, current: str) -> None:
        """Rebuild the list from the snapshot, keeping the current area highlighted (only when
        something in it changed: a rebuild re-lays out the screen)."""
        key = (current, tuple((a.id, a.title, a.state) for a in snapshot.areas))
        if key == self.shown:
            return
        self.shown = key
        options: list[Option] = []
        for heading, ids in area_groups(snapshot):
            options.append(Option(literal(heading.upper(), "bold"), disabled=True))
            for area_id in ids:
                area = snapshot.area(area_id)
                label = Content.assemble(
                    (f" {AREA_MARKS[area.state]} ", STATE_STYLES[area.state]), literal(area.title)
                )
                options.append(Option(label, id=area_id))
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.set_options(options)
        keep = current if highlighted is None or not self.has_focus else highlighted
        self.highlighted = self.get_option_index(keep)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.AreaChosen(event.option.id))
