"""What the benchmarks work on: nps-2018 sessions of any size as interchange documents (CONTRACT §4).

The shipped `content/nps-2018` pack is used when it loads; until it does, a stand-in with the
contract's 14 area ids and descriptors of a realistic length is written into the bench workspace.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from npsworkshop.errors import Failure, UserError
from npsworkshop.framework.levels import LEVELS, ordinal
from npsworkshop.framework.loader import find_pack, load_pack
from npsworkshop.framework.models import Pack
from npsworkshop.workshop import Workshop
from npsworkshop.workspace import Workspace

PACK_ID = "nps-2018"

THEMES = {
    "showing-leadership": (
        "engaging-councillors",
        "engaging-senior-managers",
        "working-with-partners",
        "engaging-strategic-suppliers",
    ),
    "behaving-commercially": (
        "creating-commercial-opportunities",
        "managing-contracts-and-relationships",
        "managing-strategic-risk",
    ),
    "achieving-community-benefits": (
        "obtaining-social-value",
        "engaging-local-smes-and-micro-businesses",
        "enabling-vcse-engagement",
    ),
}
ENABLERS = (
    "developing-talent",
    "exploiting-digital-technology",
    "enabling-innovation",
    "embedding-change",
)

WORD_TEXT = (
    "procurement commissioning contract category supplier council market social value outcome "
    "evidence strategy cabinet member portfolio spend analysis framework tender lot officer "
    "directorate adults children’s services highways waste housing capital revenue budget risk "
    "register mitigation partnership collaboration regional consortium SME micro-business VCSE "
    "local economy apprenticeship carbon net-zero monitoring KPI performance review quarterly "
    "report board scrutiny committee training skills development digital e-tendering pipeline "
    "forward plan £250k threshold – compliance audit transparency innovation pilot"
)
WORDS = tuple(WORD_TEXT.split())


def text(rng: random.Random, words: int) -> str:
    """Plausible long text: sentences of procurement words, with non-ASCII characters in it."""
    sentences: list[str] = []
    left = words
    while left > 0:
        length = min(left, rng.randint(8, 18))
        chosen = [rng.choice(WORDS) for _ in range(length)]
        sentences.append(" ".join(chosen).capitalize() + ".")
        left -= length
    return " ".join(sentences)


def _descriptors(rng: random.Random, words: int = 45) -> str:
    return "{" + ", ".join(f"{lv} = {json.dumps(text(rng, words))}" for lv in LEVELS) + "}"


def stand_in_pack() -> str:
    """A pack TOML with the contract's ids (CONTRACT §1) and descriptors of a realistic length."""
    rng = random.Random(2018)
    lines = [
        f'id = "{PACK_ID}"',
        'title = "National Procurement Strategy 2018 (benchmark stand-in)"',
        'version = "bench"',
        'publisher = "npsworkshop benchmarks"',
        'source = "bench/workload.py"',
        'attribution = "Generated text standing in for the strategy."',
        "levels = [" + ", ".join(f'{{id = "{lv}", title = "{lv.title()}"}}' for lv in LEVELS) + "]",
    ]
    for theme in THEMES:
        lines += ["", "[[themes]]", f'id = "{theme}"', f"title = {json.dumps(theme.title())}"]
    for theme, areas in THEMES.items():
        for area in areas:
            lines += [
                "",
                "[[key_areas]]",
                f'id = "{area}"',
                f'theme = "{theme}"',
                f"title = {json.dumps(area.replace('-', ' ').capitalize())}",
                f"description = {json.dumps(text(rng, 60))}",
                f"levels = {_descriptors(rng)}",
            ]
    for area in ENABLERS:
        lines += [
            "",
            "[[enablers]]",
            f'id = "{area}"',
            f"title = {json.dumps(area.replace('-', ' ').capitalize())}",
            f"levels = {_descriptors(rng)}",
        ]
    return "\n".join(lines) + "\n"


def prepare_workspace(root: Path) -> tuple[Workspace, Pack, str]:
    """A workspace with a migrated database and an nps-2018 pack; says which pack it is."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        loaded = find_pack(PACK_ID)
        pack, origin = loaded.pack, f"shipped {PACK_ID} {loaded.pack.version}"
    except (UserError, Failure):
        folder = root / "content" / PACK_ID
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "pack.toml").write_text(stand_in_pack(), encoding="utf-8")
        pack, origin = load_pack(folder).pack, f"stand-in {PACK_ID} (bench/workload.py)"
    workspace = Workspace(root)
    Workshop.open(workspace).close()
    return workspace, pack, origin


def session_document(
    pack: Pack,
    participants: int,
    actions: int,
    *,
    signed: bool = False,
    seed: int = 7,
    long_texts: bool = True,
) -> dict[str, Any]:
    """A whole workshop: everyone rates every row of every area, evidence, ambitions, actions."""
    rng = random.Random(seed)
    people = [
        {
            "id": f"p{n}",
            "name": f"Participant {n} Ó’Brien-Smith",
            "role": rng.choice(["Category manager", "Head of Finance", "Commissioner", "Officer"]),
            "department": rng.choice(
                ["Adults and Health", "Children’s Services", "Place", "Resources"]
            ),
        }
        for n in range(1, participants + 1)
    ]
    areas: dict[str, Any] = {}
    area_list = pack.areas()
    held_on = date(2026, 11, 20)
    for area in area_list:
        rows: list[str | None] = [d.id for d in area.dimensions] or [None]
        ratings: list[dict[str, Any]] = []
        for person in people:
            for row in rows:
                level = None if rng.random() < 0.1 else rng.choice(LEVELS[:4])
                rating: dict[str, Any] = {"participant": person["id"], "level": level}
                if row is not None:
                    rating["dimension"] = row
                if long_texts and rng.random() < 0.35:
                    rating["note"] = text(rng, 50)
                ratings.append(rating)
        rated = [r["level"] for r in ratings if r["level"] is not None]
        weakest = min((ordinal(lv) for lv in rated), default=1)
        areas[area.id] = {
            "ratings": ratings,
            "justification": text(rng, 250 if long_texts else 12),
            "agreed_level": None,
            "moderation_reason": None,
            "ambition": {
                "level": LEVELS[min(weakest, len(LEVELS) - 1)],
                "by": (held_on + timedelta(days=rng.randint(180, 900))).isoformat(),
                "rationale": text(rng, 80 if long_texts else 8),
            },
            "actions": [],
        }
    statuses = ("open", "in-progress", "done", "dropped", "open")
    for n in range(actions):
        area = area_list[n % len(area_list)]
        areas[area.id]["actions"].append(
            {
                "title": text(rng, rng.randint(8, 30))[:300].rstrip(),
                "owner": rng.choice(
                    ["Head of Procurement", "Director of Resources", "Cabinet Member"]
                ),
                "due": (held_on + timedelta(days=rng.randint(30, 700))).isoformat(),
                "status": statuses[n % len(statuses)],
            }
        )
    return {
        "format": "npsworkshop/session",
        "format_version": 1,
        "framework": {"id": pack.id},
        "organisation": {"name": "Benchmark Metropolitan Borough Council", "type": "metropolitan"},
        "title": f"Procurement maturity baseline ({participants} participants, {actions} actions)",
        "held_on": held_on.isoformat(),
        "facilitator": "A. Facilitator",
        "participants": people,
        "areas": areas,
        "sign_off": {
            "name": "Chief Executive",
            "role": "Head of Paid Service",
            "signed_on": "2026-11-25",
        }
        if signed
        else None,
    }


def records(document: dict[str, Any]) -> int:
    """How big a session is: participants, ratings and actions."""
    areas = document["areas"].values()
    return (
        len(document["participants"])
        + sum(len(a["ratings"]) for a in areas)
        + sum(len(a["actions"]) for a in areas)
    )


def write_document(path: Path, document: dict[str, Any]) -> Path:
    if document.get("sign_off") and "fingerprint" not in document:
        document = signed_export(document)  # import refuses a sign-off without its fingerprint
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def signed_export(document: dict[str, Any]) -> dict[str, Any]:
    """`document` as its council's machine exports it once signed off: with its fingerprint."""
    import tempfile

    from npsworkshop.interchange.json_format import export_document, import_document, parse_document

    signed = document["sign_off"]
    with tempfile.TemporaryDirectory() as folder, Workshop.open(Workspace(Path(folder))) as shop:
        draft = parse_document({**document, "sign_off": None}, "bench")
        session_id = import_document(shop, draft, "bench")
        when = date.fromisoformat(signed["signed_on"])
        shop.sign_off(session_id, signed["name"], signed["role"], when, today=when)
        return export_document(shop.snapshot(session_id))
