"""Reading what a council publishes: signed JSON exports and sessions in its own workspace.

A file is parsed by the interchange module and its fingerprint recomputed with the project's
own fingerprint code over the facts it states; a workspace session goes through the service's
verified snapshot (which also checks the event log). Every argument is read before anything is
written, and every bad one is named, so a batch is published whole or not at all.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from npsworkshop.assessment.snapshot import (
    ActionFact,
    AmbitionFact,
    FrameworkRef,
    OutcomeFact,
    ParticipantFact,
    RatingFact,
    RecordedSession,
    SignOffFact,
)
from npsworkshop.errors import InputError, NotFound, Tampered, UserError
from npsworkshop.framework.loader import find_pack
from npsworkshop.interchange.json_format import SessionDocument, read_document
from npsworkshop.region.publication import Publication, publication_of
from npsworkshop.workspace import Workspace

ANONYMOUS = (
    "anonymous: an anonymous export is a report, not a session record, and cannot be "
    "published; publish the named signed export or the session in its workspace"
)


class BadBatch(UserError):
    """One or more arguments of a publish batch cannot be published; nothing was written."""


def read_publications(arguments: Sequence[str], workspace: Workspace) -> list[Publication]:
    """Every argument as a verified Publication; BadBatch naming each bad one."""
    found: list[Publication] = []
    problems: list[str] = []
    sessions: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if _names_a_file(path):
            try:
                found.append(publication_of_file(path, workspace))
            except UserError as exc:
                problems.append(str(exc))
        else:
            sessions.append(argument)
    if sessions:
        found_sessions, session_problems = _workspace_publications(sessions, workspace)
        found += found_sessions
        problems += session_problems
    if problems:
        noun = "argument" if len(arguments) == 1 else "arguments"
        raise BadBatch(
            f"nothing was published: {len(problems)} of {len(arguments)} {noun} cannot be "
            "published",
            [line for problem in problems for line in problem.splitlines()],
        )
    return found


def _names_a_file(path: Path) -> bool:
    """A file argument rather than a session id: a file, a device or FIFO, or a *.json name."""
    try:
        return path.suffix.lower() == ".json" or (path.exists() and not path.is_dir())
    except OSError:  # a name too long, or a folder on the way that cannot be read
        return path.suffix.lower() == ".json"


def publication_of_file(path: Path, workspace: Workspace) -> Publication:
    """A signed JSON export, verified against its fingerprint; read once, capped, and only from
    a regular file (a FIFO would hang the batch and a device never ends)."""
    source = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise InputError(
                source, ["is not a regular file (a device, pipe or folder); give a signed export"]
            )
    except OSError:
        pass  # read_document says why it cannot be read
    try:
        document = read_document(path)
    except InputError as exc:
        if str(exc).startswith(f"{source}: anonymous:"):  # said in the region's own words
            raise InputError(source, [ANONYMOUS]) from None
        raise
    if getattr(document, "anonymous", None) is True:  # should the document model learn it
        raise InputError(source, [ANONYMOUS])
    if document.sign_off is None:
        raise InputError(source, ["sign_off: a draft cannot be published; sign it off first"])
    if document.fingerprint is None:
        raise InputError(source, ["fingerprint: a signed session file must carry its fingerprint"])
    record = record_of_document(document, source, workspace)
    return publication_of(record, source)


def record_of_document(
    document: SessionDocument, source: str, workspace: Workspace
) -> RecordedSession:
    """The facts a document states, as the record the fingerprint code hashes.

    A fact field left out here would be left out of the hash, so the file would fail its
    fingerprint: a field this mapping does not know yet is refused, never published unchecked.
    """
    framework = document.framework
    version, sha256, scope = framework.version, framework.sha256, document.scope
    if version is None or sha256 is None or scope is None:
        try:  # an older or hand-made file: the installed pack supplies what it leaves out
            pack = find_pack(framework.id, workspace.root)
        except NotFound as exc:
            raise InputError(source, [f"framework.id: {exc.message}"]) from None
        version = version or pack.pack.version
        sha256 = sha256 or pack.sha256
        scope = scope if scope is not None else [area.id for area in pack.pack.areas()]
    signed = document.sign_off
    assert signed is not None and document.fingerprint is not None
    areas = document.areas
    return RecordedSession(
        id=document.id or source,
        organisation_name=document.organisation.name,
        organisation_type=document.organisation.type,
        organisation_code=document.organisation.code,
        title=document.title,
        held_on=document.held_on,
        facilitator=document.facilitator,
        framework=FrameworkRef(
            id=framework.id, title=framework.title or "", version=version, sha256=sha256
        ),
        scope=tuple(scope),
        participants=tuple(
            ParticipantFact(key=p.id, name=p.name, role=p.role, department=p.department)
            for p in document.participants
        ),
        ratings=tuple(
            RatingFact(
                participant=r.participant,
                area=area_id,
                dimension=r.dimension,
                level=r.level,
                note=r.note,
            )
            for area_id, area in areas.items()
            for r in area.ratings
        ),
        outcomes=tuple(
            OutcomeFact(
                area=area_id,
                justification=area.justification,
                agreed_level=area.agreed_level,
                moderation_reason=area.moderation_reason,
                ambition=None
                if area.ambition is None
                else AmbitionFact(
                    level=area.ambition.level,
                    by=area.ambition.by,
                    rationale=area.ambition.rationale,
                    interim=area.ambition.interim,
                ),
            )
            for area_id, area in areas.items()
        ),
        actions=tuple(
            ActionFact(
                id=index,
                area=area_id,
                title=a.title,
                owner=a.owner,
                due=a.due,
                status=a.status,
                carried_from=a.carried_from,
            )
            for index, (area_id, a) in enumerate(
                (area_id, a) for area_id, area in areas.items() for a in area.actions
            )
        ),
        baseline=document.baseline,
        sign_off=SignOffFact(
            name=signed.name,
            role=signed.role,
            signed_on=signed.signed_on,
            fingerprint=document.fingerprint,
        ),
    )


def _workspace_publications(
    sessions: list[str], workspace: Workspace
) -> tuple[list[Publication], list[str]]:
    """Sessions of this workspace through the service's verified snapshot."""
    if not workspace.database.exists():
        return [], [
            f"{argument}: no such file, and no workspace database at {workspace.database} to "
            "find a session in"
            for argument in sessions
        ]
    from npsworkshop.workshop import Workshop

    found: list[Publication] = []
    problems: list[str] = []
    with Workshop.open(workspace, backup=False) as workshop:
        for argument in sessions:
            session_id = argument
            try:
                session_id = workshop.resolve(argument)
                snapshot = workshop.verified_snapshot(session_id)
                found.append(publication_of(snapshot.record, f"session {session_id}"))
            except Tampered as exc:  # a forged record is bad input here: exit 2, like a file
                problems.append(f"session {session_id}: {exc.reason}")
            except UserError as exc:
                problems.append(
                    str(exc) if str(exc).startswith("session") else f"{argument}: {exc}"
                )
    return found, problems
