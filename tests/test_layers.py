"""Layers import downward only, and the headless paths never load Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "npsworkshop"

# Lowest first; a module may import only from its own layer or the layers before it.
LAYERS = [
    {"errors", "workspace", "files", "crashlog", "labels", "dates", "terminal", "one_shot"},
    {"framework"},
    {"assessment"},
    {"store"},
    {"workshop"},
    {"interchange", "report", "room"},
    {"exporting", "progress_exporting"},
    {"tui", "review"},
    {"cli", "cycle_cli", "backups_cli", "workspace_cli", "__main__", "region"},
]


def layer_of(module: str) -> int:
    top = module.split(".")[1] if module.startswith("npsworkshop.") else module
    for index, names in enumerate(LAYERS):
        if top in names:
            return index
    raise AssertionError(f"{module} is in no layer; add it to LAYERS")


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("npsworkshop")
        ):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("npsworkshop")]
    return found


def test_imports_point_down_only() -> None:
    wrong = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(relative.parts)
        if module in ("npsworkshop.__init__", "npsworkshop"):
            continue
        own = layer_of(module)
        wrong += [
            f"{module} -> {target}"
            for target in imports(path)
            if target != "npsworkshop" and layer_of(target) > own
        ]
    assert wrong == []


def test_textual_is_imported_only_by_the_app() -> None:
    leaks = [
        str(path)
        for path in SRC.rglob("*.py")
        if "tui" not in path.parts
        and any(
            line.lstrip().startswith(("import textual", "from textual"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert leaks == []


def test_headless_commands_do_not_load_textual() -> None:
    code = (
        "import sys\n"
        "import npsworkshop.cli, npsworkshop.exporting, npsworkshop.interchange.json_format\n"
        "import npsworkshop.interchange.csv_format, npsworkshop.workshop\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
