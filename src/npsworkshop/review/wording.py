"""What the review prints: plain wrapped text, no colour, readable by a screen reader."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from npsworkshop.assessment import rules
from npsworkshop.framework.levels import LEVELS

if TYPE_CHECKING:
    from npsworkshop.assessment.snapshot import AreaView, ResultView, SessionSnapshot
    from npsworkshop.framework.models import Area, LevelDescriptors

MAX_WIDTH = 100


def terminal_width() -> int:
    """The terminal's width, capped so lines stay easy to read."""
    return max(40, min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH) - 1)


def wrap(text: str, width: int, indent: str = "", first: str | None = None) -> list[str]:
    """Paragraphs of `text` wrapped to `width`, keeping blank lines between them."""
    lines: list[str] = []
    lead = indent if first is None else first
    for paragraph in text.strip().split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        bullet = paragraph.lstrip()[:2] in ("• ", "- ", "* ")
        lines += textwrap.wrap(
            paragraph.strip(),
            width,
            initial_indent=lead,
            subsequent_indent=indent + "  " if bullet else indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [lead.rstrip()]
        lead = indent
    return lines


def one_line(head: str, tail: str, width: int) -> str:
    """`head` then `tail` on one line of a list of choices, `head` shortened with '…' to fit."""
    room = max(20, width - 6 - len(tail))
    if len(head) > room:
        head = head[: room - 1].rstrip() + "…"
    return head + tail


def join_names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def area_header(snap: SessionSnapshot, area_id: str, width: int) -> list[str]:
    """The area's place, title, description and help."""
    ids = [a.id for a in snap.areas]
    definition = snap.pack.area(area_id)
    theme = snap.pack.theme_of(area_id)
    group = f"theme: {theme.title}" if theme else "enabler"
    lines = ["", f"Area {ids.index(area_id) + 1} of {len(ids)}: {definition.title} ({group})"]
    if definition.description:
        lines += wrap(definition.description, width)
    if definition.help:
        lines += wrap(definition.help.what_it_is, width, "  ", "What it is: ")
        lines += wrap(definition.help.why_it_matters, width, "  ", "Why it matters: ")
    return lines


def level_lines(snap: SessionSnapshot, levels: LevelDescriptors, width: int) -> list[str]:
    """The five levels, numbered as the choices are, each with its descriptor."""
    lines: list[str] = []
    for number, level in enumerate(LEVELS, start=1):
        lines.append(f"  {number} {snap.pack.level_title(level)}")
        lines += wrap(levels.of(level), width, "      ")
    return lines


def dimension_heading(definition: Area, dimension: str) -> str:
    ids = [d.id for d in definition.dimensions]
    title = definition.dimensions[ids.index(dimension)].title
    return f"Part {ids.index(dimension) + 1} of {len(ids)}: {title}"


def who(snap: SessionSnapshot, area: AreaView) -> str:
    """Who gave the weakest level: each department (or the person, where no department was
    given), with the parts of the area they gave it for."""
    result = area.result
    if result is None:
        return ""
    titles = {d.id: d.title for d in snap.pack.area(area.id).dimensions}
    setters: dict[str, list[str]] = {}
    for rating in area.ratings:
        if rating.level != result.weakest_level:
            continue
        person = snap.participant(rating.participant)
        parts = setters.setdefault(person.department or person.name, [])
        if rating.dimension is not None and titles[rating.dimension] not in parts:
            parts.append(titles[rating.dimension])
    return join_names(
        [f"{name} ({', '.join(parts)})" if parts else name for name, parts in setters.items()]
    )


def spread_sentence(result: ResultView) -> str:
    given = ", ".join(f"{n} {level}" for level, n in result.spread.items())
    sentence = f"Levels given: {given}."
    if result.abstained:
        sentence += f" Don't know: {result.abstained}."
    return sentence


def result_lines(snap: SessionSnapshot, area: AreaView, width: int) -> list[str]:
    """The weakest-level rule's result, stated plainly with who set it."""
    result = area.result
    if result is None:
        return wrap(
            "Nobody gave a level, so this area has no result yet. It needs at least one level "
            "before the review can be signed off.",
            width,
        )
    definition = snap.pack.area(area.id)
    rule = f"{result.weakest_level}, set by {who(snap, area)}"
    if area.agreed_level is not None:
        sentence = f"Your council's level: {area.agreed_level}, as agreed (the rule gave {rule})."
    else:
        sentence = f"Your council's level: {rule}."
    lines = wrap(sentence, width)
    if len(snap.record.participants) > 1 or definition.dimensions:
        lines += wrap(
            spread_sentence(result) + " The lowest level given anywhere is the council's level.",
            width,
        )
    return lines


def summary_lines(snap: SessionSnapshot, width: int) -> list[str]:
    """A plain table of current level and ambition per area, then what is still missing."""
    record = snap.record
    lines = [
        "",
        f"Summary: {record.organisation_name}, {record.title} ({record.held_on.isoformat()})",
        "",
    ]
    head = ("Area", "Now", "Ambition", "By", "Actions")
    rows = [
        (
            a.title,
            a.current_level or "not rated",
            a.ambition.level if a.ambition else "not set",
            a.ambition.by.isoformat() if a.ambition and a.ambition.by else "",
            str(len(a.actions)),
        )
        for a in snap.areas
    ]
    fixed = [max(len(r[i]) for r in [head, *rows]) for i in range(1, 5)]
    title_width = max(12, min(max(len(r[0]) for r in [head, *rows]), width - sum(fixed) - 8))
    widths = [title_width, *fixed]
    for row in [head, *rows]:
        cells = [
            cell if len(cell) <= w else cell[: w - 1] + "…"
            for cell, w in zip(row, widths, strict=True)
        ]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    missing = snap.missing()
    lines.append("")
    if missing:
        lines.append("Still missing before it can be signed off:")
        for area in snap.areas:
            if area.missing:
                needs = "; ".join(rules.MISSING_WORDS[m] for m in area.missing)
                lines.append(f"  {area.title}: {needs}")
    elif snap.signed_off and record.sign_off is not None:
        lines.append(
            f"Signed off by {record.sign_off.name} ({record.sign_off.role}) "
            f"on {record.sign_off.signed_on.isoformat()}."
        )
    else:
        lines.append("Every area is complete: it can be signed off.")
    return lines
