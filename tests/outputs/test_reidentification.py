"""The red team's attack on anonymous output (R7), written as tests: someone holds the named
committee paper (its attendees table: name, role, department, normally public) and an anonymous
export of the same signed session, without rating notes. They must not be able to say which
letter is which person, neither by lining the letters up with the named list nor by recomputing
a digest printed in the anonymous output for each guess until one matches."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pikepdf

from npsworkshop.assessment.record import fingerprint
from npsworkshop.assessment.snapshot import SessionSnapshot
from npsworkshop.exporting import SECRET_NAME, anonymity_key, export_session
from npsworkshop.report.anonymity import letters
from npsworkshop.workshop import Workshop
from report.report_data import all_text, flat, imported

from .helpers import HOSTILE, hostile_document, json_of, text_of

FORMATS = ("pdf", "docx", "csv", "json")
KEY = bytes(range(32))  # a fixed workspace secret, so the test is the same every run
HEX_RUN = re.compile(r"[0-9a-f]{16,}")


def _signed_without_notes(workshop: Workshop) -> SessionSnapshot:
    doc = hostile_document()
    for area in doc["areas"].values():
        for rating in area["ratings"]:
            rating.pop("note", None)  # nothing the anonymous output leaves out but names
    return imported(workshop, doc, sign_off=("Rhian Hughes", "Head of Procurement"))


def _exports(workshop: Workshop, snapshot: SessionSnapshot, folder: Path) -> dict[str, str]:
    """What a reader sees in each anonymous format (both CSV files together)."""
    seen: dict[str, str] = {}
    for fmt in FORMATS:
        paths = export_session(
            workshop, snapshot.id, fmt, folder / f"anon.{fmt}", anonymous=True, force=True
        )
        seen[fmt] = "\n".join(text_of(path) for path in paths)
        if fmt == "pdf":  # and what a PDF says about itself (keywords, XMP)
            with pikepdf.open(paths[0]) as pdf:
                seen["pdf metadata"] = f"{dict(pdf.docinfo)} {pdf.open_metadata()}"
    return seen


def _named_attendees(workshop: Workshop, snapshot: SessionSnapshot, folder: Path) -> list[str]:
    """The attendees in the order the named committee paper lists them."""
    [named] = export_session(workshop, snapshot.id, "pdf", folder / "named.pdf")
    text = all_text(named.read_bytes())
    table = text[text.index("Attendees Name Role Department") :]
    names = [flat(name) for name, _ in HOSTILE]
    return sorted(names, key=table.index)


def test_the_letters_cannot_be_lined_up_with_the_named_attendees(
    workshop: Workshop, tmp_path: Path
) -> None:
    snapshot = _signed_without_notes(workshop)
    attendees = _named_attendees(workshop, snapshot, tmp_path)
    people = snapshot.record.participants
    # The named paper lists people by name, not in the record's order (which nothing shows).
    assert attendees == sorted(attendees, key=str.casefold)
    assert attendees != [flat(p.name) for p in people]
    # The attack: letter A is the first attendee listed, B the second... (or the record's order).
    by_paper = {chr(ord("A") + i): name for i, name in enumerate(attendees)}
    by_record = {chr(ord("A") + i): flat(p.name) for i, p in enumerate(people)}

    def truth(key: bytes) -> dict[str, str]:
        return {
            letter: flat(snapshot.participant(person).name)
            for person, letter in letters(snapshot, key).items()
        }

    # The session id is new each run, so under any one key the letters line up with either
    # order by chance once in 60 runs (5 people); how often that happens across keys is the
    # next test's. Here: a key under which they do not, and the outputs follow that key.
    key = next(
        k
        for k in (KEY, *(bytes([n]) * 32 for n in range(8)))
        if truth(k) not in (by_paper, by_record)
    )
    (workshop.workspace.sessions_dir / SECRET_NAME).write_bytes(key)
    assert anonymity_key(workshop) == key
    data = json_of(
        export_session(workshop, snapshot.id, "json", tmp_path / "a.json", anonymous=True)[0]
    )
    for area in snapshot.areas:
        assert area.result is not None
        weakest = sorted(letters(snapshot, key)[person] for person in area.result.weakest_by)
        assert data["areas"][area.id]["result"]["weakest_by"] == weakest
        given = [r["participant"] for r in data["areas"][area.id]["ratings"]]
        assert given == sorted(given)  # letter order, not the record's


def test_the_letters_follow_the_key_not_the_names_or_the_record(workshop: Workshop) -> None:
    """Over many workspaces (keys), the letters land on people in many different ways, and line
    up with the name order or the record's order no more often than chance (1 in 120)."""
    snapshot = _signed_without_notes(workshop)
    by_name = sorted(snapshot.record.participants, key=lambda p: flat(p.name).casefold())
    name_order = [p.key for p in by_name]
    record_order = [p.key for p in snapshot.record.participants]
    orders = [list(letters(snapshot, bytes([seed]) * 32)) for seed in range(100)]
    assert len({tuple(order) for order in orders}) > 40
    assert sum(order == name_order for order in orders) <= 3
    assert sum(order == record_order for order in orders) <= 3


def test_no_digest_in_anonymous_output_confirms_a_guess(workshop: Workshop, tmp_path: Path) -> None:
    snapshot = _signed_without_notes(workshop)
    record, signed = snapshot.record, snapshot.record.sign_off
    assert signed is not None
    seen = _exports(workshop, snapshot, tmp_path)
    # The attack: give the attendees' names, roles and departments to the participants in every
    # possible way and recompute the fingerprint the product signs with; a guess is confirmed
    # when its digest (or its first 16 characters) is printed in the anonymous output.
    facts = [(p.name, p.role, p.department) for p in record.participants]
    confirmed = []
    for guess in itertools.permutations(facts):
        people = tuple(
            p.model_copy(update={"name": n, "role": r, "department": d})
            for p, (n, r, d) in zip(record.participants, guess, strict=True)
        )
        candidate = record.model_copy(update={"participants": people})
        digest = fingerprint(candidate, signed.name, signed.role, signed.signed_on.isoformat())
        if any(digest[:16] in text for text in seen.values()):
            confirmed.append(guess)
    assert confirmed == []
    # The attack computes the real digest: with the names in place it is the named fingerprint.
    real = fingerprint(record, signed.name, signed.role, signed.signed_on.isoformat())
    assert real == signed.fingerprint
    pack = snapshot.record.framework.sha256  # the framework pack's digest: public, no people
    for fmt, text in seen.items():
        assert [run for run in HEX_RUN.findall(text) if run != pack] == [], fmt
