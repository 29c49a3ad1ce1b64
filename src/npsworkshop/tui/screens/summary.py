"""The summary: the maturity grid, what is still missing before sign-off, and sign-off itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from npsworkshop.tui.commands import PaletteCommand, ScreenCommands
from npsworkshop.tui.context import recorder_of, workshop_app
from npsworkshop.tui.footer_keys import refresh_bindings_on_change
from npsworkshop.tui.literal import literal
from npsworkshop.tui.widgets.key_footer import KeyFooter
from npsworkshop.tui.widgets.maturity_grid import LEGEND, MaturityGrid
from npsworkshop.tui.widgets.session_bar import SessionBar
from npsworkshop.tui.widgets.trend_grid import TREND_LEGEND, TrendGrid, trend_heading
from npsworkshop.tui.wording import area_warnings, missing_words, plural, signed_off_line

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import SessionSnapshot
    from npsworkshop.assessment.trend import AreaTrend

HEADING = Text("SUMMARY: THE MATURITY GRID", style="bold")


class SummaryScreen(Screen[str | None]):
    """Dismisses with the id of an area to go to, or None to go back where you were."""

    COMMANDS: ClassVar[set[Any]] = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "o",
            "sign_off",
            "Sign off",
            id="summary.sign_off",
            tooltip="Sign the session off: it becomes read-only",
        ),
        Binding("e", "export", "Export", id="summary.export", tooltip="Write PDF, JSON or CSV"),
        Binding(
            "t",
            "trend",
            "Trend",
            id="summary.trend",
            tooltip="A follow-up: baseline, now and the baseline's targets; t again: the grid",
        ),
        Binding(
            "escape",
            "close",
            "Back to the workshop",
            id="summary.close",
            tooltip="Back to the area",
        ),
    ]

    def __init__(
        self, session_id: str, *, revealed: frozenset[str] = frozenset(), sign_off: bool = False
    ) -> None:
        super().__init__()
        self.revealed = set(revealed)
        """Areas whose ratings the room has seen: the others show no level here either."""
        self.session_id = session_id
        self.snapshot: SessionSnapshot | None = None
        self.sign_off_now = sign_off
        self.trend: tuple[AreaTrend, ...] = ()
        self.showing_trend = False

    def compose(self) -> ComposeResult:
        yield SessionBar()
        with Vertical(id="summary"):
            yield Static(HEADING, id="summary-heading", classes="section-heading")
            yield Static(LEGEND, id="summary-legend", classes="legend", markup=False)
            yield MaturityGrid(id="maturity-grid")
            yield TrendGrid(id="trend-grid")
            yield Static("", id="missing-heading", classes="section-heading")
            yield OptionList(id="missing")
            yield Static("", id="sign-off-status", markup=False)
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.reload()
        self.query_one("#maturity-grid").focus()
        if self.sign_off_now:
            if self.loaded.complete and not self.loaded.signed_off:
                self.action_sign_off()
            elif not self.loaded.signed_off:
                self.notify("Not ready to sign off yet: see what is missing.", timeout=5)
                self.query_one("#missing", OptionList).focus()

    @property
    def loaded(self) -> SessionSnapshot:
        if self.snapshot is None:
            raise LookupError("the session is not loaded yet")
        return self.snapshot

    async def reload(self) -> None:
        recorder = recorder_of(self)
        self.snapshot = snapshot = await recorder.call(recorder.workshop.snapshot, self.session_id)
        if snapshot.record.baseline is not None:
            self.trend = await recorder.call(recorder.workshop.cycle.trend, self.session_id)
        self.query_one(SessionBar).show(snapshot, "summary")
        self._draw_grids()
        self._show_missing(snapshot)
        self._show_sign_off(snapshot)
        refresh_bindings_on_change(
            self, (snapshot.signed_off, snapshot.complete, snapshot.record.baseline is not None)
        )

    def on_resize(self) -> None:
        if self.snapshot is not None:
            self._draw_grids()

    def _draw_grids(self) -> None:
        """The maturity grid, or a follow-up's trend since its baseline (t switches)."""
        snapshot, width = self.loaded, self.app.size.width - 4
        baseline = snapshot.record.baseline
        trend = self.showing_trend and baseline is not None
        self.query_one("#maturity-grid", MaturityGrid).show(snapshot, width, self.revealed)
        trend_grid = self.query_one(TrendGrid)
        if baseline is not None:
            trend_grid.show_trend(snapshot, self.trend, width, self.revealed)
        self.query_one("#maturity-grid").display = not trend
        trend_grid.display = trend
        heading = trend_heading(baseline) if trend and baseline else HEADING.plain
        self.query_one("#summary-heading", Static).update(Text(heading, style="bold"))
        self.query_one("#summary-legend", Static).update(TREND_LEGEND if trend else LEGEND)

    def action_trend(self) -> None:
        self.showing_trend = not self.showing_trend
        self._draw_grids()
        grid = self.query_one(TrendGrid) if self.showing_trend else self.query_one("#maturity-grid")
        grid.focus()

    def _show_missing(self, snapshot: SessionSnapshot) -> None:
        heading = self.query_one("#missing-heading", Static)
        missing = self.query_one("#missing", OptionList)
        items = snapshot.missing()
        warned = [(area.id, area_warnings(area)) for area in snapshot.areas if area_warnings(area)]
        missing.display = bool(items or warned) and not snapshot.signed_off
        if snapshot.signed_off:
            heading.update("")
            return
        if not items and not warned:
            heading.update(
                Text.assemble(
                    ("READY TO SIGN OFF", "bold"),
                    ": every area has a result, a justification "
                    "and an ambition. Press o to sign off.",
                )
            )
            return
        by_area: dict[str, list[str]] = {}
        for area_id, item in items:
            by_area.setdefault(area_id, []).append(item)
        title = (
            f"STILL MISSING BEFORE SIGN-OFF, IN {plural(len(by_area), 'AREA')}"
            if by_area
            else "READY TO SIGN OFF (o), BUT WORTH A LOOK"
        )
        heading.update(Text.assemble((title, "bold"), ("  enter goes to the area", "dim")))
        options = [
            Option(
                literal(f"{snapshot.area(area_id).title}: needs {missing_words(lacks)}"),
                id=area_id,
            )
            for area_id, lacks in by_area.items()
        ]
        options += [
            Option(literal(f"⚠ {snapshot.area(area_id).title}: {line}"), id=f"{area_id}#{n}")
            for area_id, lines in warned
            for n, line in enumerate(lines)
        ]
        missing.set_options(options)
        missing.highlighted = 0

    def _show_sign_off(self, snapshot: SessionSnapshot) -> None:
        status = self.query_one("#sign-off-status", Static)
        sign_off = snapshot.record.sign_off
        status.display = sign_off is not None
        if sign_off is not None:
            status.update(literal(f"✓ {signed_off_line(sign_off)}"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "trend":
            return self.snapshot is not None and self.snapshot.record.baseline is not None
        if action == "sign_off":
            if self.snapshot is None or self.snapshot.signed_off:
                return False
            return True if self.snapshot.complete else None
        return True

    @on(OptionList.OptionSelected, "#missing")
    def _missing_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id.split("#")[0])

    @on(DataTable.RowSelected, "#maturity-grid, #trend-grid")
    def _area_chosen(self, event: DataTable.RowSelected) -> None:
        assert isinstance(event.data_table, MaturityGrid)
        area_id = event.data_table.highlighted_area()
        if area_id is not None:
            self.dismiss(area_id)

    def action_sign_off(self) -> None:
        from npsworkshop.tui.screens.sign_off import SignOffScreen

        today = workshop_app(self).today or date.today()
        self.app.push_screen(SignOffScreen(self.session_id, today), self._signed)

    async def _signed(self, fingerprint: str | None) -> None:
        if fingerprint is not None:
            await self.reload()
            self.query_one(SessionBar).saved.state = "saved"

    def action_export(self) -> None:
        from npsworkshop.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.session_id, signed=self.loaded.signed_off))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_start_followup(self) -> None:
        """Back to the session, which opens the follow-up form (and then the new draft)."""
        from npsworkshop.tui.screens.area_forms import AreaForms

        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        self.dismiss(None)
        if isinstance(below, AreaForms):
            below.call_after_refresh(below.action_start_followup)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        if self.check_action("sign_off", ()):
            yield PaletteCommand(
                "Sign off this session", "Read-only afterwards", self.action_sign_off
            )
        yield PaletteCommand("Export this session", "PDF, JSON or CSV", self.action_export)
        if self.snapshot is not None and self.snapshot.signed_off:
            yield PaletteCommand(
                "Start follow-up",
                "A new draft reassessing this signed-off session",
                self.action_start_followup,
            )
        if self.check_action("trend", ()):
            yield PaletteCommand(
                "Trend since the baseline (t)",
                "Baseline, now, its ambition and interim step; or the maturity grid again",
                self.action_trend,
            )
        if self.snapshot is not None:
            for area in self.snapshot.areas:
                yield PaletteCommand(
                    f"Go to area: {area.title}",
                    "Back to the workshop at this area",
                    partial(self.dismiss, area.id),
                )
