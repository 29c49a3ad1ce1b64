"""psycopg is an optional extra loaded only by `region` on a postgresql:// store; registering the
region commands costs the CLI nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CODE = """
import contextlib, io, json, sys
from npsworkshop.cli import build_parser, main
build_parser()
after_parser = sorted(m for m in ("psycopg", "sqlalchemy", "alembic") if m in sys.modules)
with contextlib.redirect_stdout(io.StringIO()):
    main(["region", "init", "--db", sys.argv[1]])
after_sqlite = "psycopg" in sys.modules
print(json.dumps({"parser": after_parser, "sqlite": after_sqlite}))
"""


def test_region_loads_psycopg_only_for_postgresql(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path / "region.db")],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found == {"parser": [], "sqlite": False}
    assert (tmp_path / "region.db").exists()
