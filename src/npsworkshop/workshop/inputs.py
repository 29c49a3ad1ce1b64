"""What a person may type, validated at the edge before anything is stored."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from npsworkshop.assessment.baseline import BaselineFact, StepFact
from npsworkshop.assessment.rules import ActionStatus
from npsworkshop.dates import iso_date
from npsworkshop.errors import InputError, describe_validation_error
from npsworkshop.framework.levels import LevelId

SHORT_MAX = 200
TITLE_MAX = 300
LONG_MAX = 20_000

# Control characters; in one-line fields also the Unicode line and paragraph separators. Both
# refuse lone surrogates (not text: they cannot be stored or written as UTF-8) and the
# bidirectional overrides and isolates, which can make text display as something it is not.
_NOT_TEXT = r"\ud800-\udfff\u202a-\u202e\u2066-\u2069"
_CONTROL_LINE = re.compile(rf"[\x00-\x1f\x7f-\x9f\u2028\u2029{_NOT_TEXT}]")
_CONTROL_TEXT = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_NOT_TEXT}]")


def _line(value: str) -> str:
    value = value.strip()
    if _CONTROL_LINE.search(value):
        raise ValueError("must be one line of text without control characters")
    return value


def _text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL_TEXT.search(value):
        raise ValueError("must be text without control characters")
    return value


def _required(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    if not any(unicodedata.category(char)[0] not in "CZ" for char in value):
        raise ValueError("must not be empty: it has only invisible characters")
    return value


Line = Annotated[str, Field(max_length=SHORT_MAX), AfterValidator(_line)]
RequiredLine = Annotated[
    str, Field(max_length=SHORT_MAX), AfterValidator(_line), AfterValidator(_required)
]
Title = Annotated[
    str, Field(max_length=TITLE_MAX), AfterValidator(_line), AfterValidator(_required)
]
LongText = Annotated[str, Field(max_length=LONG_MAX), AfterValidator(_text)]
RequiredText = Annotated[
    str, Field(max_length=LONG_MAX), AfterValidator(_text), AfterValidator(_required)
]

_GSS_CODE = re.compile(r"[EW]\d{8}")


def _gss_code(value: object) -> object:
    """The council's ONS GSS code, upper case (e08000035 is accepted as E08000035); empty or
    blank means none."""
    if not isinstance(value, str):
        return value  # pydantic names the wrong type
    code = value.strip().upper()
    if not code:
        return None
    if not _GSS_CODE.fullmatch(code):
        raise ValueError(f"{value!r} is not a GSS code (E or W and 8 digits, e.g. E08000035)")
    return code


# The council's ONS GSS code (CONTRACT §6, §9): optional, `^[EW]\d{8}$`, stored upper case.
GssCode = Annotated[str | None, BeforeValidator(_gss_code)]

# A date as files and the command line give it: YYYY-MM-DD only (the app and the review parse
# what people type with `dates.typed_date` first); never a number read as a Unix timestamp.
IsoDate = Annotated[date, BeforeValidator(iso_date)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class ParticipantInput(_Input):
    name: RequiredLine
    role: Line = ""
    department: Line = ""


class NewSession(_Input):
    organisation_name: RequiredLine
    organisation_type: Line = ""
    organisation_code: GssCode = None
    title: Title
    held_on: IsoDate
    facilitator: Line = ""
    pack_id: str = "nps-2018"
    scope: tuple[str, ...] | None = None
    participants: tuple[ParticipantInput, ...] = ()


class AmbitionInput(_Input):
    level: LevelId
    by: IsoDate | None = None
    rationale: LongText | None = None


class ActionInput(_Input):
    title: Title
    owner: Line | None = None
    due: IsoDate | None = None
    status: ActionStatus = "open"


class SignOffInput(_Input):
    name: RequiredLine
    role: RequiredLine
    signed_on: IsoDate


class ImportedRating(_Input):
    participant: str
    dimension: str | None = None
    level: LevelId | None
    note: LongText | None = None


class ImportedAmbition(_Input):
    level: LevelId
    by: IsoDate | None = None
    rationale: LongText | None = None
    interim: StepFact | None = None  # CONTRACT §5: a level and a date before the ambition's


class ImportedAction(_Input):
    title: Title
    owner: Line | None = None
    due: IsoDate | None = None
    status: ActionStatus = "open"
    carried_from: Annotated[str, Field(pattern=r"^A[1-9][0-9]{0,5}$")] | None = None


class ImportedArea(_Input):
    ratings: tuple[ImportedRating, ...] = ()
    justification: LongText | None = None
    agreed_level: LevelId | None = None
    moderation_reason: LongText | None = None
    ambition: ImportedAmbition | None = None
    actions: tuple[ImportedAction, ...] = ()


class ImportedParticipant(_Input):
    id: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")]
    name: RequiredLine
    role: Line = ""
    department: Line = ""


class ImportedSignOff(_Input):
    name: RequiredLine
    role: RequiredLine
    signed_on: IsoDate


class SessionImport(_Input):
    """A whole session to create at once (the interchange file, validated)."""

    session: NewSession
    participants: tuple[ImportedParticipant, ...] = ()
    areas: dict[str, ImportedArea] = Field(default_factory=dict)
    sign_off: ImportedSignOff | None = None
    baseline: BaselineFact | None = None  # a follow-up's baseline (CONTRACT §5, §9)


def validate(model: type[_Input], source: str, **values: Any) -> Any:
    """`values` as `model`, or InputError naming `source` and every bad field."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise InputError(source, describe_validation_error(exc)) from None
