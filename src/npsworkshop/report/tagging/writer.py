"""The post-processing pass: the recorded structure written into the PDF.

Writes the structure tree (one StructElem per element, kids as MCIDs on the element's page or
marked-content references on other pages), the parent tree and each page's StructParents and
tab order, MarkInfo, the document language, DisplayDocTitle and an XMP packet with the title
and the PDF/UA identifier. pikepdf only reads reportlab's file (its pages, catalog and font
maps); what changes is appended as an incremental update (increment.py), so the drawing is
kept byte for byte. Deterministic: no clock and no random ids, so the same drawing gives the
same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from npsworkshop.report.tagging.increment import (
    Update,
    array,
    dictionary,
    name,
    ref,
    text_string,
)
from npsworkshop.report.tagging.tree import Content, Element, StructureRecorder


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    created: datetime
    lang: str = "en-GB"


def write_structure(data: bytes, structure: StructureRecorder, info: DocumentInfo) -> bytes:
    """`data` (a PDF reportlab drew on a TaggingCanvas) with its structure written in."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))  # read only: nothing is saved through qpdf
    update = Update(data, int(pdf.trailer.Size))
    pages = [page.obj for page in pdf.pages]
    page_numbers = [page.objgen[0] for page in pages]
    tree_root = update.reserve()
    elements = structure.root.walk()  # document order: parents before their kids
    numbers = {element: update.reserve() for element in elements}
    shared: dict[tuple[tuple[str, str | int], ...], int] = {}

    def attributes(element: Element) -> bytes:
        """The /A dictionary, one object per distinct set (most cells share one)."""
        assert element.attributes is not None
        key = tuple(sorted(element.attributes.items()))
        found = shared.get(key)
        if found is None:
            found = shared[key] = update.reserve()
            update.put(
                found,
                dictionary((name(k), name(v) if isinstance(v, str) else b"%d" % v) for k, v in key),
            )
        return ref(found)

    def kid(content: Element | Content, home: int | None) -> bytes:
        if isinstance(content, Element):
            return ref(numbers[content])
        if content.page == home:
            return b"%d" % content.mcid
        page = ref(page_numbers[content.page - 1])
        return dictionary(((b"/Type", b"/MCR"), (b"/Pg", page), (b"/MCID", b"%d" % content.mcid)))

    for element in elements:
        parent = tree_root if element.parent is None else numbers[element.parent]
        fields = [(b"/Type", b"/StructElem"), (b"/S", name(element.role)), (b"/P", ref(parent))]
        home = element.first_page()
        if home is not None:
            fields.append((b"/Pg", ref(page_numbers[home - 1])))
        if element.alt is not None:
            fields.append((b"/Alt", text_string(element.alt)))
        if element.attributes:
            fields.append((b"/A", attributes(element)))
        kids = [kid(content, home) for content in element.kids]
        if kids:
            fields.append((b"/K", kids[0] if len(kids) == 1 else array(kids)))
        update.put(numbers[element], dictionary(fields))

    parent_tree: list[bytes] = []
    for index, page in enumerate(pages):
        marked = update.reserve()
        update.put(marked, array(ref(numbers[e]) for e in structure.marked.get(index + 1, [])))
        parent_tree += [b"%d" % index, ref(marked)]
        update.put(
            page_numbers[index],
            _rewritten(page, {b"/StructParents": b"%d" % index, b"/Tabs": b"/S"}),
        )
    parent_tree_object = update.reserve()
    update.put(parent_tree_object, dictionary({b"/Nums": array(parent_tree)}))
    update.put(
        tree_root,
        dictionary(
            {
                b"/Type": b"/StructTreeRoot",
                b"/K": ref(numbers[structure.root]),
                b"/ParentTree": ref(parent_tree_object),
                b"/ParentTreeNextKey": b"%d" % len(pages),
            }
        ),
    )
    _repair_to_unicode(pdf, update)
    metadata = update.reserve()
    update.stream(metadata, {b"/Type": b"/Metadata", b"/Subtype": b"/XML"}, _xmp(info), pack=False)
    catalog = pdf.Root
    update.put(
        catalog.objgen[0],
        _rewritten(
            catalog,
            {
                b"/StructTreeRoot": ref(tree_root),
                b"/MarkInfo": b"<</Marked true>>",
                b"/Lang": text_string(info.lang),
                b"/ViewerPreferences": b"<</DisplayDocTitle true>>",
                b"/Metadata": ref(metadata),
            },
        ),
    )
    trailer = {b"/Root": ref(catalog.objgen[0]), b"/Info": ref(pdf.trailer.Info.objgen[0])}
    if "/ID" in pdf.trailer:
        trailer[b"/ID"] = pdf.trailer.ID.unparse()
    return update.finish(trailer)


def _rewritten(obj: Any, changes: dict[bytes, bytes]) -> bytes:
    """A dictionary object of the original as it was, with `changes` set (added or replaced)."""
    entries = {str(key).encode("ascii"): _value(value) for key, value in obj.items()}
    return dictionary({**entries, **changes})


def _value(value: Any) -> bytes:
    """A value pikepdf read, as PDF: it gives numbers and booleans as Python's own types."""
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int | float | Decimal):
        return str(value).encode("ascii")
    unparsed: bytes = value.unparse()
    return unparsed


_UNMAPPED = re.compile(rb"^<[0-9A-F]{2}> <0000>\r?\n", re.MULTILINE)
_COUNT = re.compile(rb"(\d+) beginbfchar")
_ASTRAL = re.compile(rb"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>", re.MULTILINE)


def _utf16(match: re.Match[bytes]) -> bytes:
    """A code point above U+FFFF as the UTF-16 surrogate pair a ToUnicode map must use."""
    text = chr(int(match.group(2), 16)).encode("utf-16-be").hex().upper().encode()
    return match.group(1) + b"<" + text + b">"


def _repair_to_unicode(pdf: Any, update: Update) -> None:
    """Two faults in reportlab's ToUnicode maps that PDF/UA rejects: a subset's unused codes
    mapped to U+0000 (left out here: a code maps to a real character or to nothing), and code
    points above U+FFFF (an emoji DejaVu has) written as five hex digits, not UTF-16. A
    repaired map replaces the original's object in the update."""
    seen: set[int] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen[0] in seen:
                continue
            seen.add(cmap.objgen[0])
            data = cmap.read_bytes()
            kept, dropped = _UNMAPPED.subn(b"", data)
            kept, astral = _ASTRAL.subn(_utf16, kept)
            if not dropped and not astral:
                continue
            count = _COUNT.search(kept)
            if count is not None:
                total = int(count.group(1)) - dropped
                kept = kept[: count.start(1)] + str(total).encode() + kept[count.end(1) :]
            update.stream(cmap.objgen[0], {}, kept, pack=True)


def _xmp(info: DocumentInfo) -> bytes:
    """An XMP packet: Dublin Core title, creator, description, the dates and PDF/UA-1."""
    stamp = info.created.strftime("%Y-%m-%dT%H:%M:%SZ")

    def text(value: str) -> str:
        # XML escaping by hand: xml.sax.saxutils would load xml.sax, urllib and email for it.
        return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).replace(
            '"', "&quot;"
        )

    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(info.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{text(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(info.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{text(info.lang)}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{text(info.keywords)}</pdf:Keywords>
<pdf:Producer>ReportLab PDF Library - www.reportlab.com</pdf:Producer>
<xmp:CreatorTool>{text(info.creator)}</xmp:CreatorTool>
<xmp:CreateDate>{stamp}</xmp:CreateDate>
<xmp:ModifyDate>{stamp}</xmp:ModifyDate>
<xmp:MetadataDate>{stamp}</xmp:MetadataDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
