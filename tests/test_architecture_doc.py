"""docs/architecture.md stays true: it names every module of the package."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "npsworkshop"


def test_every_module_is_named_in_the_architecture_page() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py" and "migrations" not in path.parts
    ]
    assert modules, "no modules found: the test is looking in the wrong place"
    missing = [module for module in modules if f"`{module}`" not in page]
    assert missing == [], f"docs/architecture.md does not name: {missing}"
