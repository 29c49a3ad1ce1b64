"""The shipped framework packs: their shape, and that their text is the source's, word for word.

The seed texts in `tests/fixtures/seeds/` are the strategy and the board paper as extracted from the
LGA's documents. Every description, help text and level descriptor in a pack must appear in its seed
(after stripping the seed's <p>/<ul>/<li> markup, dropping bullets and normalising whitespace), in
the right cell: level descriptors are checked as the whole Minimum..Innovator row. The only
departures allowed are the ones listed in each pack's README ("Transcription notes"), mirrored in
the small replacement tables below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from npsworkshop.framework.levels import LEVEL_TITLES, LEVELS
from npsworkshop.framework.loader import LoadedPack, available_packs, load_pack
from npsworkshop.framework.models import Area, LevelDescriptors, Pack

ROOT = Path(__file__).parent.parent
CONTENT = ROOT / "content"
SEEDS = Path(__file__).parent / "fixtures" / "seeds"

STRATEGY_SEED = SEEDS / "nps-2018-strategy.txt"
BOARD_PAPER_SEED = SEEDS / "nps-2018-board-paper-and-draft-toolkit.txt"

# Extraction artefacts removed from the seed before comparing (each is listed in the pack README).
# Stray, doubled and trailing spaces need no entry: whitespace is normalised on both sides.
STRATEGY_FIXES: dict[str, str] = {}
DRAFT_TOOLKIT_FIXES: dict[str, str] = {"[bookmark: _GoBack]": ""}

THEMES = ("showing-leadership", "behaving-commercially", "achieving-community-benefits")
KEY_AREAS = (
    ("engaging-councillors", "showing-leadership"),
    ("engaging-senior-managers", "showing-leadership"),
    ("working-with-partners", "showing-leadership"),
    ("engaging-strategic-suppliers", "showing-leadership"),
    ("creating-commercial-opportunities", "behaving-commercially"),
    ("managing-contracts-and-relationships", "behaving-commercially"),
    ("managing-strategic-risk", "behaving-commercially"),
    ("obtaining-social-value", "achieving-community-benefits"),
    ("engaging-local-smes-and-micro-businesses", "achieving-community-benefits"),
    ("enabling-vcse-engagement", "achieving-community-benefits"),
)
ENABLERS = (
    "developing-talent",
    "exploiting-digital-technology",
    "enabling-innovation",
    "embedding-change",
)
DIMENSIONS = ("influence", "mission-and-strategy", "processes", "training-and-development")

_TAGS = re.compile(r"</?(?:p|ul|li)\b[^>]*>")


def normalise(text: str) -> str:
    """Bullets dropped and every run of whitespace made one space."""
    return " ".join(text.replace("•", " ").split())


def seed(path: Path, fixes: dict[str, str]) -> str:
    text = path.read_text(encoding="utf-8")
    for old, new in fixes.items():
        assert old in text, f"listed fix {old!r} no longer matches the seed"
        text = text.replace(old, new)
    return normalise(_TAGS.sub(" ", text))


def level_row(levels: LevelDescriptors, *, labelled: bool) -> str:
    """One grid row as the seed reads it: `Minimum <text> Developing <text> ...` or unlabelled."""
    cells = [
        (f"{LEVEL_TITLES[level]} " if labelled else "") + normalise(levels.of(level))
        for level in LEVELS
    ]
    return " ".join(cells)


def texts(area: Area) -> list[str]:
    found = [area.title, *(area.levels.of(level) for level in LEVELS)]
    if area.description is not None:
        found.append(area.description)
    if area.help is not None:
        found.extend([area.help.what_it_is, area.help.why_it_matters])
    for dim in area.dimensions:
        found.extend([dim.title, *(dim.levels.of(level) for level in LEVELS)])
    return found


@pytest.fixture(scope="module")
def nps() -> Pack:
    return load_pack(CONTENT / "nps-2018").pack


@pytest.fixture(scope="module")
def draft() -> Pack:
    return load_pack(CONTENT / "nps-2018-draft-toolkit").pack


@pytest.fixture(scope="module")
def strategy() -> str:
    return seed(STRATEGY_SEED, STRATEGY_FIXES)


@pytest.fixture(scope="module")
def board_paper() -> str:
    return seed(BOARD_PAPER_SEED, DRAFT_TOOLKIT_FIXES)


# Both packs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["nps-2018", "nps-2018-draft-toolkit"])
def test_pack_loads_and_is_valid(folder: str) -> None:
    loaded = load_pack(CONTENT / folder)
    assert isinstance(loaded, LoadedPack)
    pack = loaded.pack
    assert pack.id == folder
    assert pack.publisher == "Local Government Association"
    assert tuple(info.id for info in pack.levels) == LEVELS
    assert tuple(info.title for info in pack.levels) == tuple(LEVEL_TITLES[lv] for lv in LEVELS)
    assert loaded.sha256 == load_pack(loaded.path).sha256
    for area in pack.areas():
        rows = [area.levels, *(d.levels for d in area.dimensions)]
        for row in rows:
            for level in LEVELS:
                assert row.of(level).strip(), f"{area.id}: {level} is empty"


@pytest.mark.parametrize("folder", ["nps-2018", "nps-2018-draft-toolkit"])
def test_pack_text_is_clean(folder: str) -> None:
    """No markup, no stray spaces, paragraphs separated by exactly one blank line."""
    pack = load_pack(CONTENT / folder).pack
    for area in pack.areas():
        for text in texts(area):
            assert not re.search(r"</?\w+[^>]*>|\[bookmark", text), (area.id, text)
            assert text == text.strip(), (area.id, text)
            assert "\n\n\n" not in text and "\t" not in text, (area.id, text)
            for line in text.split("\n"):
                assert line == line.strip() and "  " not in line, (area.id, line)


def test_available_packs_finds_both_shipped_packs() -> None:
    packs = available_packs()
    assert {"nps-2018", "nps-2018-draft-toolkit"} <= set(packs)
    assert packs["nps-2018"].pack.title == (
        "National Procurement Strategy for Local Government in England 2018"
    )


# nps-2018: the published strategy ----------------------------------------------------------------


def test_nps_2018_metadata(nps: Pack) -> None:
    assert nps.title == "National Procurement Strategy for Local Government in England 2018"
    assert nps.version == "2018.1"
    assert "www.local.gov.uk/national-procurement-strategy" in nps.source
    assert "Local Government Association" in nps.attribution


def test_nps_2018_structure(nps: Pack) -> None:
    assert tuple(t.id for t in nps.themes) == THEMES
    assert [t.title for t in nps.themes] == [
        "Showing leadership",
        "Behaving commercially",
        "Achieving community benefits",
    ]
    assert tuple((a.id, a.theme) for a in nps.key_areas) == KEY_AREAS
    assert tuple(e.id for e in nps.enablers) == ENABLERS
    assert [e.title for e in nps.enablers] == [
        "Developing talent",
        "Exploiting digital technology",
        "Enabling innovation",
        "Embedding change",
    ]
    assert nps.area_ids() == tuple(a for a, _ in KEY_AREAS) + ENABLERS
    for area in nps.key_areas:
        assert area.description and area.help, area.id
        assert area.help.what_it_is.strip() and area.help.why_it_matters.strip()
        assert not area.dimensions
    for enabler in nps.enablers:
        # The strategy gives enablers a level grid only; nothing may be invented for them.
        assert enabler.description is None and enabler.help is None and not enabler.dimensions
        assert nps.kind_of(enabler.id) == "enabler"


def test_nps_2018_themes_are_the_strategys_headings(nps: Pack, strategy: str) -> None:
    for theme in nps.themes:
        assert theme.description is None
        assert f" {theme.title} Key area: " in strategy, theme.title


def _key_area_section(strategy: str, title: str) -> str:
    start = strategy.index(f"Key area: {title} ")
    ends = [
        i
        for i in (strategy.find("Key area: ", start + 1), strategy.find(" Enablers ", start))
        if i != -1
    ]
    return strategy[start : min(ends)]


@pytest.mark.parametrize("area_id", [a for a, _ in KEY_AREAS])
def test_nps_2018_key_area_is_word_for_word(nps: Pack, strategy: str, area_id: str) -> None:
    area = nps.area(area_id)
    assert area.description is not None and area.help is not None
    section = _key_area_section(strategy, area.title)
    # Paragraph breaks are kept as blank lines in the pack, and as <p> cells in the seed.
    for paragraph in area.description.split("\n\n"):
        assert normalise(paragraph) in section, paragraph
    assert normalise(area.description) in section
    assert f"What it is: {normalise(area.help.what_it_is)} Why it is important: " in section
    assert f"Why it is important: {normalise(area.help.why_it_matters)} High level" in section
    assert level_row(area.levels, labelled=True) in section


@pytest.mark.parametrize("enabler_id", ENABLERS)
def test_nps_2018_enabler_is_word_for_word(nps: Pack, strategy: str, enabler_id: str) -> None:
    enabler = nps.area(enabler_id)
    header = " ".join(LEVEL_TITLES[level] for level in LEVELS)
    row = f"{enabler.title} {header} {level_row(enabler.levels, labelled=False)}"
    assert row in strategy


def test_nps_2018_bulleted_cells_keep_their_lead_in(nps: Pack) -> None:
    leader = nps.area("developing-talent").levels.leader.split("\n")
    assert leader[0].startswith("Planned approach to talent development")
    assert leader[0].endswith("including:")
    assert len(leader) == 7 and all(line.startswith("• ") for line in leader[1:])
    for enabler_id, bullets in [
        ("exploiting-digital-technology", 3),
        ("enabling-innovation", 2),
        ("embedding-change", 1),
    ]:
        lines = nps.area(enabler_id).levels.leader.split("\n")
        assert len(lines) == bullets and all(line.startswith("• ") for line in lines)


def test_nps_2018_enablers_description_is_the_strategys(nps: Pack, strategy: str) -> None:
    assert nps.enablers_description is not None
    paragraphs = nps.enablers_description.split("\n\n")
    assert len(paragraphs) == 2
    assert "‘enablers’ of the strategy" in paragraphs[0]
    for paragraph in paragraphs:
        assert normalise(paragraph) in strategy, paragraph


# nps-2018-draft-toolkit: the grid attached to the board paper -------------------------------------


def test_draft_toolkit_structure(draft: Pack) -> None:
    assert draft.version == "2018-draft"
    assert tuple(t.id for t in draft.themes) == ("showing-leadership",)
    assert [(a.id, a.theme) for a in draft.key_areas] == [
        ("engaging-councillors-and-senior-managers", "showing-leadership")
    ]
    assert draft.enablers == ()
    area = draft.area("engaging-councillors-and-senior-managers")
    assert area.title == "Engaging councillors and senior managers"
    assert area.description and area.help
    assert tuple(d.id for d in area.dimensions) == DIMENSIONS
    assert [d.title for d in area.dimensions] == [
        "Influence",
        "Mission and strategy",
        "Processes",
        "Training and development",
    ]
    for dim in area.dimensions:
        for level in LEVELS:
            assert dim.levels.of(level).strip(), (dim.id, level)


def test_draft_toolkit_names_the_paper_not_its_contact(draft: Pack) -> None:
    assert "Improvement and Innovation Board" in draft.source
    for text in (draft.source, draft.attribution):
        assert "@" not in text and not re.search(r"\d{5}", text)


def test_draft_toolkit_is_word_for_word(draft: Pack, board_paper: str) -> None:
    area = draft.area("engaging-councillors-and-senior-managers")
    assert area.description is not None and area.help is not None
    assert f"NPS Key Area: {area.title} Description:".casefold() in board_paper.casefold()
    assert f"Description: {normalise(area.description)} Help:" in board_paper
    assert f"What it is: {normalise(area.help.what_it_is)} Why it is important:" in board_paper
    assert f"Why it is important: {normalise(area.help.why_it_matters)} High level" in board_paper
    principle = f"Principle/Specific Behaviour: {level_row(area.levels, labelled=True)}"
    assert principle in board_paper
    for dim in area.dimensions:
        row = level_row(dim.levels, labelled=False)
        assert row in board_paper, dim.id
        # Titles follow the brief's sentence case; the paper capitalises them.
        assert f"{dim.title} {row}".casefold() in board_paper.casefold(), dim.id


def test_replacement_tables_match_the_readmes() -> None:
    """Every artefact removed in a test is listed in the pack's transcription notes."""
    for folder, fixes in [
        ("nps-2018", STRATEGY_FIXES),
        ("nps-2018-draft-toolkit", DRAFT_TOOLKIT_FIXES),
    ]:
        readme = (CONTENT / folder / "README.md").read_text(encoding="utf-8")
        assert "## Transcription notes" in readme
        for old in fixes:
            assert old in readme, (folder, old)
