"""Reading a tagged PDF's structure back, for tests: the elements in reading order, with text.

Shared by the tests of every PDF the product writes.
"""

from __future__ import annotations

import io
import itertools
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


LINE_OPERATORS = {b"BT", b"T*", b"Td", b"TD", b"Tm", b"'", b'"'}


def glued_lines(data: bytes) -> list[str]:
    """Places where extracted text runs two words together: within one run of marked content
    of any element but a Figure (read by its alternative text), a line followed by another
    that does not end with a space. Each as "…end|start…" (subset codes read as Latin-1)."""
    pdf = pikepdf.open(io.BytesIO(data))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    glued: list[str] = []
    for sheet in pdf.pages:
        elements = owners.get(int(sheet.obj.get("/StructParents", -1)), [])
        lines: list[bytes] | None = None
        for operands, operator in pikepdf.parse_content_stream(sheet):
            op = bytes(operator)
            if op == b"BDC" and isinstance(operands[1], pikepdf.Dictionary):
                mcid = operands[1].get("/MCID")
                read = mcid is not None and str(elements[int(mcid)].S) != "/Figure"
                lines = [b""] if read else None
            elif op == b"EMC" and lines is not None:
                shown = [line for line in lines if line]
                glued += [
                    f"{a[-20:].decode('latin-1')}|{b[:20].decode('latin-1')}"
                    for a, b in itertools.pairwise(shown)
                    if not a.endswith(b" ")
                ]
                lines = None
            elif lines is not None and op in LINE_OPERATORS:
                lines.append(b"")
            elif lines is not None and op in (b"Tj", b"'", b'"'):
                lines[-1] += bytes(operands[-1])
            elif lines is not None and op == b"TJ":
                lines[-1] += b"".join(
                    bytes(p) for p in operands[0] if isinstance(p, pikepdf.String)
                )
    return glued


@dataclass(frozen=True)
class Cell:
    role: str  # TH or TD
    scope: str | None  # Row, Column or None
    span: int  # columns spanned
    text: str  # ASCII as drawn; other letters are subset codes


def table_cells(data: bytes) -> list[list[list[Cell]]]:
    """Every table as its rows of cells (header rows repeated on a new page are artifacts and
    so not here), with each cell's text: what a screen reader announces for a row."""
    pdf = pikepdf.open(io.BytesIO(data))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    texts: dict[tuple[int, int], str] = {}
    for sheet in pdf.pages:
        elements = owners.get(int(sheet.obj.get("/StructParents", -1)), [])
        owner: Any = None
        for operands, operator in pikepdf.parse_content_stream(sheet):
            op = bytes(operator)
            if op == b"BDC" and isinstance(operands[1], pikepdf.Dictionary):
                mcid = operands[1].get("/MCID")
                owner = None if mcid is None else elements[int(mcid)].objgen
            elif op == b"EMC":
                owner = None
            elif owner is not None and op == b"Tj":
                texts[owner] = texts.get(owner, "") + bytes(operands[0]).decode("latin-1")
    tables: list[list[list[Cell]]] = []

    def kids(element: Any) -> list[Any]:
        found = element.get("/K")
        listed = found if isinstance(found, pikepdf.Array) else [found]
        return [k for k in listed if isinstance(k, pikepdf.Dictionary) and "/S" in k]

    def visit(element: Any) -> None:
        if str(element.S) != "/Table":
            for kid in kids(element):
                visit(kid)
            return
        rows = []
        for row in kids(element):
            cells = []
            for cell in kids(row):
                attributes = cell.get("/A", {})
                scope = attributes.get("/Scope")
                cells.append(
                    Cell(
                        str(cell.S)[1:],
                        None if scope is None else str(scope)[1:],
                        int(attributes.get("/ColSpan", 1)),
                        " ".join(texts.get(cell.objgen, "").split()),
                    )
                )
            rows.append(cells)
        tables.append(rows)

    visit(pdf.Root.StructTreeRoot.K)
    return tables


def headings_ending_pages(data: bytes) -> list[int]:
    """The pages (from 1) whose last content is a heading: a heading alone at the foot of a
    page, with what it heads on the next."""
    pdf = pikepdf.open(io.BytesIO(data))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    found: list[int] = []
    for number, sheet in enumerate(pdf.pages, start=1):
        elements = owners.get(int(sheet.obj.get("/StructParents", -1)), [])
        last = None
        for operands, operator in pikepdf.parse_content_stream(sheet):
            if bytes(operator) == b"BDC" and isinstance(operands[1], pikepdf.Dictionary):
                mcid = operands[1].get("/MCID")
                if mcid is not None:
                    last = str(elements[int(mcid)].S)
        if last is not None and last[1:2] == "H" and number < len(pdf.pages):
            found.append(number)
    return found
