"""What every screen reads from the running app: the service, the workspace and projector mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from npsworkshop.tui.app import WorkshopApp
    from npsworkshop.tui.recorder import Recorder


def workshop_app(node: DOMNode) -> WorkshopApp:
    """The running app, typed."""
    return cast("WorkshopApp", node.app)


def recorder_of(node: DOMNode) -> Recorder:
    """The service; screens that need it are only reachable once the database is open."""
    recorder = workshop_app(node).recorder
    if recorder is None:
        from npsworkshop.errors import Failure

        raise Failure("the sessions database is not open yet")
    return recorder


def projector_on(node: DOMNode) -> bool:
    return workshop_app(node).projector
