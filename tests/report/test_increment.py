"""The incremental update the tagging pass appends (report/tagging/increment.py): PDF syntax that
no text can break out of, a cross-reference section that points at every object it writes, and
reportlab's drawing kept byte for byte in front of it."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from npsworkshop.report.tagging.increment import Update, dictionary, name, ref, text_string

HOSTILE = [
    "plain",
    "a (parenthesis",
    "close) >> /Evil true <<",
    "back\\slash",
    "Zoë Ó Súilleabháin",
    "Llŷr ap Rhys",
    "emoji 🙂",
    "tab\tand\nnewline",
    "<b>markup</b> & [bold]x[/]",
]


def _one_page_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, "Hello")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_string_reads_back_as_written_and_never_ends_the_object(text: str) -> None:
    original = _one_page_pdf()
    pdf = pikepdf.open(io.BytesIO(original))
    update = Update(original, int(pdf.trailer.Size))
    info = pdf.trailer.Info.objgen[0]
    update.put(info, dictionary({b"/Title": text_string(text), b"/Subject": text_string(text)}))
    written = update.finish({b"/Root": ref(pdf.Root.objgen[0]), b"/Info": ref(info)})

    again = pikepdf.open(io.BytesIO(written))
    assert str(again.trailer.Info.Title) == text
    assert set(again.trailer.Info.keys()) == {"/Title", "/Subject"}  # nothing smuggled in
    assert again.get_warnings() == []


def test_a_name_escapes_everything_but_letters_digits_and_a_few_marks() -> None:
    assert name("TD") == b"/TD"
    assert name("a b/c#(d)") == b"/a#20b#2Fc#23#28d#29"
    assert name("Zoë") == b"/Zo#C3#AB"


def test_the_update_keeps_the_original_and_points_at_every_object_it_writes() -> None:
    original = _one_page_pdf()
    pdf = pikepdf.open(io.BytesIO(original))
    update = Update(original, int(pdf.trailer.Size))
    first, second = update.reserve(), update.reserve()
    update.put(first, dictionary({b"/Kind": b"/First", b"/Next": ref(second)}))
    update.stream(second, {b"/Kind": b"/Second"}, b"some data " * 50, pack=True)
    catalog = pdf.Root.objgen[0]
    update.put(
        catalog,
        dictionary(
            {b"/Type": b"/Catalog", b"/Pages": ref(pdf.Root.Pages.objgen[0]), b"/Extra": ref(first)}
        ),
    )
    written = update.finish({b"/Root": ref(catalog), b"/Info": ref(pdf.trailer.Info.objgen[0])})

    assert written.startswith(original)  # the drawing byte for byte
    tail = written[len(original) :]
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", tail).group(1))  # type: ignore[union-attr]
    assert written[start:].startswith(b"xref\n")
    for number, offset in _xref_entries(written[start:]):
        assert written[offset:].startswith(b"%d 0 obj\n" % number)
    again = pikepdf.open(io.BytesIO(written))
    assert again.get_warnings() == []
    assert again.Root.Extra.Kind == pikepdf.Name.First
    assert again.Root.Extra.Next.read_bytes() == b"some data " * 50
    assert len(again.pages) == 1


def _xref_entries(section: bytes) -> list[tuple[int, int]]:
    lines = section.split(b"trailer")[0].splitlines()[1:]
    entries: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        first, count = (int(part) for part in lines[index].split())
        for offset in range(count):
            entries.append((first + offset, int(lines[index + 1 + offset].split()[0])))
        index += 1 + count
    return entries


def test_an_object_reserved_and_never_written_is_refused() -> None:
    original = _one_page_pdf()
    update = Update(original, 100)
    update.reserve()
    with pytest.raises(ValueError, match="never written"):
        update.finish({b"/Root": ref(1)})


def test_a_file_that_does_not_end_as_a_pdf_is_refused() -> None:
    with pytest.raises(ValueError, match="startxref"):
        Update(b"%PDF-1.4\nnot finished", 10)
