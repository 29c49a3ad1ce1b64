"""Pack loading and validation: every error names the file and the exact field."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI_PACK
from npsworkshop.errors import InputError
from npsworkshop.framework.loader import available_packs, load_pack
from npsworkshop.workspace import Workspace


def pack_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "pack.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'innovator = "i"}\n\n[[key_areas]]',
            'innovator = ""}\n\n[[key_areas]]',
            "key_areas[0].levels.innovator: must not be empty",
        ),
        (
            'mature = "ma", leader = "l", innovator = "i"}\n\n[[key_areas.dimensions]]\nid = "influence"',
            'leader = "l", innovator = "i"}\n\n[[key_areas.dimensions]]\nid = "influence"',
            "key_areas[1].levels.mature: is required",
        ),
        (
            'theme = "leading"\ntitle = "A plain area"',
            'theme = "nowhere"\ntitle = "A plain area"',
            "key_areas[0].theme: unknown theme 'nowhere'",
        ),
        ('id = "talent"', 'id = "plain"', "area id 'plain' is used twice"),
        (
            'id = "processes"',
            'id = "Processes!"',
            "key_areas[1].dimensions[1].id: must be lower-case",
        ),
        ('{id = "leader", title = "Leader"},', "", "levels: must be minimum, developing"),
        ('version = "1"', 'version = "1"\nedition = 2', "edition: is not a known field"),
        ('title = "A small test pack"', "", "title: is required"),
    ],
)
def test_pack_errors_name_file_and_field(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in MINI_PACK
    folder = pack_with(tmp_path, MINI_PACK.replace(old, new, 1))
    with pytest.raises(InputError) as caught:
        load_pack(folder)
    text = str(caught.value)
    assert str(folder / "pack.toml") in text
    assert message in text


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        load_pack(tmp_path / "nowhere")
    with pytest.raises(InputError, match="is not valid TOML"):
        load_pack(pack_with(tmp_path, "id = "))


def test_workspace_packs_are_found_beside_the_shipped_ones(workspace: Workspace) -> None:
    packs = available_packs(workspace.root)
    assert {"nps-2018", "nps-2018-draft-toolkit", "mini"} <= set(packs)
    mini = packs["mini"]
    assert mini.pack.area_ids() == ("plain", "gridded", "talent")
    assert mini.pack.kind_of("talent") == "enabler"
    assert mini.sha256 == load_pack(mini.path).sha256
