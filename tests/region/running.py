"""Running `npsworkshop region ...` in process, with what it printed."""

from __future__ import annotations

import pytest

from npsworkshop.cli import main


def region(
    capsys: pytest.CaptureFixture[str], *args: str, workspace: str | None = None
) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `npsworkshop [--workspace W] region ARGS`."""
    prefix = ["--workspace", workspace] if workspace else []
    status = main([*prefix, "region", *args])
    out, err = capsys.readouterr()
    return status, out, err
