"""The digit keys 1-5 stand for the five levels wherever a level is chosen."""

from __future__ import annotations

from textual.binding import Binding

from npsworkshop.framework.levels import LEVELS


def level_bindings(action: str, group: str, id_prefix: str, tooltip: str) -> list[Binding]:
    """One binding per level: key n runs `action(n)`; `tooltip` has a {level} placeholder."""
    shared = Binding.Group(group)
    return [
        Binding(
            str(n),
            f"{action}({n})",
            f"Level {n}",
            id=f"{id_prefix}_{level}",
            group=shared,
            tooltip=tooltip.format(level=f"level {n}"),
        )
        for n, level in enumerate(LEVELS, start=1)
    ]
