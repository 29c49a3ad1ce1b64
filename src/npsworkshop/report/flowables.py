"""The report's own page machinery: plain text, section marks and a canvas that knows the total.

`Text` is how user text reaches the page: it is wrapped with `styles.wrap` and drawn as it is,
with no markup language in between, so nothing typed can become a tag, an entity or an image.
It is also far cheaper than reportlab's Paragraph, which matters for a 150-action plan. It splits
across pages between lines, never leaving a single line behind or ahead (no widows or orphans).

`PagedCanvas` holds the pages back until the end, so each page can say "Page x of y" and carry a
running head naming the section or area at its top; `Mark` tells it where sections begin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from npsworkshop.report import glyphs
from npsworkshop.report import styles as st
from npsworkshop.report.line_encoding import LineEncoder
from npsworkshop.report.tagging.marking import (
    PAGINATION,
    Tagged,
    TaggingCanvas,
    artifact,
    marked,
    recorder,
)
from npsworkshop.report.tagging.tree import Slot
from npsworkshop.report.text import clean

MIN_LINES_SPLIT = 2


class Text(Tagged, Flowable):  # type: ignore[misc]
    """Plain text in one font, size and colour (taken from a ParagraphStyle).

    It is one structure element, a P unless `role` says otherwise (H1, H2...), however many
    pages it is split over. Each line is drawn with a space at its end, so words at line ends
    do not run together when the text is extracted or read out.
    """

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        *,
        lines: list[str] | None = None,
        role: str = "P",
        tag: Slot | None = None,
    ) -> None:
        super().__init__()
        self.tag = tag or Slot(role)
        self.text = clean(text)
        self.style = style
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self._lines = lines
        self._wrapped_at: float | None = None if lines is None else -1.0

    @property
    def lines(self) -> list[str]:
        return self._lines or []

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        if self._wrapped_at is None or (
            self._wrapped_at >= 0 and self._wrapped_at != available_width
        ):
            bold = self.style.fontName == st.FONT_BOLD
            wrapped = st.wrap(self.text, available_width, bold=bold, size=self.style.fontSize)
            self._lines = wrapped.split("\n")
            self._wrapped_at = available_width
        self.width = available_width
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        _width, height = self.wrap(available_width, available_height)
        if height <= available_height:
            return [self]
        lines = self.lines
        fit = int((available_height + 1e-6) // self.style.leading)
        fit = min(fit, len(lines) - MIN_LINES_SPLIT)
        if fit < MIN_LINES_SPLIT:
            return []
        head = Text(None, self.style, lines=lines[:fit], tag=self.tag)
        tail = Text(None, self.style, lines=lines[fit:], tag=self.tag)
        head.spaceAfter = 0
        head.keepWithNext = 0
        tail.spaceBefore = 0
        return [head, tail]

    def draw(self) -> None:
        style = self.style
        text = self.canv.beginText(0, self.height - style.fontSize)
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        for line in self.lines:
            if glyphs.covered(line, style.fontName):
                text.textLine(line + " ")
                continue
            for font, part in glyphs.runs(line, style.fontName):
                text.setFont(font, style.fontSize, style.leading)
                text.textOut(part)
            text.setFont(style.fontName, style.fontSize, style.leading)
            text.textLine(" ")
        self.canv.drawText(text)


class Bullet(Text):
    """One item of a list: L > LI > (Lbl "•", LBody text), the text hanging after the bullet.

    Items made with the same `in_list` slot form one list element.
    """

    INDENT = 12.0

    def __init__(self, text: str | None, style: ParagraphStyle, *, in_list: Slot) -> None:
        item = Slot("LI", in_list)
        super().__init__(text, style, tag=Slot("LBody", item))
        self.label: Slot | None = Slot("Lbl", item)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _width, height = super().wrap(available_width - self.INDENT, available_height)
        self.width = available_width
        return self.width, height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        pieces = super().split(available_width, available_height)
        if len(pieces) == 2:
            head, tail = (self._piece(piece) for piece in pieces)
            tail.label = None
            return [head, tail]
        return pieces

    def _piece(self, piece: Flowable) -> Bullet:
        made = Bullet.__new__(Bullet)
        made.__dict__.update(piece.__dict__)
        made.label = self.label
        return made

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        style = self.style
        if self.label is not None:
            with marked(canvas, self.label):
                canvas.saveState()
                canvas.setFont(style.fontName, style.fontSize)
                canvas.setFillColor(style.textColor)
                canvas.drawString(x, y + self.height - style.fontSize, "•")
                canvas.restoreState()
        with marked(canvas, self.tag):
            Flowable.drawOn(self, canvas, x + self.INDENT, y, _sW)


@dataclass(frozen=True)
class Placed:
    """Where a Mark landed: its page, whether it opened the page (nothing read before it
    there), and its outline level."""

    page: int
    top: bool
    title: str
    level: int | None


class Mark(Flowable):  # type: ignore[misc]
    """Zero-size marker before a heading: tells the canvas where a section starts.

    `level` is its depth in the PDF outline (bookmarks); None keeps it out of the outline.
    """

    def __init__(self, title: str, level: int | None) -> None:
        super().__init__()
        self.title = title
        self.level = level
        self.width = self.height = 0
        self.keepWithNext = 1

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        """Records where the section starts; it opens the page when nothing has been drawn on
        the page before it (a space above the heading does not count), so the running head
        then names it rather than the section that ended on the page before."""
        canvas = self.canv
        page = canvas.getPageNumber()
        structure = recorder(canvas)
        if structure is not None:
            top = not structure.marked.get(page)
        else:
            _x, y = canvas.absolutePosition(0, 0)
            top = y >= st.MARGIN_BOTTOM + st.FRAME_HEIGHT - 0.5
        canvas.placed.append(Placed(page, top, self.title, self.level))


Chrome = Callable[[Canvas, int, int, str | None], None]


class PagedCanvas(TaggingCanvas):
    """Holds every page back until the end, then draws the furniture that needs the page count.

    `chrome(canvas, page, pages, running_head)` draws the headers and footers. Outline entries
    are added at the end too, because only then do the pages get their PDF objects. The
    document's creation date is `stamp`, so the same record always gives the same bytes.
    """

    def __init__(self, *args: Any, chrome: Chrome, stamp: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._chrome = chrome
        self._held: list[dict[str, Any]] = []
        self._encoded: dict[tuple[str, float, float, str], str] = {}
        self._encoders: dict[str, LineEncoder] = {}
        self.placed: list[Placed] = []
        utc = stamp.astimezone(UTC)
        self.setDateFormatter(lambda *_: utc.strftime("D:%Y%m%d%H%M%S+00'00'"))

    def drawString(self, x: float, y: float, text: str, mode: Any = None, **options: Any) -> None:
        """Canvas.drawString without measuring the string first: it is drawn left-aligned and
        left to right, so the width is never used, and table cells draw a great many lines.

        A line the embedded font can draw is written as the same operators reportlab's text
        object writes (`BT x y Tm /subset size Tf leading TL (...) Tj T* ET`), its encoded part
        made once per document for each distinct line: a large plan draws the same names,
        levels and dates thousands of times, and encoding is the costliest step of drawing.
        """
        if mode is not None or any(options.values()):
            super().drawString(x, y, text, mode, **options)
            return
        font = self._fontname
        if self.bottomup and glyphs.covered(text, font):
            key = (font, self._fontsize, self._leading, text)
            shown = self._encoded.get(key)
            if shown is None:
                shown = self._encoded[key] = self._encode(text)
            if shown:
                self._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {shown} T* ET")
                return
        text_object = self.beginText(x, y)
        if glyphs.covered(text, font):
            text_object.textLine(text)
        else:  # characters DejaVu lacks: the fallback font, else a visible marker
            for name, part in glyphs.runs(text, font):
                text_object.setFont(name, self._fontsize)
                text_object.textOut(part)
            text_object.setFont(font, self._fontsize)
        self.drawText(text_object)

    def _encode(self, text: str) -> str:
        """`text` in the current font as text-showing operators, or "" for a font that is not
        an embedded TrueType font (then the text object draws it)."""
        encoder = self._encoders.get(self._fontname)
        if encoder is None:
            encoder = self._encoders[self._fontname] = LineEncoder(self._fontname, self._doc)
        return encoder.operators(text, f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL")

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:
        if glyphs.covered(text, self._fontname):
            super().drawRightString(x, y, text, *args, **kw)
        else:
            self.drawString(x - glyphs.width(text, self._fontname, self._fontsize), y, text)

    def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:
        if glyphs.covered(text, self._fontname):
            super().drawCentredString(x, y, text, *args, **kw)
        else:
            half = glyphs.width(text, self._fontname, self._fontsize) / 2
            self.drawString(x - half, y, text)

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        running: str | None = None
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            here = [mark for mark in self.placed if mark.page == number]
            if here and here[0].top:
                running = here[0].title
            with artifact(self, PAGINATION):
                self._chrome(self, number, total, running)
            for index, mark in enumerate(here):
                if mark.level is not None:
                    key = f"s{number}-{index}"
                    self.bookmarkPage(key)
                    self.addOutlineEntry(mark.title, key, level=mark.level)
            if here:
                running = here[-1].title
            super().showPage()
        super().save()
