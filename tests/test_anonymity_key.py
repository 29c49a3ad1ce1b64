"""The workspace's anonymity key (verify V6): written whole or not at all, a key cut short is
replaced, a full disk and a key that cannot be read are messages, never unexpected errors."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from npsworkshop.errors import Failure, UserError
from npsworkshop.files import SECRET_BYTES, workspace_secret


def test_the_key_is_made_once_owner_only_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "sessions" / "anonymity.key"
    key = workspace_secret(path)
    assert len(key) == SECRET_BYTES and workspace_secret(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["anonymity.key"]  # no temporary left


@pytest.mark.parametrize("cut_short", [b"", b"abc"])
def test_a_key_cut_short_is_replaced_by_a_whole_one(tmp_path: Path, cut_short: bytes) -> None:
    path = tmp_path / "anonymity.key"
    path.write_bytes(cut_short)
    key = workspace_secret(path)
    assert len(key) == SECRET_BYTES and path.read_bytes() == key


def test_a_full_disk_leaves_no_key_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "anonymity.key"

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(Failure, match="the disk is full") as caught:
        workspace_secret(path)
    assert str(path) in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # neither an empty key nor a temporary file
    monkeypatch.undo()
    assert len(workspace_secret(path)) == SECRET_BYTES  # space back: made as usual


def test_a_key_that_cannot_be_read_names_the_file_and_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "anonymity.key"
    path.mkdir()
    with pytest.raises(UserError, match="remove it to make a new key") as caught:
        workspace_secret(path)
    assert str(path) in str(caught.value) and caught.value.exit_status == 2
