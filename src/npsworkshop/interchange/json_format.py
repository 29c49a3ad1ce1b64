"""The session interchange format, version 1 (CONTRACT §4): strict import, export with results.

Import is all or nothing: the file is validated against the format and the pack (every problem
named by its JSON path), then created in one transaction. Export (json_export.py, named here too)
adds each area's computed result and, when signed off, the fingerprint, and re-imports to the
same export.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from npsworkshop.assessment.baseline import BaselineFact
from npsworkshop.assessment.record import FORMAT, FORMAT_VERSION
from npsworkshop.errors import InputError, NotFound, describe_validation_error
from npsworkshop.framework.levels import LevelId
from npsworkshop.framework.loader import LoadedPack, find_pack
from npsworkshop.interchange.json_export import export_document as export_document
from npsworkshop.interchange.json_export import export_json as export_json
from npsworkshop.workshop import Workshop
from npsworkshop.workshop.inputs import (
    GssCode,
    ImportedAction,
    ImportedAmbition,
    ImportedArea,
    ImportedParticipant,
    ImportedRating,
    ImportedSignOff,
    IsoDate,
    Line,
    LongText,
    NewSession,
    RequiredLine,
    SessionImport,
    Title,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
REMOVE_SIGN_OFF = "remove sign_off to import as a draft"


class _Doc(BaseModel):
    # Built on first use: `export --format json` and the app load this module but never validate.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class DocFramework(_Doc):
    id: str
    title: str | None = None
    version: str | None = None
    sha256: str | None = None


class DocOrganisation(_Doc):
    name: RequiredLine
    type: Line = ""
    # The council's ONS GSS code (CONTRACT §6); left out of the document when absent (§9).
    code: GssCode = None


class DocRating(_Doc):
    participant: str
    dimension: str | None = None
    level: LevelId | None
    note: LongText | None = None


class DocResult(_Doc):
    """Computed on export; accepted on import and recomputed from the ratings."""

    weakest_level: LevelId
    weakest_by: list[str]
    rated: int
    abstained: int
    spread: dict[LevelId, int]


class DocTrend(_Doc):
    baseline_level: LevelId | None
    baseline_ambition: LevelId | None
    change: int | None
    ambition_reached: bool | None
    interim_reached: bool | None


class DocArea(_Doc):
    ratings: list[DocRating] = Field(default_factory=list)
    justification: LongText | None = None
    agreed_level: LevelId | None = None
    moderation_reason: LongText | None = None
    ambition: ImportedAmbition | None = None
    actions: list[ImportedAction] = Field(default_factory=list)
    result: DocResult | None = None
    trend: DocTrend | None = None  # computed on a follow-up's export; recomputed on import


class DocImported(_Doc):
    """Where an imported sign-off came from (export adds it; not a fact, never hashed)."""

    file: str
    on: IsoDate


class SessionDocument(_Doc):
    format: Literal["npsworkshop/session"]
    format_version: Literal[1]
    framework: DocFramework
    organisation: DocOrganisation
    title: Title
    held_on: IsoDate
    facilitator: Line = ""
    scope: list[str] | None = None
    participants: list[ImportedParticipant] = Field(default_factory=list)
    areas: dict[str, DocArea] = Field(default_factory=dict)
    sign_off: ImportedSignOff | None = None
    baseline: BaselineFact | None = None
    # Added by export; accepted so an export imports again.
    id: str | None = None
    imported: DocImported | None = None
    status: Literal["draft", "signed-off"] | None = None
    fingerprint: str | None = None


class _TooBig(Exception):
    pass


def _read_capped(path: Path) -> bytes:
    """At most the cap plus one byte, so a pipe or a device (/dev/zero) cannot grow without end;
    opened without blocking, so a FIFO with nobody writing reads as empty instead of hanging."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)  # a writer already there is read to its end
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise _TooBig
    return data


def read_document(path: Path) -> SessionDocument:
    """Parse and validate an interchange file; InputError names the file and each JSON path."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(source, [f"cannot be read ({exc.strerror or exc})"]) from None
    if size > MAX_IMPORT_BYTES:
        raise InputError(
            source,
            [f"is {size:,} bytes; an interchange file may be at most {MAX_IMPORT_BYTES:,} bytes"],
        )
    try:
        raw = _read_capped(path).decode("utf-8-sig")
    except _TooBig:
        raise InputError(
            source, [f"is over {MAX_IMPORT_BYTES:,} bytes, the most an interchange file may be"]
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(source, [f"is not UTF-8 text (byte {exc.start})"]) from None
    except OSError as exc:
        raise InputError(source, [f"cannot be read ({exc.strerror or exc})"]) from None
    try:
        data = json.loads(raw, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            source, [f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"]
        ) from None
    except RecursionError:
        raise InputError(source, ["is nested too deeply to be a session file"]) from None
    except ValueError as exc:  # a duplicate key, NaN, or a number too long to convert
        raise InputError(source, [f"is not accepted: {exc}"]) from None
    return parse_document(data, source)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object; a key given twice is refused (JSON would silently keep the last one)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key!r} appears twice in one object")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_document(data: Any, source: str) -> SessionDocument:
    if not isinstance(data, dict):
        raise InputError(source, ["must be a JSON object (the session)"])
    if data.get("anonymous") is True:
        raise InputError(
            source,
            [
                "anonymous: this is an anonymous report, not a session file; import the named "
                "export it was made from"
            ],
        )
    if data.get("format") != FORMAT:
        raise InputError(
            source, [f"format: must be {FORMAT!r} (is this an npsworkshop session file?)"]
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise InputError(
            source,
            [
                f"format_version: this npsworkshop reads version {FORMAT_VERSION}; "
                f"the file says {data.get('format_version')!r}"
            ],
        )
    try:
        return SessionDocument.model_validate(data, strict=False)
    except ValidationError as exc:
        raise InputError(source, describe_validation_error(exc)) from None


def to_import(document: SessionDocument, source: str) -> SessionImport:
    """The service's import spec for a validated document."""
    return SessionImport(
        session=NewSession(
            organisation_name=document.organisation.name,
            organisation_type=document.organisation.type,
            organisation_code=document.organisation.code,
            title=document.title,
            held_on=document.held_on,
            facilitator=document.facilitator,
            pack_id=document.framework.id,
            scope=tuple(document.scope) if document.scope is not None else None,
        ),
        participants=tuple(document.participants),
        areas={
            area_id: ImportedArea(
                ratings=tuple(
                    ImportedRating(
                        participant=r.participant, dimension=r.dimension, level=r.level, note=r.note
                    )
                    for r in area.ratings
                ),
                justification=area.justification,
                agreed_level=area.agreed_level,
                moderation_reason=area.moderation_reason,
                ambition=area.ambition,
                actions=tuple(area.actions),
            )
            for area_id, area in document.areas.items()
        },
        sign_off=document.sign_off,
        baseline=document.baseline,
    )


def import_file(workshop: Workshop, path: Path) -> str:
    """Create one session from an interchange file; returns its id."""
    return import_document(workshop, read_document(path), str(path))


def import_document(workshop: Workshop, document: SessionDocument, source: str) -> str:
    """Create one session from a document `read_document` validated; returns its id."""
    loaded = pack_version_check(workshop, document, source)
    if document.fingerprint is not None and document.sign_off is None:
        raise InputError(source, ["fingerprint: a fingerprint needs the sign_off it belongs to"])
    if document.sign_off is not None and document.fingerprint is None:
        raise InputError(
            source,
            [
                "sign_off: a signed-off file carries the fingerprint printed at sign-off, and "
                f"this one has none; {REMOVE_SIGN_OFF}"
            ],
        )
    return workshop.import_session(
        to_import(document, source),
        source=source,
        expected_fingerprint=document.fingerprint,
        loaded=loaded,
    )


def pack_version_check(workshop: Workshop, document: SessionDocument, source: str) -> LoadedPack:
    """The installed pack the document names; InputError when it is missing or another version."""
    try:
        loaded = find_pack(document.framework.id, workshop.workspace.root)
    except NotFound as exc:
        raise InputError(source, [f"framework.id: {exc.message}"]) from None
    sha256 = document.framework.sha256
    if (
        sha256 is not None
        and document.framework.version in (None, loaded.pack.version)
        and sha256 != loaded.sha256
    ):
        raise InputError(
            source,
            [
                f"framework.sha256: the file was made with a different copy of pack "
                f"{document.framework.id} version {loaded.pack.version} (sha256 {sha256[:12]}) "
                f"than the one in use here ({loaded.path}, sha256 {loaded.sha256[:12]}): one of "
                "the two was edited without a new version number; the file itself may be genuine"
            ],
        )
    if document.framework.version is not None and document.framework.version != loaded.pack.version:
        raise InputError(
            source,
            [
                f"framework.version: the file was made with {document.framework.id} "
                f"version {document.framework.version}; the installed pack is version "
                f"{loaded.pack.version}"
            ],
        )
    return loaded
