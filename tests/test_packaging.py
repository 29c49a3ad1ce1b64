"""What a user installs: a wheel built from the sdist (as `python -m build` does) carries the packs.

The packs live at the top of the repository, outside the package; a build that found them only in
a checkout once gave wheels with no packs at all, so the app could not start a session.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent
SHIPPED = sorted(p.name for p in (ROOT / "content").iterdir() if (p / "pack.toml").is_file())


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_wheel_built_from_the_sdist_carries_the_packs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # without --sdist/--wheel, build makes the sdist, then the wheel from the unpacked sdist
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, ROOT, cwd=tmp_path)
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    assert sdist.stat().st_size > 0
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in SHIPPED:
        assert f"npsworkshop/content/{pack}/pack.toml" in names
        assert f"npsworkshop/content/{pack}/README.md" in names
    for data_file in ("npsworkshop/py.typed", "npsworkshop/tui/app.tcss"):
        assert data_file in names

    site = tmp_path / "site"
    pip = (sys.executable, "-m", "pip", "install", "-q", "--no-deps")
    run(*pip, "--target", site, wheel, cwd=tmp_path)
    # from /, with the installed copy first on the path: nothing can come from the checkout
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("NPSWORKSHOP_HOME", None)
    home = tmp_path / "workspace"
    home.mkdir()
    out = run(
        sys.executable, "-m", "npsworkshop", "--workspace", home, "content", "check",
        cwd=Path("/"), env=env,
    )  # fmt: skip
    checked = {line.split()[1]: line for line in out.splitlines()}
    assert sorted(checked) == SHIPPED
    for pack, line in checked.items():
        assert line.startswith(f"ok   {pack} ")
        assert line.endswith(f"({site / 'npsworkshop' / 'content' / pack / 'pack.toml'})")
