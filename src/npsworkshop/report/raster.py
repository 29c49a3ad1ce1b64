"""A reportlab Drawing as a PNG, for documents that take only pictures (Word).

Draws the shapes the maturity grid uses (groups, rectangles, lines, circles, polygons and
strings) with Pillow, which reportlab already depends on, in the embedded DejaVu fonts; so the
Word document's picture is the PDF's picture, without a second chart to keep in step.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String

from npsworkshop.report import styles as st

SCALE = 2  # pixels per point: 144 dpi, sharp enough at the picture's printed size


def drawing_png(drawing: Drawing) -> bytes:
    from PIL import Image, ImageDraw

    width, height = int(drawing.width * SCALE), int(drawing.height * SCALE)
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)

    def xy(x: float, y: float) -> tuple[float, float]:
        return x * SCALE, (drawing.height - y) * SCALE

    def paint(shape: Any) -> None:
        if isinstance(shape, Group):
            for child in shape.contents:
                paint(child)
        elif isinstance(shape, Rect):
            x0, y1 = xy(shape.x, shape.y)
            x1, y0 = xy(shape.x + shape.width, shape.y + shape.height)
            pen.rectangle(
                (x0, y0, x1, y1), fill=_rgb(shape.fillColor), outline=_rgb(shape.strokeColor)
            )
        elif isinstance(shape, Line):
            pen.line(
                (xy(shape.x1, shape.y1), xy(shape.x2, shape.y2)),
                fill=_rgb(shape.strokeColor),
                width=max(1, round(shape.strokeWidth * SCALE)),
            )
        elif isinstance(shape, Circle):
            (cx, cy), r = xy(shape.cx, shape.cy), shape.r * SCALE
            pen.ellipse(
                (cx - r, cy - r, cx + r, cy + r),
                fill=_rgb(shape.fillColor),
                outline=_rgb(shape.strokeColor),
                width=max(1, round((shape.strokeWidth or 0) * SCALE)),
            )
        elif isinstance(shape, Polygon):
            points = [xy(*shape.points[i : i + 2]) for i in range(0, len(shape.points), 2)]
            pen.polygon(
                points,
                fill=_rgb(shape.fillColor),
                outline=_rgb(shape.strokeColor),
                width=max(1, round((shape.strokeWidth or 0) * SCALE)),
            )
        elif isinstance(shape, String):
            font = _font(shape.fontName, shape.fontSize * SCALE)
            x, y = xy(shape.x, shape.y)
            anchor = {"middle": "ms", "end": "rs"}.get(shape.textAnchor, "ls")
            pen.text((x, y), shape.text, font=font, fill=_rgb(shape.fillColor), anchor=anchor)

    for shape in drawing.contents:
        paint(shape)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _rgb(colour: Any) -> tuple[int, int, int] | None:
    if colour is None:
        return None
    return (round(colour.red * 255), round(colour.green * 255), round(colour.blue * 255))


@cache
def _font(name: str, size: float) -> Any:
    from PIL import ImageFont

    file = "DejaVuSans-Bold.ttf" if name == st.FONT_BOLD else "DejaVuSans.ttf"
    return ImageFont.truetype(str(st.FONTS_DIR / file), round(size))
