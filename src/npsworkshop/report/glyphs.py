"""Characters the embedded DejaVu Sans lacks: a TrueType fallback where one is installed, else a
visible marker and a warning naming the field (CONTRACT §9). Never an empty box.

DejaVu Sans covers Latin (Welsh included), Greek, Cyrillic and much else, but not Chinese,
Japanese or Korean, Indic scripts or emoji. Droid Sans Fallback (Debian's `fonts-droid-fallback`,
Apache 2.0, TrueType outlines reportlab can embed) covers CJK ideographs, kana and full-width
forms; it is used when installed. Scripts that need shaping reportlab cannot do (Devanagari),
Hangul (not in that font) and emoji print as U+FFFD, the replacement character, and the export
warns. Text is split into runs, each drawn in the first font that has its characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

FALLBACK = "DroidSansFallback"
FALLBACK_FILES = (
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallback.ttf"),
)
MARKER = "\ufffd"


@cache
def coverage(font: str) -> frozenset[int]:
    """The code points `font` (a registered TrueType font) has glyphs for."""
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


@cache
def fallback() -> str | None:
    """The fallback font's name, registered on first use; None when none is installed."""
    from reportlab.pdfbase.ttfonts import TTFont

    for path in FALLBACK_FILES:
        if path.is_file():
            try:
                pdfmetrics.registerFont(TTFont(FALLBACK, str(path)))
            except Exception:  # a damaged or unusable font file: carry on without it
                continue
            return FALLBACK
    return None


def covered(text: str, font: str) -> bool:
    """Whether `font` alone can draw `text` (the common case, checked cheaply)."""
    if text.isascii():
        return True
    have = coverage(font)
    return all(ord(char) in have for char in text)


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """`text` as (font, text) runs: `font` where it has the glyph, else the fallback, else the
    marker in `font`."""
    if covered(text, font):
        return [(font, text)]
    have, spare = coverage(font), fallback()
    extra = coverage(spare) if spare else frozenset()
    found: list[tuple[str, str]] = []
    for char in text:
        code = ord(char)
        if code in have or char in "\n":
            pick, shown = font, char
        elif spare is not None and code in extra:
            pick, shown = spare, char
        else:
            pick, shown = font, MARKER
        if found and found[-1][0] == pick:
            found[-1] = (pick, found[-1][1] + shown)
        else:
            found.append((pick, shown))
    return found


def width(text: str, font: str, size: float) -> float:
    return float(sum(pdfmetrics.stringWidth(part, name, size) for name, part in runs(text, font)))


def unprintable(text: str, font: str) -> list[str]:
    """The characters of `text` that no installed font can print, each once, in order."""
    if covered(text, font):
        return []
    have, spare = coverage(font), fallback()
    extra = coverage(spare) if spare else frozenset()
    missing = [c for c in text if ord(c) not in have and ord(c) not in extra and not c.isspace()]
    return list(dict.fromkeys(missing))


def glyph_warnings(fields: Iterable[tuple[str, str]], font: str, what: str = "PDF") -> list[str]:
    """One warning per field with characters that will print as the marker."""
    warnings = []
    for field, text in fields:
        missing = unprintable(text, font)
        if missing:
            shown = " ".join(f"U+{ord(c):04X}" for c in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            warnings.append(
                f"{what}: {field} has characters no installed font can print ({shown}{more}); "
                f"they print as {MARKER}"
            )
    return warnings
