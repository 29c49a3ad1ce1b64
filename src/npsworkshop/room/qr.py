"""The join address as a QR code in text: two rows of modules per line with half blocks.

A full block is dark and a space light, so the lines must be shown dark on light (black text on
a white background), the way a phone's camera expects a QR code and a projector shows it best.
"""

from __future__ import annotations

# (top dark, bottom dark) -> character
_CELLS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_matrix(text: str, border: int = 2) -> list[list[bool]]:
    """The QR code's modules (True = dark), with a light border of `border` modules."""
    import segno

    code = segno.make(text, error="m", micro=False, boost_error=True)
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=border)]


def qr_lines(text: str, border: int = 2) -> list[str]:
    """The QR code as lines of text for a terminal; show them dark on light."""
    matrix = qr_matrix(text, border)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    return [
        "".join(_CELLS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(matrix[0::2], matrix[1::2], strict=True)
    ]
