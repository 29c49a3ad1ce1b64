"""A checker for tagged PDFs: what a machine can judge about the tagging, as a list of problems.

Used by the tests of every PDF the product writes. It checks that every painting operator is
inside marked content that belongs to a structure element or inside an artifact, that every MCID
on a page is in the parent tree and points at an element that claims it on that page, that every
Figure has /Alt, that tables have TH cells with a Scope, and that the catalogue carries /Lang,
/MarkInfo and /DisplayDocTitle. It cannot judge whether alternative text says the right thing or
whether the reading order makes sense when heard (docs/outputs.md).
"""

from __future__ import annotations

import io
from typing import Any

PAINTING = {
    b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*",
    b"S", b"s", b"sh", b"Do", b"BI",
}  # fmt: skip


def audit(data: bytes) -> list[str]:
    """Every problem found in the PDF `data`; an empty list when the tagging holds."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    problems: list[str] = []
    catalog: Any = pdf.Root
    if str(catalog.get("/Lang", "")) == "":
        problems.append("catalogue: no /Lang")
    if not bool(catalog.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append("catalogue: /MarkInfo /Marked is not true")
    if not bool(catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        problems.append("catalogue: /ViewerPreferences /DisplayDocTitle is not true")
    tree = catalog.get("/StructTreeRoot")
    if tree is None:
        return [*problems, "catalogue: no /StructTreeRoot"]
    parent_tree = _parent_tree(tree)
    elements = _elements(tree)
    roles = [str(element.get("/S")) for element in elements]
    for element in elements:
        if str(element.get("/S")) == "/Figure" and not str(element.get("/Alt", "")).strip():
            problems.append("a Figure has no /Alt")
        if str(element.get("/S")) == "/TH" and "/Scope" not in element.get("/A", {}):
            problems.append("a TH has no /Scope")
    if "/Table" in roles and "/TH" not in roles:
        problems.append("no table has a TH header cell")
    for number, page in enumerate(pdf.pages, start=1):
        key = page.obj.get("/StructParents")
        claimed = parent_tree.get(int(key)) if key is not None else None
        for mcid, problem in _page_marks(pdf, page):
            if problem:
                problems.append(f"page {number}: {problem}")
                continue
            if claimed is None or mcid >= len(claimed) or claimed[mcid] is None:
                problems.append(f"page {number}: MCID {mcid} is not in the parent tree")
            elif not _claims(claimed[mcid], page.obj, mcid):
                problems.append(f"page {number}: MCID {mcid}'s element does not claim it")
    return problems


def _parent_tree(tree: Any) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    pending = [tree.get("/ParentTree")]
    while pending:
        node = pending.pop()
        if node is None:
            continue
        nums = node.get("/Nums")
        if nums is not None:
            for index in range(0, len(nums), 2):
                found[int(nums[index])] = _as_list(nums[index + 1])
        pending += list(node.get("/Kids", []))
    return found


def _elements(tree: Any) -> list[Any]:
    found: list[Any] = []
    pending = list(_as_list(tree.get("/K")))
    while pending:
        node = pending.pop()
        if isinstance(node, int) or "/S" not in node:
            continue
        found.append(node)
        pending += _as_list(node.get("/K"))
    return found


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    import pikepdf

    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _claims(element: Any, page: Any, mcid: int) -> bool:
    home = element.get("/Pg")
    for kid in _as_list(element.get("/K")):
        if isinstance(kid, int):
            if kid == mcid and home is not None and home.objgen == page.objgen:
                return True
        elif "/MCID" in kid and int(kid.MCID) == mcid:
            where = kid.get("/Pg", home)
            if where is not None and where.objgen == page.objgen:
                return True
    return False


def _page_marks(pdf: Any, page: Any) -> list[tuple[int, str]]:
    """(MCID, "") for each marked run on the page; (-1, problem) for unmarked painting."""
    import pikepdf

    found: list[tuple[int, str]] = []
    stack: list[tuple[str, int | None]] = []
    instruction: Any
    for instruction in pikepdf.parse_content_stream(page):
        operands, operator = instruction.operands, instruction.operator
        op = bytes(operator)
        if op in (b"BDC", b"BMC"):
            tag = str(operands[0])
            mcid: int | None = None
            if op == b"BDC" and isinstance(operands[1], pikepdf.Dictionary):
                value = operands[1].get("/MCID")
                mcid = int(value) if value is not None else None
            if tag != "/Artifact" and mcid is not None:
                if any(t != "/Artifact" and m is not None for t, m in stack):
                    found.append((-1, f"MCID {mcid} is nested in other tagged content"))
                found.append((mcid, ""))
            stack.append((tag, mcid))
        elif op == b"EMC":
            if not stack:
                found.append((-1, "EMC without an open marked-content sequence"))
            else:
                stack.pop()
        elif op in PAINTING and not any(t == "/Artifact" or m is not None for t, m in stack):
            found.append((-1, f"painting operator {op.decode()} outside tagged content"))
    if stack:
        found.append((-1, "marked content left open at the end of the page"))
    return found
