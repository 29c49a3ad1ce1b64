"""An incremental update (ISO 32000-1 §7.5.6): objects added to a finished PDF, and objects that
replace some of its own, appended after its end with their own cross-reference section and a
trailer that points back to the original's.

The tagging pass writes the structure tree this way: reportlab's drawing stays byte for byte
as it was, and only the new objects (thousands of structure elements in a large plan) and the
few replaced ones (the catalog, the pages, the fonts' ToUnicode maps) are written. Rewriting the
whole file through qpdf took a fifth of a large plan's export.

PDF syntax only: values are written with the helpers below, which escape names and write every
text string escaped or as UTF-16 hex, so no text can break out of its string.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Mapping

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_REGULAR = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+*:")


def name(text: str) -> bytes:
    """A PDF name: `/TD`; any byte outside letters, digits and a few marks as `#xx`."""
    raw = text.encode("utf-8")
    return b"/" + b"".join(bytes([c]) if c in _REGULAR else b"#%02X" % c for c in raw)


def text_string(text: str) -> bytes:
    """A PDF text string: printable ASCII as a literal `(...)` with its backslashes and
    parentheses escaped; anything else as UTF-16BE hex with its byte order mark."""
    raw = text.encode("utf-8")
    if all(32 <= c < 127 for c in raw):
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def ref(number: int) -> bytes:
    return b"%d 0 R" % number


def dictionary(entries: Mapping[bytes, bytes] | Iterable[tuple[bytes, bytes]]) -> bytes:
    """`<< /Key value ... >>` from names (with their slash) and serialised values."""
    items = entries.items() if isinstance(entries, Mapping) else entries
    return b"<<" + b"".join(key + b" " + value for key, value in items) + b">>"


def array(values: Iterable[bytes]) -> bytes:
    return b"[" + b" ".join(values) + b"]"


class Update:
    """The objects of one incremental update to `original`, a complete PDF with a classic
    cross-reference table (reportlab writes one) whose trailer says `size` objects."""

    def __init__(self, original: bytes, size: int) -> None:
        found = _STARTXREF.search(original[-64:])
        if found is None:
            raise ValueError("the PDF does not end with startxref and %%EOF")
        self._original = original
        self._previous = int(found.group(1))
        self._first_new = size
        self._next = size
        self._bodies: dict[int, bytes] = {}

    def reserve(self) -> int:
        """A new object number, to be given a body with `put` before `finish`."""
        number = self._next
        self._next += 1
        return number

    def put(self, number: int, body: bytes) -> None:
        """The body of a new object, or of one that replaces the original's object `number`."""
        self._bodies[number] = body

    def stream(self, number: int, entries: dict[bytes, bytes], data: bytes, *, pack: bool) -> None:
        """A stream object; `pack` compresses it (Flate), as every stream here but XMP is."""
        if pack:
            data = zlib.compress(data)
            entries = {**entries, b"/Filter": b"/FlateDecode"}
        entries = {**entries, b"/Length": b"%d" % len(data)}
        self.put(number, dictionary(entries) + b"\nstream\n" + data + b"\nendstream")

    def finish(self, trailer: dict[bytes, bytes]) -> bytes:
        """The original followed by the update: its objects, cross-reference section and
        trailer (`trailer` gives /Root, /Info, /ID; /Size and /Prev are added here)."""
        missing = [n for n in range(self._first_new, self._next) if n not in self._bodies]
        if missing:
            raise ValueError(f"objects reserved but never written: {missing[:5]}")
        out = bytearray(self._original)
        if not out.endswith(b"\n"):
            out += b"\n"
        offsets: dict[int, int] = {}
        for number in sorted(self._bodies):
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + self._bodies[number] + b"\nendobj\n"
        start = len(out)
        out += b"xref\n"
        for first, run in _runs(sorted(offsets)):
            out += b"%d %d\n" % (first, len(run))
            for number in run:
                out += b"%010d 00000 n\r\n" % offsets[number]
        entries = {**trailer, b"/Size": b"%d" % self._next, b"/Prev": b"%d" % self._previous}
        out += b"trailer\n" + dictionary(entries) + b"\nstartxref\n%d\n%%%%EOF\n" % start
        return bytes(out)


def _runs(numbers: list[int]) -> list[tuple[int, list[int]]]:
    """Sorted object numbers as runs of consecutive ones: one xref subsection each."""
    runs: list[tuple[int, list[int]]] = []
    for number in numbers:
        if runs and runs[-1][1][-1] == number - 1:
            runs[-1][1].append(number)
        else:
            runs.append((number, [number]))
    return runs
