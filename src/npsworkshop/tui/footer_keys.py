"""Refresh a node's key bindings only when what they depend on has changed.

Refreshing bindings makes the footer rebuild all its keys; doing that on every rating costs more
than the rating itself, so each node says what its bindings depend on and is refreshed on change.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual.dom import DOMNode

_LAST: WeakKeyDictionary[DOMNode, object] = WeakKeyDictionary()
_UNSET = object()


def refresh_bindings_on_change(node: DOMNode, depends_on: object) -> None:
    if _LAST.get(node, _UNSET) != depends_on:
        _LAST[node] = depends_on
        node.refresh_bindings()
