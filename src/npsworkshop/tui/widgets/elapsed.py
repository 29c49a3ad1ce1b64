"""Time in the session and on the current area, with an optional time box per area."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

TIME_BOXES = (None, 10, 15, 20, 30)  # minutes per area


def clock_text(seconds: float) -> str:
    """'4:05' or '1:02:09'."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Elapsed(Static):
    """'area 4:05 of 10:00 · session 1:02:09'; the area's time turns to a warning once it is
    over its box. `clock` is injectable so tests and snapshots show fixed times."""

    DEFAULT_CSS = """
    Elapsed {
        width: auto;
        padding: 0 1;
        color: $text-muted;
    }
    Elapsed.-over {
        color: $text-warning;
        text-style: bold;
    }
    """

    def __init__(self, clock: Callable[[], float], *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.clock = clock
        self.started = clock()
        self.area: str | None = None
        self.area_since = self.started
        self.spent: dict[str, float] = {}
        self.box_minutes: int | None = None
        self.compact = False
        """Only the area's time: the session bar gives the session's words the room."""

    def on_mount(self) -> None:
        self.set_interval(1, self.tick)
        self.tick()

    def enter(self, area_id: str) -> None:
        """The facilitator moved to `area_id`: bank the time on the area they left."""
        now = self.clock()
        if self.area is not None:
            self.spent[self.area] = self.on_area(now)
        self.area, self.area_since = area_id, now
        self.tick()

    def on_area(self, now: float | None = None) -> float:
        if self.area is None:
            return 0.0
        now = self.clock() if now is None else now
        return self.spent.get(self.area, 0.0) + now - self.area_since

    def next_box(self) -> int | None:
        """Step to the next time box (t): none, 10, 15, 20, 30 minutes, then none again."""
        self.box_minutes = TIME_BOXES[(TIME_BOXES.index(self.box_minutes) + 1) % len(TIME_BOXES)]
        self.tick()
        return self.box_minutes

    def text(self, *, compact: bool) -> Text:
        """'area 4:05 of 10:00 · session 1:02:09'; compact, only the area's part."""
        now = self.clock()
        area = self.on_area(now)
        text = Text(f"area {clock_text(area)}")
        if self.box_minutes is not None:
            over = area > self.box_minutes * 60
            text.append(f" of {self.box_minutes}:00" + (" OVER" if over else ""))
        if not compact:
            text.append(f" · session {clock_text(now - self.started)}")
        return text

    def tick(self) -> None:
        over = self.box_minutes is not None and self.on_area() > self.box_minutes * 60
        self.set_class(over, "-over")
        self.update(self.text(compact=self.compact))
