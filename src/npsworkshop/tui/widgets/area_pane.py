"""The current area, top to bottom: heading, about, level descriptors, the ratings grid beside the
result, the justification, the ambition and the actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Collapsible, Static

from npsworkshop.tui.literal import literal, printable, show
from npsworkshop.tui.widgets.actions_table import ActionsTable
from npsworkshop.tui.widgets.level_rows import LevelRows
from npsworkshop.tui.widgets.outcome_panel import AmbitionPanel, JustificationPanel
from npsworkshop.tui.widgets.ratings_grid import RatingsGrid
from npsworkshop.tui.widgets.result_panel import ResultPanel
from npsworkshop.tui.wording import area_state, area_warnings, missing_words

WIDE = 110  # the app's breakpoint: wider terminals get the wider navigator and result panel

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import SessionSnapshot
    from npsworkshop.framework.models import Area
    from npsworkshop.tui.area_shown import AreaShown


def refs_now(snapshot: SessionSnapshot) -> dict[int, str]:
    """Each action's ref in this session (A1, A2...: area order, then position), as the
    action plan and `actions` number them."""
    ids = [action.id for area in snapshot.areas for action in area.actions]
    return {action_id: f"A{number}" for number, action_id in enumerate(ids, start=1)}


class AreaPane(VerticalScroll):
    """Shows one area; the screen decides which, and what may be seen of it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=False)
        self.feedback = ""
        """What the last rating key did ("Aisha: recorded"), under the grid's caption."""
        self.feedback_area: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("Opening the session…", id="area-heading", markup=False)
        yield Static("", id="signed-banner", markup=False)
        with Collapsible(title="About this area: what it is, why it matters", id="about"):
            yield Static("", id="about-text", markup=False)
        yield Static("", id="levels-heading", markup=False)
        yield LevelRows(id="levels")
        with Horizontal(id="rating-row"):
            with Vertical(id="grid-box"):
                yield Static("", id="grid-status", markup=False)
                yield RatingsGrid(id="grid")
            yield ResultPanel(id="result")
        yield JustificationPanel(id="justification")
        yield AmbitionPanel(id="ambition")
        yield Static("", id="actions-heading")
        yield ActionsTable(id="actions")

    def show(self, shown: AreaShown, *, banner: str | None, dimension: str | None) -> None:
        snapshot, area, definition = shown.snapshot, shown.area, shown.definition
        ids = [a.id for a in snapshot.areas]
        theme = snapshot.pack.theme_of(area.id)
        heading = Text(printable(f"{theme.title if theme else 'Enabler'} › "), style="bold")
        heading.append(printable(area.title), style="bold underline")
        heading.append(f"\nArea {ids.index(area.id) + 1} of {len(ids)} · {area_state(area.state)}")
        if area.ratings and area.missing:
            heading.append(f" · still needs {missing_words(area.missing)}", style="bold")
        for warning in area_warnings(area):
            heading.append(f"\n⚠ {printable(warning)}", style="bold")
        show(self.query_one("#area-heading", Static), heading)
        banner_line = self.query_one("#signed-banner", Static)
        banner_line.display = banner is not None
        show(banner_line, literal(banner or ""))
        self._show_about(definition)
        self.show_levels(shown, dimension)
        stacked = bool(definition.dimensions)
        self.query_one("#rating-row").set_class(stacked, "-stacked")
        self.query_one(RatingsGrid).show(shown, room=self.grid_room(stacked=stacked))
        if self.feedback_area != area.id:
            self.feedback, self.feedback_area = "", area.id
        self.show_grid_status()
        self.call_after_refresh(self.show_grid_status)  # "rows x-y of n" once the grid has its size
        self.query_one(ResultPanel).show(shown)
        self.query_one(JustificationPanel).show(shown)
        self.query_one(AmbitionPanel).show(shown)
        self._show_actions(shown)

    def _show_about(self, definition: Area) -> None:
        parts = [definition.description or ""]
        if definition.help:
            parts += [
                f"What it is: {definition.help.what_it_is}",
                f"Why it matters: {definition.help.why_it_matters}",
            ]
        text = "\n\n".join(p for p in parts if p)
        show(
            self.query_one("#about-text", Static),
            literal(text or "No description in this framework."),
        )

    def show_levels(self, shown: AreaShown, dimension_id: str | None) -> None:
        """The descriptors of the whole area, or of the dimension being rated."""
        area, definition = shown.area, shown.definition
        dimension = next((d for d in definition.dimensions if d.id == dimension_id), None)
        heading = Text(
            printable(f"LEVELS: {dimension.title}" if dimension else "LEVELS"), style="bold"
        )
        current = area.current_level is not None and shown.revealed
        heading.append("  ◀ current level  ▲ ambition" if current else "  ▲ ambition", style="dim")
        show(self.query_one("#levels-heading", Static), heading)
        self.query_one(LevelRows).show(
            dimension.levels if dimension else definition.levels,
            shown.snapshot.pack,
            current=area.current_level if shown.revealed else None,
            ambition=area.ambition.level if area.ambition and shown.revealed else None,
        )

    def grid_room(self, *, stacked: bool) -> int:
        """Columns the ratings grid has: the pane, less the result panel beside it."""
        app_width = self.app.size.width
        pane = self.content_size.width or app_width - (32 if app_width >= WIDE else 22) - 3
        if stacked:
            return pane
        return pane - (34 if app_width >= WIDE else 29) - 1

    def show_grid_status(self, feedback: str | None = None) -> None:
        """The grid's caption: which rows are in view when not all are, and the last change."""
        if feedback is not None:
            self.feedback = feedback
        grid = self.query_one(RatingsGrid)
        text = Text("RATINGS", style="bold")
        first, last = grid.rows_in_view()
        if grid.row_count and (first > 1 or last < grid.row_count):
            text.append(f"  rows {first}-{last} of {grid.row_count}", style="bold")
        if self.feedback:
            text.append(f"  ✓ {printable(self.feedback)}", style="bold")
        show(self.query_one("#grid-status", Static), text)

    def bring_grid_into_view(self) -> None:
        """Scroll so the whole grid (with its caption) is on screen; if it is taller than the
        pane, its top is (the grid then scrolls itself to keep the cursor in view)."""
        box = self.query_one("#grid-box")
        tall = box.outer_size.height > self.scrollable_content_region.height
        self.scroll_to_widget(box, animate=False, top=tall, immediate=True)

    def _show_actions(self, shown: AreaShown) -> None:
        actions = shown.area.actions
        heading = Text("ACTIONS", style="bold")
        progress = shown.progress
        if not shown.read_only:
            hint = "  press + to add one" + ("; enter edits, x removes" if actions else "")
            heading.append(hint, style="dim")
        elif progress is not None and actions:
            heading.append("  enter records progress on the highlighted action", style="dim")
            late = sum(1 for a in actions if (s := progress.get(a.id)) is not None and s.overdue)
            if late:
                heading.append(f"\n⚠ {late} overdue: past the due date and not done", style="bold")
        if not actions:
            heading.append("\nNo actions yet.", style="italic")
        baseline = shown.snapshot.record.baseline
        carried = [a for a in actions if a.carried_from]
        if baseline is not None and carried:
            refs = refs_now(shown.snapshot)
            which = ", ".join(f"{a.carried_from} (now {refs[a.id]})" for a in carried)
            heading.append(
                f"\n↻ carried forward from the session of {baseline.held_on.isoformat()}: "
                f"{printable(which)}",
                style="dim",
            )
        show(self.query_one("#actions-heading", Static), heading)
        table = self.query_one(ActionsTable)
        table.show(
            actions, read_only=shown.read_only, room=self.grid_room(stacked=True), progress=progress
        )
        table.display = bool(actions)
