"""Word's building blocks for the committee documents: headings, paragraphs, real tables with
repeating header rows, pictures with alternative text, the document's language, spacing and
core properties."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from npsworkshop import __version__
from npsworkshop.report.text import clean, line

PICTURE_WIDTH_CM = 16.5
ZIP_EPOCH = 1980  # the earliest date a zip entry can carry
CORE_MAX = 255  # the most characters python-docx (and Office) take in a core property
TABLE_TEXT = "Table Text"  # the paragraph style of every cell: no spacing inside the grid
BODY_BEFORE_PT = 6  # room above body text, so a paragraph after a table stands clear of it
BODY_AFTER_PT = 4


def core_text(text: str) -> str:
    """`text` on one line, cut to what a core property may hold: at a word where there is one,
    with an ellipsis, so a long title reads as cut rather than as a different title."""
    text = line(text)
    if len(text) <= CORE_MAX:
        return text
    end = CORE_MAX - 1
    word_end = text.rfind(" ", 0, end + 1)
    if word_end > CORE_MAX // 2:
        end = word_end
    while end > 1 and _joins_previous(text[end]):  # never part a letter from its accent
        end -= 1
    return text[:end].rstrip(" ,;:–—-") + "…"


def _joins_previous(char: str) -> bool:
    """A combining mark, joiner, variation selector or tag: part of the character before it."""
    import unicodedata

    return unicodedata.category(char) in {"Mn", "Me", "Mc", "Cf"}


def core_properties(
    doc: Any, *, title: str, subject: str, author: str, keywords: str, stamp: datetime
) -> None:
    """The document's core properties, every one set (the template's "python-docx" author and
    comment replaced), each within the format's length, dated from the record, never the clock."""
    props = doc.core_properties
    props.title = core_text(title)
    props.subject = core_text(subject)
    props.author = core_text(author)
    props.keywords = core_text(keywords)
    props.comments = f"Made with npsworkshop {__version__}"
    props.category = props.last_modified_by = ""
    props.language = "en-GB"
    props.created = props.modified = stamp
    props.revision = 1


def stable_bytes(data: bytes, stamp: datetime) -> bytes:
    """The saved document with every zip entry dated `stamp` (the record's date, never the
    clock), in the same order and compression: the same session gives the same bytes."""
    when = stamp.timetuple()[:6] if stamp.year >= ZIP_EPOCH else (ZIP_EPOCH, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=when)
            fixed.compress_type = entry.compress_type
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, source.read(entry))
    return out.getvalue()


def picture(doc: Any, png: bytes, alt: str, title: str) -> None:
    """A picture the page's width, with its alternative text (`descr`) and title."""
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(png), width=Cm(PICTURE_WIDTH_CM))
    properties = doc.inline_shapes[-1]._inline.docPr
    properties.set("descr", alt)
    properties.set("title", title)


def table(doc: Any, rows: Sequence[Sequence[str]], *, header_column: bool = False) -> None:
    """A real table: the first row a header that repeats on each page (or, with
    `header_column`, the first column bold as row labels), a cell's lines as paragraphs in the
    "Table Text" style. Cells are filled from two prototype paragraphs (plain and bold) rather
    than through python-docx's cell API, which walks the row for every cell."""
    from copy import deepcopy

    from docx.oxml import OxmlElement as element
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    made = doc.add_table(rows=len(rows), cols=len(rows[0]))
    made._tbl.tblPr.style = _style(doc, "Table Grid")
    style = _style(doc, TABLE_TEXT)
    plain, bold = (
        parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f'<w:r>{weight}<w:t xml:space="preserve"/></w:r></w:p>'
        )
        for weight in ("", "<w:rPr><w:b/></w:rPr>")
    )
    for r, (values, tr) in enumerate(zip(rows, made._tbl.tr_lst, strict=True)):
        for c, (value, tc) in enumerate(zip(values, tr.tc_lst, strict=True)):
            for empty in tc.p_lst:
                tc.remove(empty)
            strong = (r == 0 and not header_column) or (header_column and c == 0)
            for text in _cell_lines(value):
                paragraph = deepcopy(bold if strong else plain)
                paragraph[-1][-1].text = text
                if not text:  # an empty cell: its one paragraph, with no run
                    paragraph.remove(paragraph[-1])
                tc.append(paragraph)
        if r == 0 and not header_column:
            mark = element("w:tblHeader")
            mark.set(qn("w:val"), "true")
            tr.get_or_add_trPr().append(mark)


def _cell_lines(value: str) -> list[str]:
    """A cell's lines, each a paragraph: no blank line (read out as "blank") and no spaces at
    either end (layout by spaces); an empty cell keeps one empty paragraph, as Word requires."""
    lines = (text.strip() for text in clean(value).split("\n"))
    return [text for text in lines if text] or [""]


def _style(doc: Any, name: str) -> str:
    """A style's id, looked up once per document: python-docx searches every style by name on
    each use, which made styling the larger share of the time."""
    cache: dict[str, str] = doc.__dict__.setdefault("_npsworkshop_styles", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    return cache[name]


def paragraph(doc: Any, text: str, style: str) -> None:
    paragraph = doc.add_paragraph(text)
    paragraph._p.style = _style(doc, style)


def heading(doc: Any, text: str, level: int) -> None:
    paragraph(doc, text, "Title" if level == 0 else f"Heading {level}")


def spacing(doc: Any) -> None:
    """Room between blocks from the styles, never from empty paragraphs (a screen reader
    announces each one as "blank"): body text has space above it, so it stands clear of a table
    before it, and cell text ("Table Text") has none."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    normal = doc.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after = Pt(BODY_BEFORE_PT), Pt(BODY_AFTER_PT)
    cells = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = doc.styles["Normal"]
    cells.paragraph_format.space_before = cells.paragraph_format.space_after = Pt(0)
    cells.paragraph_format.line_spacing = 1.0


def english(doc: Any) -> None:
    """British English as the document's language, so spelling and screen readers agree."""
    from docx.oxml import OxmlElement as element
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = element("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), "en-GB")
