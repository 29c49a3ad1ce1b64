"""A follow-up's trend (issue 12 item 5): per area, on the five levels, where the baseline
stood, where the council is now, and the ambition and interim step the baseline set; then the
change in levels and whether each target was reached (assessment/trend.py's numbers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from npsworkshop.tui.widgets.maturity_grid import MaturityGrid

if TYPE_CHECKING:
    from npsworkshop.assessment.baseline import BaselineFact
    from npsworkshop.assessment.snapshot import AreaView, SessionSnapshot
    from npsworkshop.assessment.trend import AreaTrend

MARKS = (("◇", "was"), ("●", "now"), ("▲", "aim"), ("◦", "step"))
TREND_LEGEND = (
    "◇ baseline  ● now  ▲ its ambition  ◦ its interim step  ✓ reached  ✗ not yet  "
    "t the maturity grid"
)


def trend_heading(baseline: BaselineFact) -> str:
    return f"SUMMARY: TREND SINCE THE BASELINE OF {baseline.held_on.isoformat()}"


def reached(value: bool | None) -> str:
    return "-" if value is None else ("✓" if value else "✗")


def outcome(row: AreaTrend) -> Text:
    """'  +1 ▲✓ ◦✗': the change in levels, then whether the ambition and the interim step were
    reached (- where there was none, or no level now)."""
    change = "-" if row.change is None else ("0" if row.change == 0 else f"{row.change:+d}")
    text = Text(f"{change:>3} ", style="bold")
    text.append(f"▲{reached(row.ambition_reached)} ◦{reached(row.interim_reached)}")
    return text


class TrendGrid(MaturityGrid):
    """The maturity grid's rows, with the baseline, now and its targets on the five levels."""

    EXTRA_COLUMNS = (("Change ▲ ◦", 10),)
    MIN_TITLE = 20  # the picture and the outcome fit 100 columns

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.baseline: BaselineFact | None = None
        self.trend: dict[str, AreaTrend] = {}

    def show_trend(
        self,
        snapshot: SessionSnapshot,
        trend: tuple[AreaTrend, ...],
        width: int,
        revealed: set[str],
    ) -> None:
        self.baseline = snapshot.record.baseline
        self.trend = {row.area_id: row for row in trend}
        self.show(snapshot, width, revealed)

    def level_cell(self, area: AreaView, level: str, *, revealed: bool) -> Text:
        fact = self.baseline.areas.get(area.id) if self.baseline else None
        levels = (
            fact.level if fact else None,
            area.current_level if revealed else None,  # never before the room has seen it
            fact.ambition.level if fact and fact.ambition else None,
            fact.interim.level if fact and fact.interim else None,
        )
        marks = [mark for mark, at in zip(MARKS, levels, strict=True) if at == level]
        if not marks:
            return Text("")
        if len(marks) == 1:
            symbol, word = marks[0]
            return Text(f"{symbol} {word}", style="bold reverse" if word == "now" else "bold")
        return Text("".join(symbol for symbol, _ in marks), style="bold")

    def extra_cells(self, area: AreaView, *, revealed: bool) -> list[Text]:
        row = self.trend.get(area.id)
        if row is None or not revealed:
            return [Text("hidden" if row and area.ratings else "", style="dim")]
        return [outcome(row)]
