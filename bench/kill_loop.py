"""Kill a writing npsworkshop process again and again; prove nothing acknowledged is lost.

    python bench/kill_loop.py --kills 500

Each round starts a writer on the same workspace (a forked child; a fresh interpreter with
--spawn). It opens the service as the app does, claims a session, then makes random changes
through the service: ratings, notes, justifications, actions added and removed, participants,
whole sessions imported from a file (some signed off) and sign-offs. It prints what it is about to
do (`I {...}`) and, once the call has returned, an acknowledgement (`A {...}`), flushed. The loop
kills it with SIGKILL at a random moment (some during start-up: opening, the quick check, the
backup) and then checks, before the next round:

- `PRAGMA integrity_check` is ok;
- every acknowledged change is there (the one change in flight may or may not be);
- no session is half-written: every imported session has all its participants, ratings and
  actions, and its sign-off if it had one, or it is not there at all;
- the claim died with its holder (the next writer claims the same session at once).

At the end the service opens the workspace normally: every signed-off session verifies against
its fingerprint, none is flagged as tampered, every backup passes `integrity_check`.
Exit status 0 when every check passed. `--json` prints the figures as JSON for the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

PACK = "nps-2018"
LEVELS = ["minimum", "developing", "mature", "leader", "innovator"]
WEIGHTS = {
    "rate": 30,
    "note": 8,
    "justify": 12,
    "add_action": 10,
    "remove_action": 5,
    "add_participant": 5,
    "import": 8,
    "sign_off": 2,
}
BASE_SESSIONS = 2


# The writer ------------------------------------------------------------------------------------


def _import_document(
    rng: random.Random, title: str, areas: list[str], signed: bool
) -> dict[str, Any]:
    people = rng.randint(3, 8)
    document: dict[str, Any] = {
        "format": "npsworkshop/session",
        "format_version": 1,
        "framework": {"id": PACK},
        "organisation": {"name": "Killtest Borough Council", "type": "district"},
        "title": title,
        "held_on": "2026-11-20",
        "facilitator": "Kill Loop",
        "participants": [
            {"id": f"p{i}", "name": f"Person {i}", "role": "Officer", "department": "Dept"}
            for i in range(1, people + 1)
        ],
        "areas": {},
        "sign_off": {
            "name": "Chief Executive",
            "role": "Head of Paid Service",
            "signed_on": "2026-11-21",
        }
        if signed
        else None,
    }
    for area in areas:
        document["areas"][area] = {
            "ratings": [
                {"participant": f"p{i}", "level": rng.choice(LEVELS), "note": f"note {i}"}
                for i in range(1, people + 1)
            ],
            "justification": f"Evidence for {area} in {title}.",
            "ambition": {"level": "innovator", "by": "2028-03-31", "rationale": "Because."},
            "actions": [
                {"title": f"{title} action {n}", "owner": "Head of Procurement", "status": "open"}
                for n in range(rng.randint(1, 2))
            ],
        }
    return document


def writer(root: Path, seed: int, log_path: Path) -> None:
    """Make random changes until killed, announcing each before and acknowledging it after."""
    out = open(log_path, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives until killed

    def say(tag: str, **fields: Any) -> None:
        out.write(f"{tag} {json.dumps(fields)}\n")
        out.flush()

    say("S")
    from npsworkshop.framework.loader import find_pack
    from npsworkshop.interchange.json_format import import_file
    from npsworkshop.store.lock import HeldBy
    from npsworkshop.workshop import Workshop
    from npsworkshop.workshop.inputs import NewSession, ParticipantInput
    from npsworkshop.workspace import Workspace

    rng = random.Random(seed)
    workshop = Workshop.open(Workspace(root))
    say("R")
    areas = list(find_pack(PACK, root).pack.area_ids())
    with contextlib.closing(
        sqlite3.connect(Workspace(root).database)
    ) as db:  # cheaper than listing
        base = [
            r[0] for r in db.execute("SELECT id FROM workshop_session WHERE title LIKE 'base-%'")
        ]
        drafts = [
            r[0]
            for r in db.execute(
                "SELECT id FROM workshop_session WHERE title LIKE 'import-%' "
                "AND id NOT IN (SELECT session_id FROM sign_off)"
            )
        ]
    number = 0
    while len(base) < BASE_SESSIONS:
        number += 1
        title = f"base-{seed}-{number}"
        say("I", op="create", title=title)
        sid = workshop.create_session(
            NewSession(
                organisation_name="Killtest Borough Council",
                title=title,
                held_on=date(2026, 11, 20),
                pack_id=PACK,
                participants=(ParticipantInput(name="Base One"), ParticipantInput(name="Base Two")),
            )
        )
        say("A", id=sid)
        base.append(sid)
    claimed = rng.choice(base)
    claim = workshop.claim(claimed, "the kill loop's writer")
    if isinstance(claim, HeldBy):
        say("E", problem=f"claim outlived its holder: {claim.message()}")
        out.close()
        os._exit(3)
    say("C", sid=claimed)
    people: dict[str, list[str]] = {}
    rated: dict[str, list[tuple[str, str]]] = {}
    actions: dict[str, list[int]] = {}
    for sid in base:
        snap = workshop.snapshot(sid)
        people[sid] = [p.key for p in snap.record.participants]
        rated[sid] = [(r.area, r.participant) for r in snap.record.ratings]
        actions[sid] = [a.id for a in snap.record.actions]
    ops = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    imports_dir = root / "imports"
    imports_dir.mkdir(exist_ok=True)
    while True:
        number += 1
        op = rng.choices(ops, weights)[0]
        sid = rng.choice(base)
        tag = f"{seed}-{number}"
        if op == "rate":
            area, person = rng.choice(areas), rng.choice(people[sid])
            level = rng.choice([*LEVELS, None])
            say("I", op=op, sid=sid, area=area, p=person, level=level)
            workshop.rate(sid, area, person, level)
            rated[sid].append((area, person))
            say("A")
        elif op == "note" and rated[sid]:
            area, person = rng.choice(rated[sid])
            say("I", op=op, sid=sid, area=area, p=person, text=f"n-{tag}")
            workshop.set_note(sid, area, person, f"n-{tag}")
            say("A")
        elif op == "justify":
            area = rng.choice(areas)
            say("I", op=op, sid=sid, area=area, text=f"j-{tag}")
            workshop.justify(sid, area, f"j-{tag}")
            say("A")
        elif op == "add_action":
            area = rng.choice(areas)
            say("I", op=op, sid=sid, area=area, title=f"a-{tag}")
            action_id = workshop.add_action(sid, area, f"a-{tag}", "Owner")
            actions[sid].append(action_id)
            say("A", action_id=action_id)
        elif op == "remove_action" and actions[sid]:
            action_id = actions[sid].pop(rng.randrange(len(actions[sid])))
            say("I", op=op, sid=sid, action_id=action_id)
            workshop.remove_action(sid, action_id)
            say("A")
        elif op == "add_participant":
            say("I", op=op, sid=sid, name=f"p-{tag}")
            key = workshop.add_participant(sid, f"p-{tag}", "Officer")
            people[sid].append(key)
            say("A", key=key)
        elif op == "import":
            signed = rng.random() < 0.25
            document = _import_document(rng, f"import-{tag}", areas, signed)
            if signed:  # as exported once signed off: import refuses a sign-off without it
                from workload import signed_export

                document = signed_export(document)
            path = imports_dir / f"import-{seed}.json"
            path.write_text(json.dumps(document), encoding="utf-8")
            expected = {
                "participants": len(document["participants"]),
                "ratings": sum(len(a["ratings"]) for a in document["areas"].values()),
                "actions": sum(len(a["actions"]) for a in document["areas"].values()),
                "outcomes": len(document["areas"]),
                "signed": signed,
            }
            say("I", op=op, title=document["title"], expected=expected)
            new_id = import_file(workshop, path)
            if not signed:
                drafts.append(new_id)
            say("A", id=new_id)
        elif op == "sign_off" and drafts:
            target = drafts.pop(rng.randrange(len(drafts)))
            say("I", op=op, sid=target)
            fingerprint = workshop.sign_off(target, "Chief Executive", "Head of Paid Service")
            say("A", fingerprint=fingerprint)


# The checker ------------------------------------------------------------------------------------


@dataclass
class Model:
    """What the database must hold: every acknowledged change."""

    ratings: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    notes: dict[tuple[str, str, str], str] = field(default_factory=dict)
    justifications: dict[tuple[str, str], str] = field(default_factory=dict)
    actions: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (session, title)
    participants: dict[tuple[str, str], str] = field(default_factory=dict)
    imports: dict[str, dict[str, Any]] = field(default_factory=dict)  # title -> expected
    import_ids: dict[str, str] = field(default_factory=dict)  # title -> id
    signed: dict[str, str] = field(default_factory=dict)  # id -> fingerprint
    sessions: set[str] = field(default_factory=set)
    base_titles: dict[str, str] = field(default_factory=dict)  # title -> id


@dataclass
class Figures:
    kills: int = 0
    kills_in_start_up: int = 0
    acknowledged: int = 0
    lost: int = 0
    half_written: int = 0
    integrity_failures: int = 0
    stale_claims: int = 0
    writer_failures: int = 0
    in_flight: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(text)


def _parse(log_path: Path) -> list[tuple[str, dict[str, Any]]]:
    lines: list[tuple[str, dict[str, Any]]] = []
    for raw in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        tag, _, rest = raw.partition(" ")
        try:
            lines.append((tag, json.loads(rest) if rest else {}))
        except ValueError:
            continue  # a line cut short by the kill
    return lines


def _apply(model: Model, intent: dict[str, Any], ack: dict[str, Any]) -> None:
    op = intent["op"]
    if op == "create":
        model.sessions.add(ack["id"])
        model.base_titles[intent["title"]] = ack["id"]
    elif op == "rate":
        model.ratings[(intent["sid"], intent["area"], intent["p"])] = intent["level"]
    elif op == "note":
        model.notes[(intent["sid"], intent["area"], intent["p"])] = intent["text"]
    elif op == "justify":
        model.justifications[(intent["sid"], intent["area"])] = intent["text"]
    elif op == "add_action":
        model.actions[ack["action_id"]] = (intent["sid"], intent["title"])
    elif op == "remove_action":
        model.actions.pop(intent["action_id"], None)
    elif op == "add_participant":
        model.participants[(intent["sid"], ack["key"])] = intent["name"]
    elif op == "import":
        model.imports[intent["title"]] = intent["expected"]
        model.import_ids[intent["title"]] = ack["id"]
        model.sessions.add(ack["id"])
        if intent["expected"]["signed"]:
            model.signed[ack["id"]] = ""
    elif op == "sign_off":
        model.signed[intent["sid"]] = ack["fingerprint"]


def _rating(db: sqlite3.Connection, sid: str, area: str, person: str) -> tuple[bool, Any, Any]:
    row = db.execute(
        "SELECT r.level, r.note FROM rating r JOIN participant p ON p.id = r.participant_id "
        "WHERE r.session_id = ? AND r.area_id = ? AND p.key = ? AND r.dimension_id = ''",
        (sid, area, person),
    ).fetchone()
    return (row is not None, row[0] if row else None, row[1] if row else None)


def _settle_in_flight(
    db: sqlite3.Connection, model: Model, intent: dict[str, Any], figures: Figures
) -> None:
    """The change in flight at the kill may or may not have landed; it must be all or nothing,
    and the model takes whichever it was."""
    op = intent["op"]
    figures.in_flight[op] += 1
    if op == "create":
        rows = db.execute(
            "SELECT id FROM workshop_session WHERE title = ?", (intent["title"],)
        ).fetchall()
        if len(rows) == 1:
            model.sessions.add(rows[0][0])
            model.base_titles[intent["title"]] = rows[0][0]
    elif op == "rate":
        key = (intent["sid"], intent["area"], intent["p"])
        exists, level, _ = _rating(db, *key)
        before = model.ratings.get(key, "absent")
        now = level if exists else "absent"
        if now not in (before, intent["level"]):
            figures.problem(f"rating {key} is {now!r}: neither {before!r} nor {intent['level']!r}")
            figures.lost += 1
        if exists:
            model.ratings[key] = level
    elif op == "note":
        key = (intent["sid"], intent["area"], intent["p"])
        _, _, note = _rating(db, *key)
        if note is not None:
            model.notes[key] = note
    elif op == "justify":
        row = db.execute(
            "SELECT justification FROM area_outcome WHERE session_id = ? AND area_id = ?",
            (intent["sid"], intent["area"]),
        ).fetchone()
        if row is not None and row[0] is not None:
            model.justifications[(intent["sid"], intent["area"])] = row[0]
    elif op == "add_action":
        rows = db.execute("SELECT id FROM action WHERE title = ?", (intent["title"],)).fetchall()
        if len(rows) > 1:
            figures.problem(f"action {intent['title']} was added {len(rows)} times")
        for (action_id,) in rows:
            model.actions[action_id] = (intent["sid"], intent["title"])
    elif op == "remove_action":
        row = db.execute("SELECT 1 FROM action WHERE id = ?", (intent["action_id"],)).fetchone()
        if row is None:
            model.actions.pop(intent["action_id"], None)
    elif op == "add_participant":
        rows = db.execute(
            "SELECT key FROM participant WHERE session_id = ? AND name = ?",
            (intent["sid"], intent["name"]),
        ).fetchall()
        for (key,) in rows:
            model.participants[(intent["sid"], key)] = intent["name"]
    elif op == "import":
        rows = db.execute(
            "SELECT id FROM workshop_session WHERE title = ?", (intent["title"],)
        ).fetchall()
        if rows:
            model.imports[intent["title"]] = intent["expected"]
            model.import_ids[intent["title"]] = rows[0][0]
            model.sessions.add(rows[0][0])
            if intent["expected"]["signed"]:
                model.signed[rows[0][0]] = ""
    elif op == "sign_off":
        row = db.execute(
            "SELECT fingerprint FROM sign_off WHERE session_id = ?", (intent["sid"],)
        ).fetchone()
        if row is not None:
            model.signed[intent["sid"]] = row[0]


def _count(db: sqlite3.Connection, table: str, sid: str) -> int:
    return int(
        db.execute(f"SELECT count(*) FROM {table} WHERE session_id = ?", (sid,)).fetchone()[0]
    )


def check(database: Path, model: Model, in_flight: dict[str, Any] | None, figures: Figures) -> None:
    """Everything acknowledged is there; the change in flight is all or nothing; no half sessions."""
    if not database.exists():  # killed before the first writer made it
        if model.sessions:
            figures.lost += len(model.sessions)
            figures.problem("the database is gone")
        return
    db = sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        verdict = db.execute("PRAGMA integrity_check").fetchall()
        if verdict != [("ok",)]:
            figures.integrity_failures += 1
            figures.problem(f"integrity_check: {verdict[:3]}")
        if in_flight is not None:
            _settle_in_flight(db, model, in_flight, figures)
        for (sid, area, person), level in model.ratings.items():
            exists, found, _ = _rating(db, sid, area, person)
            if not exists or found != level:
                figures.lost += 1
                figures.problem(
                    f"rating {sid}/{area}/{person}: expected {level!r}, found {found!r}"
                )
        for (sid, area, person), text in model.notes.items():
            if _rating(db, sid, area, person)[2] != text:
                figures.lost += 1
                figures.problem(f"note {sid}/{area}/{person}: expected {text!r}")
        for (sid, area), text in model.justifications.items():
            row = db.execute(
                "SELECT justification FROM area_outcome WHERE session_id = ? AND area_id = ?",
                (sid, area),
            ).fetchone()
            if row is None or row[0] != text:
                figures.lost += 1
                figures.problem(f"justification {sid}/{area}: expected {text!r}")
        present = {
            action_id: (sid, title)
            for action_id, sid, title in db.execute(
                "SELECT id, session_id, title FROM action WHERE title LIKE 'a-%'"
            )
        }
        if present != model.actions:
            missing = set(model.actions) - set(present)
            extra = set(present) - set(model.actions)
            figures.lost += len(missing)
            figures.problem(
                f"actions: missing {sorted(missing)[:5]}, unexpected {sorted(extra)[:5]}"
            )
        for (sid, key), name in model.participants.items():
            row = db.execute(
                "SELECT name FROM participant WHERE session_id = ? AND key = ?", (sid, key)
            ).fetchone()
            if row is None or row[0] != name:
                figures.lost += 1
                figures.problem(f"participant {sid}/{key}: expected {name!r}")
        sessions = {
            sid: title for sid, title in db.execute("SELECT id, title FROM workshop_session")
        }
        for sid in model.sessions - set(sessions):
            figures.lost += 1
            figures.problem(f"session {sid} is missing")
        for sid in set(sessions) - model.sessions:
            figures.problem(f"session {sid} ({sessions[sid]}) was never asked for")
            figures.half_written += 1
        signed = dict(db.execute("SELECT session_id, fingerprint FROM sign_off").fetchall())
        for title, expected in model.imports.items():
            sid = model.import_ids[title]
            found = {
                "participants": _count(db, "participant", sid),
                "ratings": _count(db, "rating", sid),
                "actions": _count(db, "action", sid),
                "outcomes": _count(db, "area_outcome", sid),
                "signed": sid in signed,
            }
            if any(found[k] != expected[k] for k in found if k != "signed") or (
                expected["signed"] and not found["signed"]
            ):
                figures.half_written += 1
                figures.problem(f"imported session {title} is half-written: {found} != {expected}")
        for sid, fingerprint in model.signed.items():
            if sid not in signed or (fingerprint and signed[sid] != fingerprint):
                figures.lost += 1
                figures.problem(f"sign-off of {sid} is missing or changed")
    finally:
        db.close()


def _start(
    root: Path, seed: int, log_path: Path, err_path: Path, spawn: bool
) -> int | subprocess.Popen[bytes]:
    if spawn or not hasattr(os, "fork"):
        with open(err_path, "wb") as err:
            return subprocess.Popen(
                [sys.executable, __file__, "--writer", str(root), str(seed), str(log_path)],
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: the writer, until it is killed
        status = 1
        try:
            fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 2)
            writer(root, seed, log_path)
        except BaseException:
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(status)
    return pid


def _kill(child: int | subprocess.Popen[bytes]) -> bool:
    """SIGKILL the writer; True when it was still running (it did not die on its own)."""
    if isinstance(child, subprocess.Popen):
        alive = child.poll() is None
        child.kill()
        child.wait()
        return alive and child.returncode == -signal.SIGKILL
    with contextlib.suppress(ProcessLookupError):
        os.kill(child, signal.SIGKILL)
    _, status = os.waitpid(child, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def _wait_writing(log_path: Path, timeout: float) -> float | None:
    """Wait until the writer has claimed its session and starts changing things; returns how
    long it took to open the service (its "R" line), None if it never got there."""
    started = time.monotonic()
    opened: float | None = None
    while time.monotonic() < started + timeout:
        try:
            text = "\n" + log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            text = ""
        if opened is None and "\nR " in text:
            opened = time.monotonic() - started
        if "\nC " in text:
            return opened
        time.sleep(0.002)
    return None


def run(
    root: Path, kills: int, seed: int, spawn: bool, max_delay: float
) -> tuple[Figures, dict[str, Any]]:
    rng = random.Random(seed)
    figures = Figures()
    model = Model()
    database = root / "sessions" / "npsworkshop.db"
    open_time = 0.1  # how long a writer takes to open the service (a running estimate)
    if not spawn:  # forked writers start from here: load the code once, open nothing
        import npsworkshop.interchange.json_format
        import npsworkshop.workshop  # noqa: F401
    started = time.monotonic()
    for round_number in range(kills):
        log_path = root / "kill-loop.log"
        err_path = root / "kill-loop.err"
        log_path.unlink(missing_ok=True)
        in_start_up = rng.random() < 0.15
        child = _start(root, seed * 1_000_000 + round_number, log_path, err_path, spawn)
        if in_start_up:  # while it opens: the quick check, a migration, a backup
            time.sleep(rng.uniform(0, open_time * 1.2))
        else:
            opened = _wait_writing(log_path, 60)
            if opened is not None:
                open_time = 0.8 * open_time + 0.2 * opened
            time.sleep(rng.uniform(0, max_delay))
        was_running = _kill(child)
        figures.kills += 1
        lines = _parse(log_path) if log_path.exists() else []
        if not any(tag == "R" for tag, _ in lines):
            figures.kills_in_start_up += 1
        if not was_running or any(tag == "E" for tag, _ in lines):
            figures.writer_failures += 1
            errors = [f.get("problem", "") for tag, f in lines if tag == "E"]
            if any("outlived" in e for e in errors):
                figures.stale_claims += 1
            detail = (
                err_path.read_text(encoding="utf-8", errors="replace")[-1500:]
                if err_path.exists()
                else ""
            )
            figures.problem(f"round {round_number}: the writer stopped by itself {errors} {detail}")
        intent: dict[str, Any] | None = None
        for tag, fields in lines:
            if tag == "I":
                intent = fields
            elif tag == "A" and intent is not None:
                _apply(model, intent, fields)
                figures.acknowledged += 1
                intent = None
        check(database, model, intent, figures)
    elapsed = time.monotonic() - started
    return figures, final_check(root, model, figures, elapsed)


def final_check(root: Path, model: Model, figures: Figures, elapsed: float) -> dict[str, Any]:
    """Open the workspace as the app does: everything verifies."""
    from npsworkshop.store import backups
    from npsworkshop.store.recovery import inspect
    from npsworkshop.workshop import Workshop
    from npsworkshop.workspace import Workspace

    with Workshop.open(Workspace(root), backup=False) as workshop:
        summaries = workshop.list_sessions()
        for summary in summaries:
            if summary.tampered:
                figures.problem(f"session {summary.id} flagged as tampered: {summary.tampered}")
            workshop.verified_snapshot(summary.id)
            if workshop.held_by(summary.id) is not None:
                figures.stale_claims += 1
                figures.problem(f"session {summary.id} is still held after its holder died")
    made = backups.list_backups(root / "sessions" / "npsworkshop.db")
    bad = [b.name for b in made if inspect(b.path, quick=False).state != "ok"]
    if bad:
        figures.problem(f"backups that do not verify: {bad}")
    return {
        "sessions": len(summaries),
        "signed_off": sum(1 for s in summaries if s.status == "signed-off"),
        "imported": len(model.imports),
        "backups": len(made),
        "bad_backups": len(bad),
        "seconds": round(elapsed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--kills", type=int, default=int(os.environ.get("NPSWORKSHOP_KILL_LOOPS", "30"))
    )
    parser.add_argument("--seed", type=int, default=None, help="default: random (printed)")
    parser.add_argument("--workspace", type=Path, help="default: a new temporary folder")
    parser.add_argument(
        "--spawn", action="store_true", help="a fresh interpreter per round, not fork"
    )
    parser.add_argument("--max-delay", type=float, default=0.4, help="seconds after ready, at most")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace")
    parser.add_argument(
        "--writer", nargs=3, metavar=("ROOT", "SEED", "LOG"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.writer:
        writer(Path(args.writer[0]), int(args.writer[1]), Path(args.writer[2]))
        return 1
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    root = args.workspace or Path(tempfile.mkdtemp(prefix="npsworkshop-kill-loop-"))
    root.mkdir(parents=True, exist_ok=True)
    figures, final = run(root, args.kills, seed, args.spawn, args.max_delay)
    ok = not figures.problems and figures.lost == 0 and figures.half_written == 0
    summary = {
        "ok": ok,
        "seed": seed,
        "workspace": str(root),
        "kills": figures.kills,
        "kills_in_start_up": figures.kills_in_start_up,
        "acknowledged": figures.acknowledged,
        "lost": figures.lost,
        "half_written": figures.half_written,
        "integrity_failures": figures.integrity_failures,
        "stale_claims": figures.stale_claims,
        "writer_failures": figures.writer_failures,
        "in_flight_at_kill": dict(figures.in_flight),
        "problems": figures.problems,
        **final,
    }
    if ok and args.workspace is None and not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"kill loop (seed {seed}): {figures.kills} kills ({figures.kills_in_start_up} during "
            f"start-up), {figures.acknowledged} changes acknowledged, {figures.lost} lost, "
            f"{figures.half_written} half-written sessions, {figures.integrity_failures} failed "
            f"integrity checks, {figures.stale_claims} stale claims"
        )
        print(f"  change in flight at the kill: {dict(figures.in_flight.most_common())}")
        print(
            f"  at the end: {final['sessions']} sessions ({final['imported']} imported, "
            f"{final['signed_off']} signed off, every fingerprint verified), {final['backups']} "
            f"backups ({final['bad_backups']} failing integrity_check); {final['seconds']} s"
        )
        for problem in figures.problems:
            print(f"  PROBLEM: {problem}")
        print("ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
