"""The cycle's commands as scripts use them: outputs, exit statuses, files written."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from npsworkshop.cli import main
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession
from npsworkshop.workspace import Workspace


def cli(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, *args: str
) -> tuple[int, str, str]:
    try:
        status = main(["--workspace", str(workspace.root), *args])
    except SystemExit as exc:  # argparse's usage errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


DONE_BY_JO = ("--status", "done", "--on", "2026-11-28", "--by", "Jo Smith")


def update(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, session: str, *args: str
) -> tuple[int, str, str]:
    return cli(capsys, workspace, "actions", "update", session, *args)


@pytest.fixture
def closed(workshop: Workshop, signed: str) -> str:
    """The signed session, with the test's service closed so the CLI opens the database."""
    workshop.close()
    return signed


def test_actions_lists_tab_separated_with_the_ref_first(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, closed: str
) -> None:
    status, out, _ = cli(capsys, workspace, "actions", closed[:6])
    assert status == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0] == [
        "A1",
        "plain",
        "Improve A plain area",
        "Head of Procurement",
        "2027-03-31",
        "open",
    ]
    assert lines[2] == ["A3", "plain", "Publish a pipeline", "", "", "open"]
    assert [row[0] for row in lines] == ["A1", "A2", "A3", "A4", "A5"]


def test_actions_update_on_a_signed_plan(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, closed: str
) -> None:
    status, _, err = update(capsys, workspace, closed, "A2", "--status", "done")
    assert status == 2 and "--by" in err
    status, out, err = update(
        capsys,
        workspace,
        closed,
        "A2",
        "--status",
        "done",
        "--note",
        "Course run",
        "--on",
        "2026-11-28",
        "--by",
        "Jo Smith",
    )
    assert status == 0, err
    assert out.startswith("A2: open -> done, logged; progress log head ")
    status, _, err = cli(
        capsys, workspace, "actions", "update", closed, "A9", "--status", "done", "--by", "Jo"
    )
    assert status == 2 and "no action 'A9'" in err
    status, _, err = cli(
        capsys, workspace, "actions", "update", closed, "A1", "--status", "finished", "--by", "Jo"
    )
    assert status == 2 and "'finished' is not a status" in err
    status, _, err = update(
        capsys, workspace, closed, "A1", "--status", "done", "--on", "01/02/2027"
    )
    assert status == 2 and "YYYY-MM-DD" in err
    status, _, err = cli(capsys, workspace, "actions", closed, "--status", "done")
    assert status == 2
    # The signed record still exports with its fingerprint and verifies.
    status, out, _ = cli(capsys, workspace, "export", closed, "--format", "json")
    assert status == 0
    document = json.loads(Path(out.splitlines()[-1]).read_text(encoding="utf-8"))
    assert document["fingerprint"] and document["areas"]["plain"]["actions"][1]["status"] == "open"


def test_progress_csv_json_and_pdf(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, closed: str, tmp_path: Path
) -> None:
    update(capsys, workspace, closed, "A2", *DONE_BY_JO)
    status, out, _ = cli(
        capsys, workspace, "progress", closed, "--format", "csv", "--as-of", "2027-06-30"
    )
    assert status == 0
    path = Path(out.strip().splitlines()[-1])
    assert path.parent == workspace.exports_dir
    assert path.name.endswith("-signed-named-progress-2027-06-30.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["group"] for r in rows] == ["leading", "enablers", "total"]
    assert rows[-1] == {
        "group": "total",
        "actions": "5",
        "completed": "1",
        "completed_pct": "20",
        "outstanding": "4",
        "outstanding_pct": "80",
        "dropped": "0",
        "overdue": "3",
    }
    status, out, _ = cli(
        capsys,
        workspace,
        "progress",
        closed,
        "--format",
        "json",
        "--as-of",
        "2027-06-30",
        "--anonymous",
        "--output",
        str(tmp_path / "p.json"),
    )
    doc = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert doc["session"] == closed and doc["as_of"] == "2027-06-30" and doc["anonymous"] is True
    # no digest hashing names in anonymous output: it would confirm a guess (docs/outputs.md)
    assert doc["chain_head"] is None and doc["fingerprint"] is None
    assert doc["areas"]["plain"]["completed"] == 1
    assert "Jo Smith" not in (tmp_path / "p.json").read_text(encoding="utf-8")
    assert doc["actions"][1]["last_update"]["by"] == "Category manager"
    status, out, _ = cli(capsys, workspace, "progress", closed, "--format", "pdf")
    assert status == 0 and Path(out.strip()).read_bytes().startswith(b"%PDF")
    # progress as of a day before the workshop that made the plan is refused, nothing written
    written = sorted(workspace.exports_dir.iterdir())
    status, out, err = cli(
        capsys, workspace, "progress", closed, "--format", "csv", "--as-of", "2026-01-01"
    )
    assert (status, out) == (2, "") and "as of 2026-01-01: before the workshop" in err
    assert sorted(workspace.exports_dir.iterdir()) == written


def test_followup_and_compare(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, closed: str, tmp_path: Path
) -> None:
    status, out, err = cli(capsys, workspace, "followup", closed, "--held-on", "2027-11-20")
    assert status == 0, err
    new = out.strip().splitlines()[-1]
    assert "5 outstanding actions carried forward" in out
    status, out, _ = cli(capsys, workspace, "compare", closed, new, "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["area_id"] == "plain" and rows[0]["baseline_level"] == "developing"
    assert rows[0]["level"] == "" and rows[0]["change"] == ""
    status, out, _ = cli(capsys, workspace, "compare", closed, new, "--format", "json")
    assert json.loads(out)["areas"]["plain"]["baseline_ambition"] == "leader"
    # the wrong way round would print every change negated: refused, naming both dates
    status, out, err = cli(capsys, workspace, "compare", new, closed, "--format", "csv")
    assert (status, out) == (2, "")
    assert "2027-11-20, after SESSION" in err and "give the earlier session first" in err
    status, _, err = cli(
        capsys, workspace, "actions", "update", closed, "A1", "--status", "done", "--by", "Jo"
    )
    assert status == 2 and new in err


def test_compare_refuses_sessions_on_different_packs(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, closed: str
) -> None:
    with Workshop.open(workspace) as workshop:
        other = workshop.create_session(
            NewSession(organisation_name="X", title="Other", held_on=date(2027, 1, 1))
        )
    status, _, err = cli(capsys, workspace, "compare", closed, other, "--format", "csv")
    assert status == 2 and "same pack" in err


def test_actions_usage_reads_as_the_commands_table(
    capsys: pytest.CaptureFixture[str], workspace: Workspace
) -> None:
    """Both forms spelled out, as docs/cycle.md gives them (argparse's own was garbled)."""
    listing = "usage: npsworkshop actions SESSION\n"
    updating = (
        "       npsworkshop actions update SESSION ACTION --status S [--note T] [--on DATE] "
        "[--by NAME] [--due DATE]\n"
    )
    status, out, _ = cli(capsys, workspace, "actions", "update", "--help")
    assert status == 0
    assert out.startswith(listing + updating)
    for option in ("--status S", "--note T", "--on DATE", "--by NAME", "--due DATE"):
        assert option in out
    assert "[update]" not in out
    table = (Path(__file__).parents[2] / "docs" / "cycle.md").read_text(encoding="utf-8")
    assert "`actions update SESSION ACTION --status S [--note T] [--on DATE] [--by NAME] " in table

    status, _, err = cli(capsys, workspace, "actions")
    assert status == 2
    assert (
        err == listing + updating + "npsworkshop: the following arguments are required: SESSION\n"
    )


def _signed_session(workspace: Workspace, title: str, names: tuple[str, ...]) -> str:
    """A complete session of the mini pack with these participants, signed off and closed."""
    from conftest import complete
    from npsworkshop.workshop.inputs import ParticipantInput

    roles = ("Category manager", "Head of Finance", "Commissioner")
    workshop = Workshop.open(workspace)
    session = workshop.create_session(
        NewSession(
            organisation_name="Testshire County Council",
            organisation_type="county",
            title=title,
            held_on=date(2026, 11, 20),
            facilitator="A. Facilitator",
            pack_id="mini",
            participants=tuple(
                ParticipantInput(name=name, role=role, department=role[0])
                for name, role in zip(names, roles, strict=True)
            ),
        )
    )
    complete(workshop, session)
    workshop.sign_off(session, "A. Chief", "Director", date(2026, 11, 27))
    workshop.close()
    return session


def _anonymous_progress(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, session: str, tmp_path: Path
) -> str:
    """`progress --anonymous` as JSON; what it printed on stderr."""
    output = str(tmp_path / "p.json")
    status, _, err = cli(
        capsys,
        workspace,
        "progress",
        session,
        "--format",
        "json",
        "--anonymous",
        "--output",
        output,
    )
    assert status == 0, err
    return err


def test_anonymous_progress_warns_when_the_title_names_a_participant(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, tmp_path: Path
) -> None:
    """The paper's cover prints the title as written: `progress --anonymous` warns, naming the
    field and the participant's letter, as `export --anonymous` does (red team R13)."""
    names = ("Zebedee Quux", "Sam Patel", "Ali Jones")
    session = _signed_session(workspace, "Workshop run by Zebedee Quux", names)
    err = _anonymous_progress(capsys, workspace, session, tmp_path)
    assert "title contains the name of participant " in err  # a letter, never the name
    assert "Zebedee" not in err


def test_anonymous_progress_warns_when_a_note_names_a_participant_by_first_name(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, tmp_path: Path
) -> None:
    """A note printed as written that names someone by a telling part of their name ("Zoë")
    warns with their letter, as `export --anonymous` does (outputs check F2): a whole-name,
    case-sensitive match missed it."""
    names = ("Zoë Ó Súilleabháin", "Gwenllïan ap Rhys", "Ali Jones")
    session = _signed_session(workspace, "Procurement maturity baseline", names)
    note = ("--note", "Agreed with Zoë and Gwenllïan", "--on", "2026-11-28", "--by", "Sam Clerk")
    assert update(capsys, workspace, session, "A1", "--status", "done", *note)[0] == 0
    err = _anonymous_progress(capsys, workspace, session, tmp_path)
    [warning] = [line for line in err.splitlines() if "A1 last update's note" in line]
    assert warning.count("participant ") == 2  # Zoë and Gwenllïan, as their letters
    assert "Zoë" not in err and "Gwenllïan" not in err
