"""Input `region` refuses whole, naming the file or argument and the value (exit 2): files that
are not regular files (read once and capped), sessions dated in the future, and report words
that would go into the report as written."""

from __future__ import annotations

import json
import os
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.region.documents import signed_document, write
from tests.region.running import region

from npsworkshop.region.database import connect, parse_address
from npsworkshop.region.tables import published_session

TALENT = "developing-talent"


def published(db: str) -> int:
    with connect(parse_address(db)) as connection:
        return int(connection.execute(select(func.count()).select_from(published_session)).one()[0])


def test_a_fifo_is_refused_at_once_not_waited_on(
    empty_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "session.json"
    os.mkfifo(fifo)
    # A writer feeds whoever opens it 64 MB (a reader that blocks would wait forever otherwise).
    stop = threading.Event()

    def feed() -> None:
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                stop.wait(0.01)
                continue
            try:
                for _ in range(1024):
                    os.write(fd, b" " * 65536)
            except OSError:
                pass
            finally:
                os.close(fd)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        status, out, err = region(capsys, "publish", "--db", empty_store, str(fifo))
    finally:
        stop.set()
        writer.join(5)
    assert status == 2
    assert f"{fifo}: is not a regular file" in err
    assert out == ""
    assert published(empty_store) == 0


@pytest.mark.parametrize("name", ["zero.json", "zero"])
def test_a_device_is_refused_by_name_without_reading_it(
    empty_store: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    status, _, err = region(capsys, "publish", "--db", empty_store, str(link), "/dev/zero")
    assert status == 2
    assert f"{link}: is not a regular file" in err
    assert "/dev/zero: is not a regular file" in err
    assert "no such file" not in err


def test_a_large_file_is_read_once_and_capped(
    empty_store: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over the interchange cap: refused by size, and Path.read_bytes (uncapped) never runs."""
    big = tmp_path / "big.json"
    big.write_bytes(b'{"anonymous": true, "pad": "' + b"x" * (6 * 1024 * 1024) + b'"}')

    def uncapped(self: Path) -> bytes:
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", uncapped)
    status, _, err = region(capsys, "publish", "--db", empty_store, str(big))
    assert status == 2
    assert f"{big}: is " in err and "bytes" in err


def test_an_anonymous_export_is_still_named_as_such(
    empty_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = signed_document("Alpha Council", {TALENT: "mature"}, held_on=date(2025, 5, 1))
    document["anonymous"] = True
    path = write(tmp_path, document, "anonymous")
    status, _, err = region(capsys, "publish", "--db", empty_store, str(path))
    assert status == 2
    assert f"{path}: anonymous: an anonymous export is a report" in err


@pytest.mark.parametrize("field", ["held_on", "sign_off.signed_on"])
def test_a_session_dated_in_the_future_is_refused(
    empty_store: str, field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It would be its council's latest in every report until withdrawn."""
    future = date(2099, 3, 1)
    today = date.today()
    held, signed = (future, future) if field == "held_on" else (today, future)
    document = signed_document("Alpha Council", {TALENT: "mature"}, held_on=held, signed_on=signed)
    path = write(tmp_path, document, "future")
    good = write(
        tmp_path,
        signed_document("Beta Council", {TALENT: "mature"}, held_on=today - timedelta(days=1)),
        "good",
    )
    status, out, err = region(capsys, "publish", "--db", empty_store, str(good), str(path))
    assert status == 2
    assert out == ""
    assert f"{path}: {field}: 2099-03-01 is in the future" in err
    assert published(empty_store) == 0
    assert region(capsys, "publish", "--db", empty_store, str(good))[0] == 0  # today's is fine


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--type", "\x1b[31mred"),
        ("--type", "unitary\nauthority"),
        ("--type", "unitary\u202e"),
        ("--type", "u" * 201),
        ("--pack", "\x1b]0;x\x07nps-2018"),
        ("--pack", "NPS 2018"),
    ],
)
@pytest.mark.parametrize("form", ["json", "csv", "pdf"])
def test_report_words_with_control_characters_are_refused(
    empty_store: str,
    option: str,
    value: str,
    form: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = tmp_path / f"report.{form}"
    status, out, err = region(
        capsys,
        "report",
        "--db",
        empty_store,
        option,
        value,
        "--format",
        form,
        "--output",
        str(output),
    )
    assert status == 2
    assert f"{option} {value!r}" in err
    assert "\x1b" not in out + err and "\n" not in err.rstrip("\n")
    assert not output.exists()


def test_a_plain_type_still_reports(empty_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = region(
        capsys, "report", "--db", empty_store, "--type", "Unitary Authority", "--format", "json"
    )
    assert status == 0, err
    assert json.loads(out)["type"] == "unitary"
