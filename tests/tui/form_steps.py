"""Steps the form tests share: the sizes they run at, what a widget shows."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

SIZES = [(120, 36), (100, 30)]


def shown(widget: Static) -> str:
    return str(widget.render())


def notices(app: Any) -> str:
    """Every notification the app has raised and not yet timed out (a toast wraps its words)."""
    return "\n".join(str(n.message) for n in app._notifications)
