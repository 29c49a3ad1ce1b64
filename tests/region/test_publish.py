"""`region publish`: verified before anything is written, all or nothing, idempotent, no names."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from tests.region.documents import signed_document, write
from tests.region.running import region

from npsworkshop.region.database import connect, parse_address
from npsworkshop.region.tables import published_area, published_session
from npsworkshop.workshop import Workshop

FIXTURES = Path(__file__).parent / "fixtures"
BEFORE_GSS = FIXTURES / "signed-before-gss.json"


@pytest.fixture
def store(region_db: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert region(capsys, "init", "--db", region_db)[0] == 0
    return region_db


def stored(db: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with connect(parse_address(db)) as connection:
        sessions = [tuple(r) for r in connection.execute(select(published_session))]
        areas = [tuple(r) for r in connection.execute(select(published_area))]
    return sessions, areas


def test_a_signed_export_is_published_once(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = region(capsys, "publish", "--db", store, str(BEFORE_GSS))
    assert status == 0
    assert out.splitlines()[-1] == "1 published, 0 already there"
    before = stored(store)
    status, out, _ = region(capsys, "publish", "--db", store, str(BEFORE_GSS))
    assert status == 0
    assert out.splitlines()[-1] == "0 published, 1 already there"
    assert stored(store) == before


def test_what_is_stored_is_figures_not_people(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Per area the level (agreed where moderated), the ambition and signed action counts."""
    region(capsys, "publish", "--db", store, str(BEFORE_GSS))
    sessions, areas = stored(store)
    document = json.loads(BEFORE_GSS.read_text())
    (session,) = sessions
    assert session[:10] == (
        document["fingerprint"],
        "name:exampleshire county council",
        None,
        "Exampleshire County Council",
        "county",  # "County Council" is a known synonym
        "County Council",  # and the text as written is kept
        "nps-2018",
        document["framework"]["version"],
        date(2025, 6, 12),
        date(2025, 7, 1),
    )
    by_area = {row[1]: row[2:] for row in areas}
    assert by_area == {
        "engaging-councillors": ("leader", "innovator", 1, 0, 0, 0),  # agreed, not the weakest
        "obtaining-social-value": ("leader", "innovator", 1, 0, 0, 0),
        "developing-talent": ("developing", "innovator", 1, 0, 0, 0),
    }
    everything = repr(stored(store))
    for person in ("Jo Smith", "Sam Patel", "Pat Chief", "A. Facilitator"):
        assert person not in everything


def test_a_batch_with_bad_files_writes_nothing_and_names_each(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(
        tmp_path,
        signed_document("Good Council", {"developing-talent": "mature"}, held_on=date(2026, 1, 5)),
        "good",
    )
    draft = write(
        tmp_path,
        signed_document(
            "Draft Council", {"developing-talent": "mature"}, held_on=date(2026, 1, 5), sign=False
        ),
        "draft",
    )
    forged_doc = json.loads(BEFORE_GSS.read_text())
    forged_doc["areas"]["developing-talent"]["ratings"][0]["level"] = "innovator"
    forged_doc["areas"]["developing-talent"]["ratings"][1]["level"] = "innovator"
    forged = write(tmp_path, forged_doc, "forged")
    anonymous_doc = json.loads(BEFORE_GSS.read_text())
    anonymous_doc["anonymous"] = True
    anonymous_doc["named_fingerprint"] = anonymous_doc.pop("fingerprint")
    anonymous = write(tmp_path, anonymous_doc, "anonymous")
    missing = tmp_path / "missing.json"
    status, out, err = region(
        capsys,
        "publish",
        "--db",
        store,
        str(good),
        str(draft),
        str(forged),
        str(anonymous),
        str(missing),
    )
    assert status == 2
    assert out == ""
    assert "nothing was published: 4 of 5" in err
    assert f"{draft}: sign_off: a draft cannot be published" in err
    assert f"{forged}: fingerprint:" in err and "does not match" in err
    assert f"{anonymous}: anonymous:" in err
    assert f"{missing}: cannot be read" in err
    assert str(good) not in err
    assert stored(store) == ([], [])


def test_the_result_field_of_a_file_is_not_trusted(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`result` is computed and not hashed: the level comes from the ratings themselves."""
    document = json.loads(BEFORE_GSS.read_text())
    document["areas"]["developing-talent"]["result"]["weakest_level"] = "innovator"
    path = write(tmp_path, document, "edited-result")
    assert region(capsys, "publish", "--db", store, str(path))[0] == 0
    _, areas = stored(store)
    assert {row[1]: row[2] for row in areas}["developing-talent"] == "developing"


def test_a_file_signed_before_the_gss_code_still_verifies(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fixture was signed and exported by the release before organisation.code existed."""
    from npsworkshop.assessment.record import recorded_fingerprint_matches
    from npsworkshop.interchange.json_format import read_document
    from npsworkshop.region.sources import record_of_document
    from npsworkshop.workspace import Workspace

    document = read_document(BEFORE_GSS)
    assert document.organisation.code is None
    record = record_of_document(document, str(BEFORE_GSS), Workspace(tmp_path))
    assert recorded_fingerprint_matches(record)
    # Adding a code to a signed file changes its facts: it no longer matches its fingerprint.
    raw = json.loads(BEFORE_GSS.read_text())
    raw["organisation"]["code"] = "E10000001"
    coded = write(tmp_path, raw, "coded")
    status, _, err = region(capsys, "publish", "--db", store, str(coded))
    assert status == 2
    assert "does not match" in err


def test_a_council_code_is_published_when_signed_with_it(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    coded = signed_document(
        "Sheffield City Council",
        {"developing-talent": "leader"},
        code="E08000019",
        council_type="Metropolitan Borough",
        held_on=date(2026, 3, 1),
    )
    plain = signed_document(
        "Sheffield City Council",
        {"developing-talent": "leader"},
        council_type="Metropolitan Borough",
        held_on=date(2026, 3, 1),
    )
    assert coded["organisation"]["code"] == "E08000019"
    assert "code" not in plain["organisation"]
    assert coded["fingerprint"] != plain["fingerprint"]
    assert region(capsys, "publish", "--db", store, str(write(tmp_path, coded)))[0] == 0
    (session,), _ = stored(store)
    assert session[1:5] == (
        "E08000019",
        "E08000019",
        "Sheffield City Council",
        "metropolitan district",
    )


def test_a_bad_gss_code_is_named(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(BEFORE_GSS.read_text())
    raw["organisation"]["code"] = "X123"
    status, _, err = region(capsys, "publish", "--db", store, str(write(tmp_path, raw, "bad")))
    assert status == 2
    assert "organisation.code: 'X123' is not a GSS code" in err


def test_withdraw_removes_one_and_list_shows_what_is_there(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fingerprint = json.loads(BEFORE_GSS.read_text())["fingerprint"]
    region(capsys, "publish", "--db", store, str(BEFORE_GSS))
    status, out, _ = region(capsys, "list", "--db", store)
    assert status == 0
    assert fingerprint in out and "Exampleshire County Council" in out
    status, _, err = region(capsys, "withdraw", "--db", store, "abc")
    assert status == 2 and "at least the first 8" in err
    status, out, _ = region(capsys, "withdraw", "--db", store, fingerprint[:12])
    assert status == 0
    assert f"withdrew {fingerprint}" in out
    assert stored(store) == ([], [])
    status, _, err = region(capsys, "withdraw", "--db", store, fingerprint)
    assert status == 2 and "no published session" in err


def test_a_session_in_the_workspace_is_published_through_its_verified_snapshot(
    store: str, workshop: Workshop, mini_session: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import complete

    root = str(workshop.workspace.root)
    status, _, err = region(capsys, "publish", "--db", store, mini_session[:8], workspace=root)
    assert status == 2 and "draft" in err
    complete(workshop, mini_session)
    fingerprint = workshop.sign_off(mini_session, "Pat Chief", "Chief Executive")
    status, out, _ = region(capsys, "publish", "--db", store, mini_session, workspace=root)
    assert status == 0, out
    assert fingerprint in out
    sessions, areas = stored(store)
    assert [s[0] for s in sessions] == [fingerprint]
    assert {a[1]: a[2] for a in areas} == {
        "plain": "developing",
        "gridded": "developing",
        "talent": "developing",
    }
    # A signed record changed behind npsworkshop's back is refused as forged (exit 2).
    db = sqlite3.connect(workshop.workspace.database)
    db.execute("DROP TRIGGER rating_signed_update")
    db.execute("UPDATE rating SET level = 'innovator'")
    db.commit()
    db.close()
    region(capsys, "withdraw", "--db", store, fingerprint)
    status, out, err = region(capsys, "publish", "--db", store, mini_session, workspace=root)
    assert status == 2
    assert "no longer matches its fingerprint" in err
    assert stored(store) == ([], [])


def test_a_workspace_session_is_published_with_its_gss_code(
    store: str, workshop: Workshop, mini_session: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import complete

    workshop.update_details(mini_session, organisation_code="e10000001")
    complete(workshop, mini_session)
    workshop.sign_off(mini_session, "Pat Chief", "Chief Executive")
    root = str(workshop.workspace.root)
    assert region(capsys, "publish", "--db", store, mini_session, workspace=root)[0] == 0
    (session,), _ = stored(store)
    assert session[1:4] == ("E10000001", "E10000001", "Testshire County Council")


def test_a_password_is_never_taken_from_the_url(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = region(capsys, "list", "--db", "postgresql://hub:s3cret-pw@127.0.0.1/region")
    assert status == 2
    assert "s3cret-pw" not in out + err
    assert "postgresql://hub:***@127.0.0.1/region" in err
    assert "PGPASSWORD" in err


def test_a_store_that_cannot_be_reached_is_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = region(capsys, "list", "--db", f"postgresql://nobody@/region?host={tmp_path}")
    assert status == 1
    assert "Traceback" not in err
    assert err.startswith(f"npsworkshop: postgresql://nobody@/region?host={tmp_path}: ")


def test_councils_publishing_at_once_each_session_stored_once(store: str, tmp_path: Path) -> None:
    """Two publishers racing with overlapping batches: every session once, none lost."""
    from concurrent.futures import ThreadPoolExecutor

    from npsworkshop.region.publishing import publish
    from npsworkshop.region.sources import read_publications
    from npsworkshop.workspace import Workspace

    paths = [
        str(
            write(
                tmp_path,
                signed_document(
                    f"Council {n}", {"developing-talent": "mature"}, held_on=date(2025, 1, 1 + n)
                ),
            )
        )
        for n in range(12)
    ]
    batches = [
        read_publications(paths[:8], Workspace(tmp_path)),
        read_publications(paths[:3:-1], Workspace(tmp_path)),  # the other way round
    ]

    def publish_batch(batch: list[Any]) -> tuple[int, int]:
        with connect(parse_address(store), check=True, write=True) as connection:
            done = publish(connection, batch)
        return len(done.new), len(done.already)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(publish_batch, batches))
    assert sum(new for new, _ in results) == 12
    assert sum(already for _, already in results) == 4
    sessions, areas = stored(store)
    assert len(sessions) == 12 and len(areas) == 12


def test_a_file_signed_before_the_gss_code_still_imports_with_its_fingerprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from npsworkshop.cli import main

    workspace = str(tmp_path / "council")
    assert main(["--workspace", workspace, "import", str(BEFORE_GSS)]) == 0
    session_id = capsys.readouterr().out.split()[-1]
    out = tmp_path / "again.json"
    assert (
        main(
            [
                "--workspace",
                workspace,
                "export",
                session_id,
                "--format",
                "json",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    again = json.loads(out.read_text())
    assert again["fingerprint"] == json.loads(BEFORE_GSS.read_text())["fingerprint"]
    assert "code" not in again["organisation"]


def test_ids_the_store_keys_on_must_be_pack_ids(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A made-up file cannot slip a row marker or an over-long id into the report's keys."""
    from npsworkshop.assessment.record import fingerprint
    from npsworkshop.errors import InputError
    from npsworkshop.interchange.json_format import read_document
    from npsworkshop.region.publication import publication_of
    from npsworkshop.region.sources import record_of_document
    from npsworkshop.workspace import Workspace

    record = record_of_document(read_document(BEFORE_GSS), "f.json", Workspace(tmp_path))
    bad = record.model_copy(update={"scope": ("*councils*", "x" * 90, "developing-talent")})
    assert bad.sign_off is not None
    signed = fingerprint(bad, bad.sign_off.name, bad.sign_off.role, "2025-07-01")
    bad = bad.model_copy(
        update={"sign_off": bad.sign_off.model_copy(update={"fingerprint": signed})}
    )
    with pytest.raises(InputError) as caught:
        publication_of(bad, "f.json")
    message = str(caught.value)
    assert "scope[0]: '*councils*' is not a pack id" in message
    assert "scope[1]:" in message
    assert "scope[2]" not in message


def test_a_signed_follow_up_with_the_cycles_facts_verifies(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Interim steps, carried actions and the baseline block are facts: they are hashed."""
    document = signed_document(
        "Council Z", {"developing-talent": "mature"}, held_on=date(2026, 5, 1), followup=True
    )
    assert document["baseline"]["fingerprint"] == "b" * 64
    assert document["areas"]["developing-talent"]["ambition"]["interim"]["level"] == "leader"
    assert document["areas"]["developing-talent"]["actions"][0]["carried_from"] == "A1"
    status, out, err = region(capsys, "publish", "--db", store, str(write(tmp_path, document)))
    assert status == 0, err
    assert out.splitlines()[-1] == "1 published, 0 already there"
    document["areas"]["developing-talent"]["ambition"]["interim"]["level"] = "mature"
    status, _, err = region(capsys, "publish", "--db", store, str(write(tmp_path, document, "x")))
    assert status == 2 and "does not match" in err
