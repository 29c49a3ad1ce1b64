"""Make `tests/fixtures/databases/schema-<HEAD>.db`: a realistic workspace database made by this
version of npsworkshop, and beside it the facts every later version must still read from it.

Run once per schema revision, when a migration is added (the older fixtures stay as they are):

    python tests/reliability/make_schema_fixture.py

The database holds: a council's signed-off baseline imported from its workshop file (NPS 2018,
11 areas), a signed-off session recorded call by call through the service (ratings, abstentions,
notes, a moderated area, ambitions, actions), and a draft on the draft toolkit grid (an area
with four dimensions) left half done, as a workshop is when the afternoon ends.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

from npsworkshop.assessment.record import facts_document
from npsworkshop.interchange.json_format import import_file
from npsworkshop.store.database import HEAD
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import NewSession, ParticipantInput
from npsworkshop.workspace import Workspace

TESTS = Path(__file__).resolve().parent.parent
FIXTURES = TESTS / "fixtures" / "databases"


def expected_facts(workshop: Workshop) -> dict[str, dict[str, object]]:
    """Per session id: its recorded facts as the interchange document, status and fingerprint."""
    found: dict[str, dict[str, object]] = {}
    for summary in workshop.list_sessions():
        record, _pack = workshop.record(summary.id)
        found[summary.id] = {
            "status": summary.status,
            "progress": summary.progress,
            "fingerprint": record.sign_off.fingerprint if record.sign_off else None,
            "facts": facts_document(record),
        }
    return found


def record_signed_session(workshop: Workshop) -> None:
    sid = workshop.create_session(
        NewSession(
            organisation_name="Ynys Môn County Council",
            organisation_type="unitary",
            organisation_code="W06000001",
            title="Commercial maturity check — spring 2026",
            held_on=date(2026, 4, 14),
            facilitator="Siân Ó Briain",
            pack_id="nps-2018",
            scope=("obtaining-social-value", "managing-strategic-risk", "developing-talent"),
            participants=(
                ParticipantInput(
                    name="Rhodri Ellis", role="Head of Procurement", department="Resources"
                ),
                ParticipantInput(
                    name="Aisha Rahman", role="Commissioner", department="Adults' Care"
                ),
                ParticipantInput(name="Ken Li", role="Finance BP", department="Finance"),
            ),
        )
    )
    workshop.rate(sid, "obtaining-social-value", "p1", "mature")
    workshop.rate(sid, "obtaining-social-value", "p2", "developing")
    workshop.abstain(sid, "obtaining-social-value", "p3")
    workshop.set_note(
        sid, "obtaining-social-value", "p2", "Only in contracts over £100k; none in care."
    )
    workshop.justify(
        sid,
        "obtaining-social-value",
        "Social value appears in large tenders only.\nCare contracts have none.",
    )
    workshop.set_ambition(
        sid, "obtaining-social-value", "leader", date(2028, 3, 31), "Corporate plan 2026–30"
    )
    workshop.add_action(
        sid,
        "obtaining-social-value",
        "Adopt a social value policy",
        "Head of Procurement",
        date(2027, 3, 31),
    )
    workshop.rate(sid, "managing-strategic-risk", "p1", "developing")
    workshop.rate(sid, "managing-strategic-risk", "p2", "developing")
    workshop.rate(sid, "managing-strategic-risk", "p3", "minimum")
    workshop.moderate(
        sid,
        "managing-strategic-risk",
        "developing",
        "Finance rated an old register; agreed on the evidence.",
    )
    workshop.justify(
        sid,
        "managing-strategic-risk",
        "Risk register exists; supplier failure plans for two contracts.",
    )
    workshop.set_ambition(sid, "managing-strategic-risk", "developing")
    action = workshop.add_action(
        sid, "managing-strategic-risk", "Review top-20 supplier risks", None, None, "in-progress"
    )
    workshop.set_action_status(sid, action, "done")
    workshop.rate(sid, "developing-talent", "p1", "leader")
    workshop.rate(sid, "developing-talent", "p2", "mature")
    workshop.rate(sid, "developing-talent", "p3", "mature")
    workshop.justify(sid, "developing-talent", "CIPS route for all category managers.")
    workshop.set_ambition(sid, "developing-talent", "innovator", date(2029, 3, 31))
    workshop.set_last_area(sid, "developing-talent")
    workshop.sign_off(sid, "Dr Eleri Hughes", "Chief Executive", date(2026, 4, 20))


def record_draft_session(workshop: Workshop) -> None:
    sid = workshop.create_session(
        NewSession(
            organisation_name="North Testshire District Council",
            title="Engaging councillors and senior managers",
            held_on=date(2026, 11, 20),
            facilitator="A. Facilitator",
            pack_id="nps-2018-draft-toolkit",
            participants=(
                ParticipantInput(name="Cllr Jo Marsh", role="Cabinet member", department="Members"),
                ParticipantInput(name="Sam O'Connor", role="Director", department="Place"),
            ),
        )
    )
    area = "engaging-councillors-and-senior-managers"
    workshop.rate(sid, area, "p1", "developing", "influence")
    workshop.rate(sid, area, "p1", "mature", "processes")
    workshop.rate(sid, area, "p2", "minimum", "influence")
    workshop.abstain(sid, area, "p2", "training-and-development")
    workshop.add_participant(sid, "Late Arrival", "Scrutiny officer", "Democratic Services")
    workshop.remove_participant(sid, "p3")
    workshop.justify(sid, area, "Half way: =SUM(A1) and <b>markup</b> typed as text stay text.")
    workshop.update_details(sid, title="Engaging councillors & senior managers (draft)")


def main() -> int:
    target = FIXTURES / f"schema-{HEAD}.db"
    if target.exists() and "--force" not in sys.argv:
        print(f"{target} exists; a fixture is made once per schema revision (--force to replace)")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder))
        with Workshop.open(workspace) as workshop:
            import_file(workshop, TESTS / "fixtures" / "example-council-workshop.json")
            [imported] = workshop.list_sessions()
            workshop.sign_off(
                imported.id, "Chief Executive", "Head of Paid Service", date(2026, 11, 27)
            )
            record_signed_session(workshop)
            record_draft_session(workshop)
            facts = expected_facts(workshop)
        database = sqlite3.connect(workspace.database)  # one self-contained file, no -wal
        database.execute("PRAGMA journal_mode = DELETE")
        database.execute("VACUUM")
        database.close()
        FIXTURES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(workspace.database, target)
    expected = target.with_suffix(".expected.json")
    expected.write_text(
        json.dumps(facts, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {target} and {expected}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
