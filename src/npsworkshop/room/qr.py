"""The join address as a QR code in text: two rows of modules per line with half blocks.

A full block is dark and a space light, so the lines must be shown dark on light (black text on
a white background), the way a phone's camera expects a QR code and a projector shows it best.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# (top dark, bottom dark) -> character
_CELLS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def qr_text(url: str) -> str:
    """What the code holds: an address of digits and dots upper-cased (`HTTP://192.168.1.20:8000/`)
    fits QR's alphanumeric mode, one size smaller, so each module is bigger on the projector.
    Scheme and IP address are case-blind, and the path is `/`."""
    upper = url.upper()
    case_blind = urlsplit(url).path in ("", "/") and not urlsplit(url).query
    return upper if case_blind and set(upper) <= _ALPHANUMERIC else url


def qr_matrix(text: str, border: int = 2) -> list[list[bool]]:
    """The QR code's modules (True = dark), with a light border of `border` modules."""
    import segno

    code = segno.make(qr_text(text), error="m", micro=False, boost_error=True)
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
