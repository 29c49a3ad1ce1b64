"""One unreadable row damages one session, never the workspace (issue 10 M3): a session whose
rows were written round the database's checks lists as damaged, naming the field and the newest
good backup, and every other session still lists, opens and exports."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from conftest import complete
from npsworkshop.errors import Unreadable
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, ParticipantInput
from reliability.helpers import raw

# (what, statements on the damaged session :sid, the field the message names)
DAMAGE = [
    (
        "garbage created_at",
        ["UPDATE workshop_session SET created_at = 'yesterday' WHERE id = :sid"],
        "created_at",
    ),
    (
        "dangling rating",
        [
            "PRAGMA foreign_keys = OFF",
            "INSERT INTO rating (session_id, participant_id, area_id, level, updated_at) "
            "VALUES (:sid, 9999, 'plain', 'mature', 'x')",
        ],
        "participant",
    ),
    (
        "invalid level behind the constraints",
        [
            "PRAGMA ignore_check_constraints = ON",
            "UPDATE rating SET level = 'expert' WHERE session_id = :sid",
        ],
        "level",
    ),
    (
        "invalid ambition level behind the constraints",
        [
            "PRAGMA ignore_check_constraints = ON",
            "UPDATE area_outcome SET ambition_level = 'expert' WHERE session_id = :sid",
        ],
        "ambition level",
    ),
    (
        "invalid action status behind the constraints",
        [
            "PRAGMA ignore_check_constraints = ON",
            "UPDATE action SET status = 'finished' WHERE session_id = :sid",
        ],
        "status",
    ),
]


@pytest.fixture
def two_sessions(workshop: Workshop, mini_session: str) -> tuple[str, str]:
    """The session to damage (complete, a draft) and a good one beside it."""
    complete(workshop, mini_session)
    good = workshop.create_session(
        NewSession(
            organisation_name="Goodshire",
            title="Untouched",
            held_on=date(2026, 10, 1),
            pack_id="mini",
            participants=(ParticipantInput(name="Pat"),),
        )
    )
    workshop.rate(good, "plain", "p1", "mature")
    return mini_session, good


def damage(workshop: Workshop, session_id: str, statements: list[str]) -> None:
    connection = raw(workshop.workspace)
    for statement in statements:
        connection.execute(statement.replace(":sid", f"'{session_id}'"))
    connection.close()


@pytest.mark.parametrize(("what", "statements", "field"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_one_damaged_session_lists_as_damaged_and_the_rest_still_works(
    workshop: Workshop,
    two_sessions: tuple[str, str],
    what: str,
    statements: list[str],
    field: str,
) -> None:
    damaged, good = two_sessions
    damage(workshop, damaged, statements)
    with Workshop.open(workshop.workspace) as reopened:
        summaries = {s.id: s for s in reopened.list_sessions()}
        assert summaries[damaged].status == "damaged", what
        message = summaries[damaged].damaged or ""
        assert f"session {damaged} (Baseline) cannot be read" in message and field in message
        assert "backup" in message  # the newest good backup is named, or its absence
        assert summaries[good].status == "draft"
        assert reopened.verified_snapshot(good).area("plain").result is not None
        with pytest.raises(Unreadable, match=field):
            reopened.snapshot(damaged)


def test_the_cli_lists_the_damaged_session_and_still_exports_the_others(
    workshop: Workshop, two_sessions: tuple[str, str]
) -> None:
    damaged, good = two_sessions
    damage(workshop, damaged, DAMAGE[0][1])
    workshop.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "npsworkshop",
                "--workspace",
                str(workshop.workspace.root),
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )

    listed = run("sessions")
    assert listed.returncode == 0, listed.stderr
    assert "damaged" in next(line for line in listed.stdout.splitlines() if damaged in line)
    assert "created_at" in listed.stderr and "unexpected error" not in listed.stderr
    assert run("export", good, "--format", "json").returncode == 0
    refused = run("export", damaged, "--format", "json")
    assert refused.returncode == 1 and "cannot be read: its created_at" in refused.stderr
    assert "Traceback" not in refused.stderr and "unexpected" not in refused.stderr


def test_a_damaged_signed_session_lists_as_damaged(
    workshop: Workshop, two_sessions: tuple[str, str]
) -> None:
    damaged, good = two_sessions
    workshop.sign_off(damaged, "Chief Executive", "Head of Paid Service")
    damage(
        workshop,
        damaged,
        [
            "DROP TRIGGER workshop_session_signed_update",
            "UPDATE workshop_session SET created_at = 'garbage' WHERE id = :sid",
        ],
    )
    with Workshop.open(workshop.workspace) as reopened:
        summaries = {s.id: s for s in reopened.list_sessions()}
        assert summaries[damaged].status == "damaged"
        assert summaries[good].status == "draft"
