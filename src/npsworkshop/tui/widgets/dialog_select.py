"""A drop-down whose list opens inside the dialog holding it, never past its frame."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import SelectOverlay


class DialogSelect(Select[str]):
    """Opens below the field when the dialog has room there, else above it, else on the larger
    side with as many rows as fit (the list scrolls)."""

    def on_mount(self) -> None:
        self.watch(self, "expanded", self._opened, init=False)

    def _opened(self, expanded: bool) -> None:
        if expanded:
            overlay = self.query_one(SelectOverlay)
            overlay.styles.offset = (0, 0)
            overlay.styles.max_height = 12
            self.call_after_refresh(self.fit_list)

    def _frame(self) -> Region:
        """Where the list may go: inside the nearest dialog's border, else the screen."""
        for ancestor in self.ancestors:
            if isinstance(ancestor, Widget) and ancestor.has_class("dialog"):
                return ancestor.region.shrink(ancestor.styles.gutter)
        return self.screen.region

    def fit_list(self) -> None:
        overlay = self.query_one(SelectOverlay)
        frame = self._frame()
        wanted = overlay.outer_size.height
        below = frame.bottom - self.region.bottom
        above = self.region.y - frame.y
        if wanted <= below:
            return
        if wanted > above:  # fits neither way: the larger side, scrolling
            overlay.styles.max_height = max(above, below)
            if below >= above:
                return
            wanted = above
        overlay.styles.offset = (0, self.region.y - wanted - self.region.bottom)
