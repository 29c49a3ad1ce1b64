"""The logical structure of a document, recorded while it is drawn.

A flowable holds a `Slot` (what it is: a paragraph, a heading, a table cell) from the moment it
is made; the slot becomes an `Element` of the tree the first time something is drawn for it, so
elements fall into the order the pages are drawn in, which is the reading order. The pieces of a
paragraph or table split across pages hold the same slot, so they stay one element.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Attributes = dict[str, str | int]


@dataclass(eq=False)
class Slot:
    """A structure element to be: its role (P, H1, TD...) and where it belongs.

    `attributes` are written as the element's /A dictionary (`O` names the owner, e.g. Table);
    `alt` is the alternative text of a Figure.
    """

    role: str
    parent: Slot | None = None
    alt: str | None = None
    attributes: Attributes | None = None


@dataclass(frozen=True)
class Content:
    """A run of marked content: page number (from 1) and its MCID on that page."""

    page: int
    mcid: int


@dataclass(eq=False)
class Element:
    role: str
    parent: Element | None
    alt: str | None = None
    attributes: Attributes | None = None
    kids: list[Element | Content] = field(default_factory=list)

    def first_page(self) -> int | None:
        for kid in self.kids:
            page = kid.page if isinstance(kid, Content) else kid.first_page()
            if page is not None:
                return page
        return None

    def walk(self) -> list[Element]:
        found = [self]
        for kid in self.kids:
            if isinstance(kid, Element):
                found += kid.walk()
        return found


class StructureRecorder:
    """The tree and, per page, which element each MCID belongs to (the parent tree)."""

    def __init__(self) -> None:
        self.root = Element("Document", None)
        self._elements: dict[Slot, Element] = {}
        self.marked: dict[int, list[Element]] = {}

    def element(self, slot: Slot) -> Element:
        found = self._elements.get(slot)
        if found is None:
            parent = self.root if slot.parent is None else self.element(slot.parent)
            found = Element(slot.role, parent, slot.alt, slot.attributes)
            parent.kids.append(found)
            self._elements[slot] = found
        return found

    def begin(self, slot: Slot, page: int) -> int:
        """A new run of `slot`'s content on `page`: its MCID."""
        element = self.element(slot)
        on_page = self.marked.setdefault(page, [])
        mcid = len(on_page)
        on_page.append(element)
        element.kids.append(Content(page, mcid))
        return mcid
