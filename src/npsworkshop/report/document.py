"""One A4 document for every PDF the product writes: margins, the text frame, invariant bytes,
DejaVu from the first glyph, the page furniture callbacks, then the tagging pass."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import Any

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from npsworkshop.report import styles as st
from npsworkshop.report.flowables import PagedCanvas
from npsworkshop.report.tagging.tree import StructureRecorder
from npsworkshop.report.tagging.writer import DocumentInfo, write_structure

Chrome = Callable[..., None]  # (canvas, page, pages, running head) once the page count is known


def render_tagged(
    story: list[Flowable],
    info: DocumentInfo,
    chrome: Chrome,
    *,
    under_page: Callable[[Any, Any], None] | None = None,
) -> bytes:
    """Lay `story` out on A4 pages and return the tagged PDF's bytes (the same input, the same
    bytes). `under_page` draws before each page's content (a watermark); `chrome` after."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(st.PAGE_WIDTH, st.PAGE_HEIGHT),
        leftMargin=st.MARGIN_X,
        rightMargin=st.MARGIN_X,
        topMargin=st.MARGIN_TOP,
        bottomMargin=st.MARGIN_BOTTOM,
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=info.keywords,
        creator=info.creator,
        lang=info.lang,
        invariant=1,
        initialFontName=st.FONT,
        initialFontSize=st.BODY_SIZE,
    )
    frame = Frame(
        st.MARGIN_X,
        st.MARGIN_BOTTOM,
        st.FRAME_WIDTH,
        st.FRAME_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )
    if under_page is None:
        doc.addPageTemplates([PageTemplate("page", frames=[frame])])
    else:
        doc.addPageTemplates([PageTemplate("page", frames=[frame], onPage=under_page)])
    structure = StructureRecorder()
    canvas = partial(PagedCanvas, chrome=chrome, stamp=info.created, structure=structure)
    doc.build(story, canvasmaker=canvas)
    return write_structure(buffer.getvalue(), structure, info)
