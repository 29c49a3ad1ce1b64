"""A sentence with bold pieces, drawn as plain text: "Weakest level: **Developing**, given by...".

reportlab's Paragraph would read its text as markup and draws its lines without a space at
their ends, so a screen reader or text extraction joins the last word of one line to the first
of the next ("1abstention"). `Sentence` is `flowables.Text` with runs of bold: the same plain
drawing, each line ending with a space, wrapped once per width.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from npsworkshop.report import glyphs
from npsworkshop.report import styles as st
from npsworkshop.report.flowables import Text
from npsworkshop.report.text import line as one_line

Run = tuple[str, bool]  # a piece of a word and whether it is bold


class Sentence(Text):
    """Plain text with bold pieces ("Weakest level: **Developing**, given by..."), drawn as
    `Text` is: no markup language (a name stays a name), each line ending with a space so words
    at line ends stay apart when read out (reportlab's Paragraph draws none), and wrapped once.
    """

    def __init__(
        self, parts: list[Run], style: ParagraphStyle, *, words: list[list[list[Run]]] | None = None
    ) -> None:
        super().__init__(None, style, lines=None if words is None else [""] * len(words))
        self.parts = [(_spaced(text), bold) for text, bold in parts]
        self.words = words or []

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        if self._wrapped_at is None or (
            self._wrapped_at >= 0 and self._wrapped_at != available_width
        ):
            self.words = _wrap_runs(self.parts, available_width, self.style.fontSize)
            self._lines = [""] * len(self.words)
            self._wrapped_at = available_width
        self.width = available_width
        self.height = len(self.words) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        pieces = super().split(available_width, available_height)
        if len(pieces) != 2:
            return pieces
        fit = len(pieces[0].lines)
        head = Sentence([], self.style, words=self.words[:fit])
        tail = Sentence([], self.style, words=self.words[fit:])
        for made, piece in ((head, pieces[0]), (tail, pieces[1])):
            made.tag, made.spaceBefore, made.spaceAfter = (
                self.tag,
                piece.spaceBefore,
                piece.spaceAfter,
            )
            made.keepWithNext = piece.keepWithNext
        return [head, tail]

    def draw(self) -> None:
        style = self.style
        text = self.canv.beginText(0, self.height - style.fontSize)
        text.setFillColor(style.textColor)
        for line in self.words:
            for index, word in enumerate(line):
                if index:
                    text.setFont(st.FONT, style.fontSize, style.leading)
                    text.textOut(" ")
                for piece, bold in word:
                    for font, part in glyphs.runs(piece, st.FONT_BOLD if bold else st.FONT):
                        text.setFont(font, style.fontSize, style.leading)
                        text.textOut(part)
            text.setFont(st.FONT, style.fontSize, style.leading)
            text.textLine(" ")
        self.canv.drawText(text)


def _spaced(text: str) -> str:
    """`text` on one line and cleaned, keeping a space at either end (where the next piece
    starts a new word)."""
    core = one_line(text)
    head = " " if text[:1].isspace() else ""
    return head + core + (" " if core and text[-1:].isspace() else "")


def _wrap_runs(parts: list[Run], width: float, size: float) -> list[list[list[Run]]]:
    """`parts` as lines of words, each word its runs, broken at spaces to fit `width`; a word
    wider than a line is cut as `styles.wrap` cuts it."""
    words: list[list[Run]] = [[]]
    for text, bold in parts:
        for index, piece in enumerate(text.split(" ")):
            if index and words[-1]:
                words.append([])
            if piece:
                words[-1].append((piece, bold))
    measured: list[tuple[list[Run], float]] = []
    for word in words:
        if not word:
            continue
        wide = sum(st.text_width(piece, bold, size) for piece, bold in word)
        if wide <= width or len(word) > 1:
            measured.append((word, wide))
            continue
        piece, bold = word[0]
        for cut in st.wrap(piece, width, bold=bold, size=size).split("\n"):
            measured.append(([(cut, bold)], st.text_width(cut, bold, size)))
    space = st.text_width(" ", size=size)
    lines: list[list[list[Run]]] = []
    used = 0.0
    for word, wide in measured:
        if lines and lines[-1] and used + space + wide <= width:
            lines[-1].append(word)
            used += space + wide
        else:
            lines.append([word])
            used = wide
    return lines or [[]]
