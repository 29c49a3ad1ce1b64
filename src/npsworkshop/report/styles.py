"""Fonts, colours, paragraph and table styles of the action plan, made once per process.

DejaVu Sans (regular and bold, shipped in `fonts/` with its licence) is embedded as a subset so
Welsh letters, accents, £, curly quotes and dashes print as typed on any reader. No other font is
used anywhere: the standard Helvetica cannot show ŵ or ŷ and is not embedded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from npsworkshop.report import glyphs

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#595959")
RULE = colors.HexColor("#a6a6a6")
SHADE = colors.HexColor("#e9edf2")
BAND = colors.HexColor("#f5f7f9")
ACCENT = colors.HexColor("#1f3a5f")
AMBITION = colors.HexColor("#c2571a")
DRAFT = colors.HexColor("#b00020")
WATERMARK = colors.HexColor("#ededed")

BODY_SIZE = 10.0  # committee papers: body text at least 10 pt
CELL_SIZE = 9.0  # and table text at least 9 pt
CELL_PAD = 4


@cache
def register_fonts() -> None:
    """Register DejaVu Sans regular and bold, and map bold/italic markup onto them (once).

    Also turns off reportlab's ASCII85 stream encoding (a process-wide setting): binary streams
    are a fifth smaller and quicker to write, and nothing downstream needs 7-bit PDF.
    """
    rl_config.useA85 = 0
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def text_width(text: str, bold: bool = False, size: float = CELL_SIZE) -> float:
    return glyphs.width(text, FONT_BOLD if bold else FONT, size)


def wrap(text: str, width: float, *, bold: bool = False, size: float = CELL_SIZE) -> str:
    """`text` broken into lines no wider than `width` points, joined by newlines.

    For table cells: reportlab draws a plain string line by line without parsing it, which is
    both safe for user text and several times cheaper than a Paragraph. Breaks fall at ordinary
    spaces (a no-break space holds its words together); a word wider than a line is split.
    Newlines already in `text` are kept.
    """
    font = FONT_BOLD if bold else FONT
    measure = _word_width
    space = measure(" ", font, size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            if not word:
                continue
            w = measure(word, font, size)
            if current and used + space + w <= width:
                current.append(word)
                used += space + w
                continue
            if current:
                lines.append(" ".join(current))
            current, used = [word], w
            if w > width:
                pieces = _split_word(word, width, font, size)
                lines.extend(pieces[:-1])
                current, used = [pieces[-1]], measure(pieces[-1], font, size)
        lines.append(" ".join(current))
    return "\n".join(lines)


_BREAKS = re.compile(r"(?<=[-/\u2010\u2013])")  # break after a hyphen, a slash or an en dash


@lru_cache(maxsize=8192)
def _word_width(word: str, font: str, size: float) -> float:
    """Words recur (names, levels, common words): measure each once."""
    return glyphs.width(word, font, size)


def _split_word(word: str, width: float, font: str, size: float) -> list[str]:
    """A word wider than a line, as lines: broken after its hyphens or slashes where it has
    them ("Raman-" / "Whitcombe"), and only a part still too wide broken between letters."""
    parts = [part for part in _BREAKS.split(word) if part]
    lines: list[str] = []
    current = ""
    for part in parts:
        if current and _word_width(current + part, font, size) <= width:
            current += part
            continue
        if current:
            lines.append(current)
        current = part
        if _word_width(part, font, size) > width:
            *whole, current = _split_letters(part, width, font, size)
            lines.extend(whole)
    lines.append(current)
    return lines


def _split_letters(word: str, width: float, font: str, size: float) -> list[str]:
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, char in enumerate(word):
        w = pdfmetrics.stringWidth(char, font, size)
        if used + w > width and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += w
    pieces.append(word[start:])
    return pieces


def longest_word(text: str, *, bold: bool = False, size: float = CELL_SIZE) -> float:
    """The width of the widest piece of `text` that `wrap` would rather not break: a word, or
    the part of a hyphenated or slashed word up to its break."""
    font = FONT_BOLD if bold else FONT
    words = text.replace("\n", " ").split(" ")  # as `wrap` breaks: a no-break space holds
    pieces = (p for word in words for p in _BREAKS.split(word) if p)
    return max((_word_width(piece, font, size) for piece in pieces), default=0.0)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    muted: ParagraphStyle
    small: ParagraphStyle
    kicker: ParagraphStyle
    cover_org: ParagraphStyle
    cover_title: ParagraphStyle
    cover_status: ParagraphStyle
    cover_draft: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    eyebrow: ParagraphStyle


def _style(name: str, parent: ParagraphStyle | None = None, **values: object) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, **values)


@cache
def styles() -> Styles:
    """The paragraph styles, built once (fonts registered first)."""
    register_fonts()
    body = _style(
        "body",
        fontName=FONT,
        fontSize=BODY_SIZE,
        leading=14,
        textColor=INK,
        spaceAfter=5,
        alignment=TA_LEFT,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
        hyphenationLang="",
    )
    heading = _style("heading", body, fontName=FONT_BOLD, textColor=ACCENT, keepWithNext=1)
    return Styles(
        body=body,
        muted=_style("muted", body, textColor=MUTED),
        small=_style("small", body, fontSize=10, leading=13, textColor=MUTED),
        kicker=_style("kicker", body, fontSize=10, leading=14, textColor=MUTED, spaceAfter=18),
        cover_org=_style(
            "cover_org", heading, fontSize=24, leading=30, textColor=INK, spaceAfter=10
        ),
        cover_title=_style(
            "cover_title", heading, fontName=FONT, fontSize=16, leading=21, spaceAfter=16
        ),
        cover_status=_style("cover_status", heading, fontSize=12, leading=16, spaceAfter=16),
        cover_draft=_style(
            "cover_draft", heading, fontSize=12, leading=16, spaceAfter=16, textColor=DRAFT
        ),
        h1=_style("h1", heading, fontSize=16, leading=21, spaceBefore=4, spaceAfter=10),
        h2=_style("h2", heading, fontSize=13.5, leading=18, spaceBefore=0, spaceAfter=8),
        # Sub-headings keep with the start of what follows through layout.kept (a HeadingRoom),
        # not keepWithNext, which would push a whole medium-sized table to the next page.
        h3=_style(
            "h3",
            heading,
            fontSize=10.5,
            leading=14,
            textColor=INK,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=0,
        ),
        eyebrow=_style(
            "eyebrow",
            body,
            fontSize=10,
            leading=13,
            textColor=MUTED,
            spaceAfter=1,
            keepWithNext=1,
        ),
    )


def table_style(
    *, header: bool = True, bold_rows: tuple[int, ...] = ()
) -> list[tuple[object, ...]]:
    """Commands shared by every table: our font on every cell, light rules, top-aligned."""
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), 12),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        commands += [
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ]
    for row in bold_rows:
        commands.append(("FONTNAME", (0, row), (-1, row), FONT_BOLD))
    return commands
