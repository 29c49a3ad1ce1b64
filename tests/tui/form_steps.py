"""Steps the form tests share: the sizes they run at, what a widget shows."""

from __future__ import annotations

from textual.widgets import Static

SIZES = [(120, 36), (100, 30)]


def shown(widget: Static) -> str:
    return str(widget.render())
