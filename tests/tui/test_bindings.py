"""Every key the app answers to has an id and a description, and shows in the footer."""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import npsworkshop.tui
from npsworkshop.tui.app import WorkshopApp


def app_classes() -> list[type[DOMNode]]:
    for module in pkgutil.walk_packages(npsworkshop.tui.__path__, "npsworkshop.tui."):
        importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("npsworkshop.tui"):
            found.append(cls)
    return found


def test_every_binding_has_an_id_a_description_and_a_place_in_the_footer() -> None:
    classes = app_classes()
    assert WorkshopApp in classes and len(classes) > 20
    checked = 0
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), (cls, binding)
            where = f"{cls.__name__}: {binding.key}"
            assert binding.id and binding.id.count(".") == 1, where
            assert binding.description, where
            # The palette key is shown on the footer's right by the footer itself.
            assert binding.show or binding.action == "command_palette", where
            checked += 1
    assert checked > 30


def test_binding_ids_are_unique() -> None:
    ids = [
        binding.id
        for cls in app_classes()
        for binding in cls.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding)
    ]
    assert len(ids) == len(set(ids))
