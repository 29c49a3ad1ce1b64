"""Sessions with hostile names for the output tests, and each format's text read back."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.workshop import Workshop
from report.report_data import document, imported

# Accents, Welsh letters, apostrophes (straight and curly) and markup of every kind we render.
HOSTILE = [
    ("Gwenllïan Ŵynfford", "Adran Gofal Cymdeithasol"),
    ("Seán D'Arcy-Ó Briain", "Children’s <i>Services</i>"),
    ("<b>Tegwen</b> O’Flaherty", "Legal &amp; Democratic"),
    ("[bold]Efrosyni[/] Llewellyn", "Cyllid {Finance}"),
    ("Zoë ap Maelgwyn", "Tai & Housing"),
]


def hostile_document(**options: Any) -> dict[str, Any]:
    doc = document("nps-2018", participants=len(HOSTILE), **options)
    for person, (name, department) in zip(doc["participants"], HOSTILE, strict=True):
        person["name"] = name
        person["department"] = department
    for area in doc["areas"].values():
        for rating in area["ratings"]:
            rating["note"] = "Note by " + rating["participant"] + ": Cabinet never saw it"
    return doc


def hostile(workshop: Workshop, *, signed: bool = True, **options: Any) -> SessionSnapshot:
    sign_off = ("Rhian Hughes", "Head of Procurement") if signed else None
    return imported(workshop, hostile_document(**options), sign_off=sign_off)


def forbidden_words() -> list[str]:
    """Every name, department and each telling part of them (3 letters or more, markup gone)."""
    words: set[str] = set()
    for name, department in HOSTILE:
        for text in (name, department):
            words.add(text)
            for part in text.replace("<", " ").replace(">", " ").replace("[", " ").split():
                part = part.strip("[]/{}&;").removeprefix("b>").removesuffix("</b")
                if len(part) >= 4 and part not in {"amp", "Services", "Finance", "Housing"}:
                    words.add(part)
    return sorted(words)


def text_of(path: Path) -> str:
    """What a reader of the file sees, whatever its format."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from report.report_data import all_text

        return all_text(data)
    if path.suffix == ".docx":
        return docx_text(data)
    return data.decode("utf-8-sig")


def docx_text(data: bytes) -> str:
    import docx

    document_ = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document_.paragraphs]
    for table in document_.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    parts += [shape._inline.docPr.get("descr") or "" for shape in document_.inline_shapes]
    return "\n".join(parts)


def json_of(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
