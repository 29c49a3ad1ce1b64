"""The area's result, live: the weakest level, who gave it, and the spread (or why it is hidden)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from npsworkshop.framework.levels import LEVELS
from npsworkshop.tui.literal import printable, show
from npsworkshop.tui.wording import last_time, level_label

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import SessionSnapshot
    from npsworkshop.framework.models import Area
    from npsworkshop.tui.area_shown import AreaShown

BAR = "█"


def expected_ratings(snapshot: SessionSnapshot, definition: Area) -> int:
    return len(snapshot.record.participants) * max(1, len(definition.dimensions))


def who_gave(shown: AreaShown, keys: tuple[str, ...]) -> str:
    """The participants (with their departments) behind the result, as the room may see them."""
    return ", ".join(shown.label(person) for person in shown.people() if person.key in keys)


def phone_votes(shown: AreaShown) -> int:
    """Ratings phone votes will give at the reveal: the cells of those who voted on their
    phone that nobody has typed a rating into."""
    keys = {(r.participant, r.dimension or None) for r in shown.area.ratings}
    dimensions: list[str | None] = [d.id for d in shown.definition.dimensions] or [None]
    return sum(
        (person, dimension) not in keys for person in shown.phone_voted for dimension in dimensions
    )


class ResultPanel(Static):
    """What the rule makes of the ratings so far."""

    def show(self, shown: AreaShown) -> None:
        snapshot, area, definition = shown.snapshot, shown.area, shown.definition
        revealed = shown.revealed
        pack = snapshot.pack
        expected = expected_ratings(snapshot, definition)
        given = len(area.ratings)
        by_phone = phone_votes(shown)
        to_go = max(0, expected - given - by_phone)
        text = Text()
        baseline = snapshot.record.baseline
        before = baseline.areas.get(area.id) if baseline else None
        if baseline is not None:
            text.append(f"LAST TIME ({baseline.held_on.isoformat()})\n", style="bold")
            text.append(last_time(before, pack) if before else "Not assessed.", style="italic")
            text.append("\n\n")
        text.append("RESULT", style="bold")
        text.append(" (weakest level)\n", style="dim")
        if not area.ratings and not by_phone:
            text.append(
                "No ratings yet.\nHighlight a participant and press 1–5 for a level, "
                "or a to abstain."
            )
        elif not revealed or not area.ratings:
            phoned = f", {by_phone} more by phone" if by_phone else ""
            text.append(
                f"Hidden: {given} of {expected} given{phoned}, {to_go} to go.\n", style="bold"
            )
            text.append("Ratings stay hidden so nobody anchors on what others said.\n")
            text.append("Press v to reveal them.", style="bold")
        elif area.result is None:
            text.append(f"Everyone abstained ({len(area.ratings)}): no result.\n", style="bold")
        else:
            result = area.result
            text.append(level_label(result.weakest_level, pack), style="bold reverse")
            text.append("\n")
            text.append(f"given by {who_gave(shown, result.weakest_by)}")
            dimensions = {d.id: d.title for d in definition.dimensions}
            where = [dimensions[d] for d in result.weakest_dimensions if d in dimensions]
            if where:
                text.append(printable(f"\nin {', '.join(where)}"))
            text.append("\n\nSpread\n", style="bold")
            top = max(result.spread.values(), default=1)
            for level in LEVELS:
                count = result.spread.get(level, 0)
                bar = BAR * max(1, round(10 * count / top)) if count else ""
                text.append(f"{level_label(level, pack):<13}", style="bold" if count else "dim")
                text.append(f"{bar} {count}\n" if count else "\n")
            text.append(f"{result.rated} rated · {result.abstained} abstained · {to_go} to go")
        if area.agreed_level is not None:
            text.append("\n\nAgreed level: ", style="bold")
            text.append(level_label(area.agreed_level, pack), style="bold reverse")
            text.append(" (moderated)")
        show(self, text)
