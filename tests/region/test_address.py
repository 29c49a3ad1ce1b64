"""`--db`: a password never on the command line, in any spelling libpq understands, and never
repeated in a message."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from tests.region.running import region

from npsworkshop.region.database import parse_address

SECRET = "hunter2"


def _conninfo(region_db: str) -> str:
    """The store as a libpq key=value string with a password, as a user might paste it."""
    if region_db.startswith("postgresql://"):
        url = urlsplit(region_db)
        (host,) = parse_qs(url.query)["host"]
        return f"host={host} dbname={url.path.lstrip('/')} user=postgres password={SECRET}"
    return f"dbname={region_db} password={SECRET}"


@pytest.mark.parametrize("action", [["init"], ["list"], ["report", "--format", "json"]])
def test_a_key_value_connection_string_is_refused_and_not_repeated(
    region_db: str, engine_name: str, action: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = region(capsys, action[0], "--db", _conninfo(region_db), *action[1:])
    assert status == 2
    assert SECRET not in out + err
    assert "key=value" in err
    assert "postgresql:///?service=NAME" in err
    if engine_name == "sqlite":
        assert not Path(region_db).exists()
        assert list(Path(region_db).parent.iterdir()) == []  # no file made of the string


@pytest.mark.parametrize("key", ["%70assword", "pass%77ord", "%70%61%73%73%77%6f%72%64"])
def test_a_percent_encoded_password_key_is_refused_and_masked(
    region_db: str, engine_name: str, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """libpq decodes escapes in a parameter's name: `%70assword` is the password to it."""
    if engine_name == "sqlite":  # the same URL aimed at a server: refused before any connection
        url = f"postgresql://council@/region?host={Path(region_db).parent}&{key}={SECRET}"
    else:
        assert region(capsys, "init", "--db", region_db)[0] == 0
        url = f"{region_db}&{key}={SECRET}"  # the test server trusts every login: it would open
    for action in (["list"], ["report", "--format", "csv"], ["upgrade"]):
        status, out, err = region(capsys, action[0], "--db", url, *action[1:])
        assert status == 2, action
        assert SECRET not in out + err
        assert "***" in err
        assert "PGPASSWORD" in err


def test_the_refusal_shows_the_url_as_libpq_read_it() -> None:
    with pytest.raises(Exception) as raised:
        parse_address(
            f"postgresql://hub@db.example:5433/region?%70assword={SECRET}&sslmode=require"
        )
    message = str(raised.value)
    assert SECRET not in message
    assert "postgresql://hub:***@db.example:5433/region?sslmode=require" in message


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://[::1/{SECRET}",  # libpq's reason quotes the whole URL
        f"postgresql://h/db?%zz={SECRET}",
        f"postgresql://h/db?{SECRET}",
    ],
)
def test_a_url_libpq_cannot_read_is_refused_without_repeating_it(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = region(capsys, "list", "--db", url)
    assert status == 2
    assert SECRET not in out + err
    assert "libpq" in err


def test_another_scheme_is_not_repeated(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = region(capsys, "list", "--db", f"mysql://hub:{SECRET}@h/region")
    assert status == 2
    assert SECRET not in err
    assert "mysql://" in err


def test_a_sqlite_file_with_equals_in_its_name_is_given_as_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert region(capsys, "init", "--db", "hub region=1.db")[0] == 2
    status, out, _ = region(capsys, "init", "--db", "./hub region=1.db")
    assert status == 0, out
    assert (tmp_path / "hub region=1.db").exists()
