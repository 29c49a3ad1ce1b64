"""Long names and words in narrow table cells: a column gets the room for its longest word
where the table has it, a word too wide anyway breaks after a hyphen or slash, and only then
between letters ("Raman-Whitco / mbe" was the fault)."""

from __future__ import annotations

from npsworkshop.report import layout as lo
from npsworkshop.report import styles as st
from npsworkshop.report.pdf import render_pdf
from npsworkshop.workshop import Workshop

from .report_data import document, imported, pages_text

OWNER = "Raman-Whitcombe-Llewellyn"
NAME = "Siân Raman-Whitcombe"


def test_a_word_too_wide_breaks_at_its_hyphen_before_its_letters() -> None:
    st.register_fonts()
    assert st.wrap("Owner: Raman-Whitcombe", 70).split("\n") == ["Owner:", "Raman-", "Whitcombe"]
    assert st.wrap("Commissioning/Contracts", 80).split("\n") == ["Commissioning/", "Contracts"]
    # Nothing to break at: letters, as before, and no text is lost.
    word = "Supercalifragilisticexpialidocious"
    lines = st.wrap(word, 70).split("\n")
    assert len(lines) > 1 and "".join(lines) == word
    assert all(st.text_width(line) <= 70 for line in lines)


def test_a_column_is_widened_to_its_longest_word_from_the_flexible_one() -> None:
    st.register_fonts()
    rows = [["Action", "Owner"], ["Train buyers in the new rules", OWNER]]
    widths = lo.room_for_words([300.0, 60.0], rows, flexible=0)
    need = st.longest_word(OWNER) + 2 * st.CELL_PAD
    assert widths[1] >= need and sum(widths) == 360.0
    # The flexible column never gives up room its own longest word needs.
    squeezed = lo.room_for_words([100.0, 20.0], [["Commissioning", OWNER]], flexible=0)
    assert squeezed[0] >= st.longest_word("Commissioning", bold=True) + 2 * st.CELL_PAD
    assert squeezed[1] > 20.0


def test_long_names_in_the_plan_are_never_cut_between_letters(workshop: Workshop) -> None:
    doc = document("nps-2018", participants=3, actions=1)
    doc["participants"][0]["name"] = NAME
    doc["participants"][0]["department"] = "Commissioning/Contracts-Management"
    for area in doc["areas"].values():
        for action in area["actions"]:
            action["owner"] = OWNER
    text = "\n".join(pages_text(render_pdf(imported(workshop, doc))))
    words = text.split()
    # Every piece of the owner's name is whole wherever it is printed (plan table, areas).
    pieces = [w for w in words if "Raman" in w or "Whitcomb" in w or "Llewel" in w]
    assert pieces
    assert all(
        w.strip("(),;.") in {OWNER, "Raman-", "Whitcombe-", "Llewellyn", "Raman-Whitcombe", NAME}
        or w.strip("(),;.").startswith(("Raman-Whitcombe", "Whitcombe-Llewellyn"))
        for w in pieces
    ), pieces
    assert "Whitco\n" not in text and "Llewel\n" not in text
