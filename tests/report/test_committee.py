"""What a committee expects: a summary after the title, one numbered action plan, attendees,
rating notes on request, and text big enough to read (body >= 10 pt, tables >= 9 pt)."""

from __future__ import annotations

import io
import re
from datetime import date

import pikepdf
import pytest

from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.report import committee
from npsworkshop.report.pdf import render_pdf
from npsworkshop.workshop import Workshop

from .report_data import all_text, document, flat, imported, pages_text
from .tagged_pdf import structure


def test_the_summary_is_on_the_page_after_the_title(signed: SessionSnapshot) -> None:
    pages = pages_text(render_pdf(signed))
    second = flat(pages[1])
    assert second.startswith("Summary") or "Summary" in second[:200]
    for sentence in committee.summary(signed):
        assert flat(sentence) in second


def test_the_summary_states_facts_only(signed: SessionSnapshot) -> None:
    sentences = committee.summary(signed)
    levels = [a.current_level for a in signed.areas]
    text = " ".join(sentences)
    assert f"assessed {len(signed.areas)} areas" in text
    for level in set(levels):
        assert level is not None
        assert f"{levels.count(level)} at {signed.pack.level_title(level)}" in text
    widest = max(a.gap or 0 for a in signed.areas)
    assert f"The biggest gap to the ambition is {widest} level" in text
    actions = [x for a in signed.areas for x in a.actions]
    assert f"The action plan has {len(actions)} actions" in text
    assert "Signed off by Rhian Hughes" in text
    # No judgement words the record cannot support.
    assert not re.search(r"\b(good|poor|excellent|weak|strong|should)\b", text, re.IGNORECASE)


def test_the_summary_is_a_list_in_the_structure(signed: SessionSnapshot) -> None:
    roles = [n.role for n in structure(render_pdf(signed))]
    assert "L" in roles and "LI" in roles and "LBody" in roles and "Lbl" in roles


def test_one_action_plan_across_all_areas_numbered_in_area_order(
    signed: SessionSnapshot,
) -> None:
    rows = committee.plan_rows(signed)
    actions = [(area, a) for area in signed.areas for a in area.actions]
    assert [r.ref for r in rows] == [f"A{n}" for n in range(1, len(actions) + 1)]
    assert [r.action for r in rows] == [a.title for _area, a in actions]
    text = all_text(render_pdf(signed))
    assert "Action plan" in text and "Ref Area Action Owner Due Status" in text
    for row in rows:
        assert f"{row.ref} " in text


def test_overdue_is_judged_at_the_plans_date(workshop: Workshop) -> None:
    doc = document("nps-2018", scope=["engaging-councillors"], actions=3)
    area = doc["areas"]["engaging-councillors"]
    area["actions"] = [
        {"title": "Late one", "owner": "Head", "due": "2026-11-30", "status": "open"},
        {"title": "Done one", "owner": "Head", "due": "2026-11-30", "status": "done"},
        {"title": "Future one", "owner": "Head", "due": "2027-01-31", "status": "in-progress"},
    ]
    snapshot = imported(workshop, doc, sign_off=("Rhian Hughes", "Head of Procurement"))
    assert committee.plan_date(snapshot) == date(2026, 12, 3)
    rows = committee.plan_rows(snapshot)
    assert [r.overdue for r in rows] == [True, False, False]
    text = all_text(render_pdf(snapshot))
    assert "A1 1. Engaging councillors Late one Head 30 Nov 2026 Open, overdue" in text
    assert "1 outstanding action is past the due date as of 3 December 2026" in text


def test_attendees_named_then_roles_only_sorted_when_anonymous(signed: SessionSnapshot) -> None:
    named = all_text(render_pdf(signed))
    for person in signed.record.participants:
        assert flat(f"{person.name} {person.role} {person.department}") in named
    anonymous = all_text(render_pdf(signed, anonymous=True))
    roles = sorted((p.role for p in signed.record.participants), key=str.casefold)
    assert "Attendees" in anonymous
    assert flat("Role " + " ".join(roles)) in anonymous


def test_rating_notes_only_when_asked_and_never_anonymous(workshop: Workshop) -> None:
    doc = document("nps-2018", scope=["engaging-councillors"])
    doc["areas"]["engaging-councillors"]["ratings"][0]["note"] = "Cabinet briefed twice only"
    snapshot = imported(workshop, doc)
    assert "Cabinet briefed twice only" not in all_text(render_pdf(snapshot))
    assert "Cabinet briefed twice only" in all_text(render_pdf(snapshot, notes=True))
    assert "Cabinet briefed" not in all_text(render_pdf(snapshot, notes=True, anonymous=True))


@pytest.mark.parametrize("anonymous", [False, True])
def test_body_text_is_at_least_10pt_and_tables_at_least_9pt(
    signed: SessionSnapshot, anonymous: bool
) -> None:
    """Every font size set inside tagged content (not artifacts such as page numbers)."""
    pdf = pikepdf.open(io.BytesIO(render_pdf(signed, anonymous=anonymous)))
    sizes: dict[str, set[float]] = {}
    for page in pdf.pages:
        stack: list[str] = []
        for instruction in pikepdf.parse_content_stream(page):
            op, operands = bytes(instruction.operator), instruction.operands
            if op in (b"BDC", b"BMC"):
                stack.append(str(operands[0])[1:])
            elif op == b"EMC":
                stack.pop()
            elif op == b"Tf" and stack and stack[-1] != "Artifact":
                sizes.setdefault(stack[-1], set()).add(float(operands[1]))
    assert min(sizes["P"]) >= 10
    assert min(sizes["LBody"]) >= 10
    assert min(sizes["TD"] | sizes["TH"]) >= 9
