"""Starting a review: the council (its name, type and GSS code), the title and date, the framework
and areas, who is answering."""

from __future__ import annotations

from npsworkshop.errors import UserError
from npsworkshop.framework.loader import LoadedPack, available_packs
from npsworkshop.framework.models import Pack
from npsworkshop.review.checks import date_check, gss_code_check, parse_date, text_check
from npsworkshop.review.context import Review
from npsworkshop.review.prompts import Heading, Option, answered
from npsworkshop.review.wording import wrap
from npsworkshop.workshop.inputs import NewSession

OTHER = "other"
# The contract's council type ids (CONTRACT §9), which the app and the regional store use too.
ORGANISATION_TYPES: tuple[tuple[str, str], ...] = (
    ("county", "County council"),
    ("district", "District council"),
    ("unitary", "Unitary authority"),
    ("metropolitan district", "Metropolitan district (metropolitan borough)"),
    ("london borough", "London borough"),
    (OTHER, "Something else (type it)"),
)
PREFERRED_PACK = "nps-2018"


def new_session(review: Review) -> str:
    """Ask what a session needs, create it, and return its id."""
    p = review.prompter
    review.say("", "A new review. It is saved once you have chosen the areas to assess.")
    organisation = answered(
        p.text("Which council is this for?", check=text_check("The council's name"))
    )
    kind = answered(
        p.select(
            "What type of council is it?",
            [Option(title, value) for value, title in ORGANISATION_TYPES],
        )
    )
    if kind == OTHER:
        kind = answered(
            p.text("Type of organisation (optional):", check=text_check("The type", "line"))
        )
    code = answered(
        p.text(
            "Its GSS code (optional; E or W and 8 digits, e.g. E08000035):",
            check=gss_code_check,
        )
    )
    title = answered(
        p.text(
            "Title of this review:",
            default=f"Procurement maturity self-review {review.today.year}",
            check=text_check("The title", "title"),
        )
    )
    held_on = answered(
        p.text(
            "Date of the review (YYYY-MM-DD):",
            default=review.today.isoformat(),
            check=date_check("The date", required=True),
        )
    )
    loaded = choose_pack(review)
    scope = choose_scope(review, loaded.pack)
    draft = NewSession(
        organisation_name=organisation,
        organisation_type=kind,
        organisation_code=code.strip() or None,
        title=title,
        held_on=parse_date(held_on),
        pack_id=loaded.pack.id,
        scope=tuple(scope),
    )
    session_id = review.workshop.create_session(draft)
    review.say(f"Saved. From now on every answer is saved as you give it (session {session_id}).")
    return session_id


def choose_pack(review: Review) -> LoadedPack:
    packs = available_packs(review.workshop.workspace.root)
    if not packs:
        raise UserError(
            "no framework packs are installed; see `npsworkshop content check` "
            f"or add one under {review.workshop.workspace.content_dir}"
        )
    if len(packs) == 1:
        only = next(iter(packs.values()))
        review.say(f"Framework: {only.pack.title} (version {only.pack.version}).")
        return only
    ids = list(packs)
    chosen = answered(
        review.prompter.select(
            "Which framework?",
            [Option(f"{packs[i].pack.title} (version {packs[i].pack.version})", i) for i in ids],
            default=PREFERRED_PACK if PREFERRED_PACK in packs else ids[0],
        )
    )
    return packs[chosen]


def choose_scope(review: Review, pack: Pack) -> list[str]:
    """The areas to assess now: every one ticked to begin with."""
    options: list[Option[str] | Heading] = []
    for theme in pack.themes:
        members = [a for a in pack.key_areas if a.theme == theme.id]
        if members:
            options.append(Heading(f"Theme: {theme.title}"))
            options += [Option(a.title, a.id, checked=True) for a in members]
    if pack.enablers:
        options.append(Heading("Enablers"))
        options += [Option(a.title, a.id, checked=True) for a in pack.enablers]
    return answered(
        review.prompter.checkbox(
            "Which areas will you assess now?",
            options,
            check=lambda chosen: None if chosen else "Choose at least one area (space ticks it).",
        )
    )


def ask_people(review: Review) -> None:
    """Who is answering; asked until nobody else is, each person saved as they are named."""
    snap = review.snapshot()
    people = list(snap.record.participants)
    if people:
        named = ", ".join(f"{p.name} ({p.department})" if p.department else p.name for p in people)
        review.say("", f"Answering: {named}.")
        more = answered(review.prompter.confirm("Is anyone else answering?", default=False))
    else:
        review.say(
            "",
            wrap(
                "Who is answering? With more than one person, each gives a level for every area "
                "and the council's level is the lowest level anyone gives.",
                review.width,
            ),
        )
        more = True
    while more:
        taken = {p.name.casefold() for p in people}

        def check(value: str, taken: set[str] = taken) -> str | None:
            if value.strip().casefold() in taken:
                return f"{value.strip()} is already answering; give another name."
            return text_check("The name")(value)

        which = "first person" if not people else "next person"
        name = answered(review.prompter.text(f"Name of the {which} answering:", check=check))
        department = answered(
            review.prompter.text(
                f"{name.strip()}'s department or service (optional):",
                check=text_check("The department", "line"),
            )
        )
        review.workshop.add_participant(review.session, name, department=department)
        people = list(review.snapshot().record.participants)
        more = answered(review.prompter.confirm("Is anyone else answering?", default=False))
