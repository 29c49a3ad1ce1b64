"""A heading never stands alone at the foot of a page: it keeps with the start of what it heads
(a table's header and first row, a paragraph's first lines), however the pages fall."""

from __future__ import annotations

from npsworkshop.assessment.snapshot import ActionFact
from npsworkshop.framework.models import Pack
from npsworkshop.report.pdf import render_pdf

from .report_data import plain_area
from .tagged_pdf import headings_ending_pages

LONG_ACTION = "Agree a contract management framework with every directorate " * 3


def test_the_area_headings_keep_with_what_they_head(mini_pack: Pack) -> None:
    """The justification longer by a line each time moves the headings after it (ratings,
    actions) down the page, through every place at its foot; the action's title takes four
    lines, more than the old fixed room before "Actions" allowed for (outputs-check F5)."""
    actions = (ActionFact(id=1, area="plain", title=LONG_ACTION, owner="Head of Procurement"),)
    found: dict[int, list[int]] = {}
    for words in range(150, 700, 10):
        text = " ".join(["evidence"] * words)
        data = render_pdf(plain_area(mini_pack, text, actions=actions))
        if pages := headings_ending_pages(data):
            found[words] = pages
    assert found == {}
