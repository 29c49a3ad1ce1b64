"""The facilitator's record for an area: the justification, any agreed level, and the ambition."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static

from npsworkshop.assessment.rules import suggested_ambition
from npsworkshop.tui.literal import printable, show
from npsworkshop.tui.wording import level_label, plural, step_words

if TYPE_CHECKING:
    from npsworkshop.tui.area_shown import AreaShown


def written(text: str) -> str:
    """Free text the facilitator wrote or pasted, as written: a tab pasted from an email is
    room on the line (trial F24 saw a literal "\\t"), other control characters stay escaped."""
    return printable(text.expandtabs(4))


def _heading(text: Text, title: str, key: str, *, read_only: bool) -> None:
    text.append(title, style="bold")
    if not read_only:
        text.append(f"  press {key} to change\n", style="dim")
    else:
        text.append("\n")


class JustificationPanel(Static, can_focus=True):
    """Why the council sits at this level, and any moderation; enter edits it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "screen.justify",
            "Edit justification",
            id="workshop.edit_justification",
            tooltip="Write the justification; optionally agree a different level",
        ),
    ]

    def show(self, shown: AreaShown) -> None:
        area, read_only = shown.area, shown.read_only
        text = Text()
        _heading(text, "JUSTIFICATION", "j", read_only=read_only)
        if area.justification:
            text.append(written(area.justification))
        else:
            text.append(
                "Not written yet (needed before sign-off). Press j to write the evidence for "
                "why the council sits at this level.",
                style="italic",
            )
        if area.agreed_level is not None:
            text.append("\n\nAgreed level ", style="bold")
            text.append(level_label(area.agreed_level, shown.snapshot.pack), style="bold reverse")
            rule = area.result.weakest_level if area.result else None
            if rule is None:  # the ratings were taken back since (trial F22: "the rule's -")
                text.append(" while the rule has no result now (no level rated)\n")
            else:
                text.append(f" instead of the rule's {level_label(rule, shown.snapshot.pack)}\n")
            text.append("Moderation reason: ", style="bold")
            text.append(written(area.moderation_reason or ""))
        show(self, text)


class AmbitionPanel(Static, can_focus=True):
    """Where the council wants to be for this area, by when, and what that level looks like."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "screen.ambition",
            "Edit ambition",
            id="workshop.edit_ambition",
            tooltip="Set the level the council aims for, and by when",
        ),
    ]

    def show(self, shown: AreaShown) -> None:
        area, definition, read_only = shown.area, shown.definition, shown.read_only
        text = Text()
        _heading(text, "AMBITION", "b", read_only=read_only)
        ambition = area.ambition
        if ambition is not None and not shown.revealed:
            text.append("Set; shown after the reveal (v).", style="italic")
        elif ambition is None and not shown.revealed:
            text.append(
                "Not set yet (needed before sign-off). Reveal the ratings first (v): the "
                "ambition starts from the current level.",
                style="italic",
            )
        elif ambition is None and area.current_level is None:
            text.append(
                "Not set yet (needed before sign-off). There is no current level yet, so no "
                "suggestion: press b to set one.",
                style="italic",
            )
        elif ambition is None:
            suggested = suggested_ambition(area.current_level)
            text.append(
                f"Not set yet (needed before sign-off). Press b; the suggestion is "
                f"{level_label(suggested, shown.snapshot.pack)}, one level above the current level.",
                style="italic",
            )
        else:
            text.append(level_label(ambition.level, shown.snapshot.pack), style="bold reverse")
            if ambition.by:
                text.append(f" by {ambition.by.isoformat()}")
            if ambition.interim is not None:
                text.append(f"  interim step {step_words(ambition.interim, shown.snapshot.pack)}")
            if "ambition-below-level" in area.missing:
                text.append("  ⚠ below the current level: press b to raise it", style="bold")
            elif area.ambition_kind == "maintain":
                text.append("  (maintain the current level)")
            elif area.gap:
                text.append(f"  (raise by {plural(area.gap, 'level')})")
            if ambition.rationale:
                text.append(f"\n{written(ambition.rationale)}")
            text.append(
                f"\n{level_label(ambition.level, shown.snapshot.pack)} looks like: ", style="bold"
            )
            text.append(printable(definition.levels.of(ambition.level)))
        show(self, text)
