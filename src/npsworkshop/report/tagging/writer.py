"""The post-processing pass: the recorded structure written into the PDF with pikepdf.

Writes the structure tree (one StructElem per element, kids as MCIDs on the element's page or
marked-content references on other pages), the parent tree and each page's StructParents and
tab order, MarkInfo, the document language, DisplayDocTitle and an XMP packet with the title
and the PDF/UA identifier. Deterministic: no clock and no random ids, so the same drawing gives
the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
    from pikepdf import Array, Dictionary, Name

    pdf = pikepdf.open(io.BytesIO(data))
    pages = [page.obj for page in pdf.pages]
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    parents: dict[int, list[Any]] = {}

    shared: dict[tuple[tuple[str, str | int], ...], Any] = {}

    def attributes(element: Element) -> Any:
        """The /A dictionary, one indirect object per distinct set (most cells share one)."""
        assert element.attributes is not None
        key = tuple(sorted(element.attributes.items()))
        found = shared.get(key)
        if found is None:
            found = pdf.make_indirect(
                Dictionary(
                    {
                        "/" + name: Name("/" + value) if isinstance(value, str) else value
                        for name, value in key
                    }
                )
            )
            shared[key] = found
        return found

    roles: dict[str, Any] = {}
    struct_elem = Name.StructElem

    def reference(kid: Content, home: int | None) -> Any:
        if kid.page == home:
            return kid.mcid
        return Dictionary(Type=Name.MCR, Pg=pages[kid.page - 1], MCID=kid.mcid)

    def claim(kid: Content, made: Any) -> None:
        parents.setdefault(kid.page, []).append((kid.mcid, made))

    def build(element: Element, parent: Any) -> Any:
        role = roles.get(element.role)
        if role is None:
            role = roles[element.role] = Name("/" + element.role)
        fields: dict[str, Any] = {"/Type": struct_elem, "/S": role, "/P": parent}
        home = element.first_page()
        if home is not None:
            fields["/Pg"] = pages[home - 1]
        if element.alt is not None:
            fields["/Alt"] = pikepdf.String(element.alt)
        if element.attributes:
            fields["/A"] = attributes(element)
        contents = [kid for kid in element.kids if isinstance(kid, Content)]
        if len(contents) == len(element.kids):
            # A leaf (most elements: cells, paragraphs): made in one call, its kids inline.
            kids = [reference(kid, home) for kid in contents]
            fields["/K"] = kids[0] if len(kids) == 1 else Array(kids)
            made = pdf.make_indirect(Dictionary(fields))
            for kid in contents:
                claim(kid, made)
            return made
        made = pdf.make_indirect(Dictionary(fields))
        for kid in contents:
            claim(kid, made)
        made.K = Array(
            [
                reference(kid, home) if isinstance(kid, Content) else build(kid, made)
                for kid in element.kids
            ]
        )
        return made

    root.K = build(structure.root, root)
    numbers = Array()
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = Name.S
        marked = sorted(parents.get(index + 1, []), key=lambda pair: pair[0])
        numbers.append(index)
        numbers.append(pdf.make_indirect(Array([element for _mcid, element in marked])))
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=numbers))
    root.ParentTreeNextKey = len(pages)
    _repair_to_unicode(pdf)
    catalog = pdf.Root
    catalog.StructTreeRoot = root
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.Lang = pikepdf.String(info.lang)
    catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    metadata = pdf.make_stream(_xmp(info))
    metadata.Type = Name.Metadata
    metadata.Subtype = Name.XML
    catalog.Metadata = metadata
    out = io.BytesIO()
    # fix_metadata_version would parse the XMP written above (and load lxml) to change nothing.
    pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


_UNMAPPED = re.compile(rb"^<[0-9A-F]{2}> <0000>\r?\n", re.MULTILINE)
_COUNT = re.compile(rb"(\d+) beginbfchar")
_ASTRAL = re.compile(rb"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>", re.MULTILINE)


def _utf16(match: re.Match[bytes]) -> bytes:
    """A code point above U+FFFF as the UTF-16 surrogate pair a ToUnicode map must use."""
    text = chr(int(match.group(2), 16)).encode("utf-16-be").hex().upper().encode()
    return match.group(1) + b"<" + text + b">"


def _repair_to_unicode(pdf: Any) -> None:
    """Two faults in reportlab's ToUnicode maps that PDF/UA rejects: a subset's unused codes
    mapped to U+0000 (left out here: a code maps to a real character or to nothing), and code
    points above U+FFFF (an emoji DejaVu has) written as five hex digits, not UTF-16."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = cmap.read_bytes()
            kept, dropped = _UNMAPPED.subn(b"", data)
            kept, astral = _ASTRAL.subn(_utf16, kept)
            if not dropped and not astral:
                continue
            count = _COUNT.search(kept)
            if count is not None:
                total = int(count.group(1)) - dropped
                kept = kept[: count.start(1)] + str(total).encode() + kept[count.end(1) :]
            cmap.write(kept)


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
