"""Reading a tagged PDF's structure back, for tests: the elements in reading order, with text.

Shared by the tests of every PDF the product writes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import page
import pikepdf

PDF_UA_1 = "ua1"


@dataclass(frozen=True)
class Node:
    role: str
    depth: int
    alt: str | None
    attributes: dict[str, str]


def structure(data: bytes) -> list[Node]:
    """Every structure element, depth first (the reading order)."""
    pdf = pikepdf.open(io.BytesIO(data))
    found: list[Node] = []

    def visit(element: Any, depth: int) -> None:
        attributes = {str(key): str(value) for key, value in dict(element.get("/A", {})).items()}
        alt = str(element.Alt) if "/Alt" in element else None
        found.append(Node(str(element.S)[1:], depth, alt, attributes))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid, depth + 1)

    visit(pdf.Root.StructTreeRoot.K, 0)
    return found


def ua_failures(data: bytes) -> list[str]:
    """page-validation's PDF/UA-1 findings (a re-implementation of veraPDF's rules)."""
    report = page.validate_pdf_bytes(data, profile=PDF_UA_1)
    return [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
