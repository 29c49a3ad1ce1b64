"""SQLModel tables. They do not validate: the service validates at the edge with pydantic and the
database backs it with CHECK constraints and triggers (see migrations/versions/0001_initial.py).
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class SessionRow(SQLModel, table=True):
    __tablename__ = "workshop_session"

    id: str = Field(primary_key=True)
    organisation_name: str
    organisation_type: str = ""
    organisation_code: str | None = None  # 0005: the council's GSS code, upper case
    title: str
    held_on: str
    facilitator: str = ""
    pack_id: str
    pack_title: str
    pack_version: str
    pack_sha256: str
    pack_content: str
    scope: str
    created_at: str
    updated_at: str


class ParticipantRow(SQLModel, table=True):
    __tablename__ = "participant"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="workshop_session.id")
    key: str
    name: str
    role: str = ""
    department: str = ""
    position: int = 0


class RatingRow(SQLModel, table=True):
    __tablename__ = "rating"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="workshop_session.id")
    participant_id: int = Field(foreign_key="participant.id")
    area_id: str
    dimension_id: str = ""
    level: str | None = None
    note: str | None = None
    updated_at: str


class OutcomeRow(SQLModel, table=True):
    __tablename__ = "area_outcome"

    session_id: str = Field(foreign_key="workshop_session.id", primary_key=True)
    area_id: str = Field(primary_key=True)
    justification: str | None = None
    agreed_level: str | None = None
    moderation_reason: str | None = None
    ambition_level: str | None = None
    ambition_by: str | None = None
    ambition_rationale: str | None = None
    # The area's level when the justification was written or confirmed (migration 0002).
    justified_for: str | None = None
    interim_level: str | None = None  # 0003: an ambition's interim step
    interim_by: str | None = None


class ActionRow(SQLModel, table=True):
    __tablename__ = "action"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="workshop_session.id")
    area_id: str
    title: str
    owner: str | None = None
    due: str | None = None
    status: str = "open"
    position: int = 0
    carried_from: str | None = None  # 0003: the baseline's ref of a carried action


class SignOffRow(SQLModel, table=True):
    __tablename__ = "sign_off"

    session_id: str = Field(foreign_key="workshop_session.id", primary_key=True)
    name: str
    role: str
    signed_on: str
    fingerprint: str
    signed_at: str
    # Where an imported sign-off came from (migration 0002); not facts, never hashed.
    imported_file: str | None = None
    imported_on: str | None = None


class EventRow(SQLModel, table=True):
    """Append-only audit log: every change, when, and its old and new values."""

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str
    at: str
    kind: str
    area_id: str | None = None
    detail: str = "{}"


class UiStateRow(SQLModel, table=True):
    """Where the facilitator was (not part of the record, so not frozen by sign-off)."""

    __tablename__ = "ui_state"

    session_id: str = Field(foreign_key="workshop_session.id", primary_key=True)
    last_area: str | None = None


class ProgressEntryRow(SQLModel, table=True):
    """0003: the append-only, chained progress log of a signed plan (workshop/progress_log.py)."""

    __tablename__ = "progress_entry"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="workshop_session.id")
    action_id: int = Field(foreign_key="action.id")
    ref: str
    on_date: str
    status: str
    old_status: str
    by_name: str
    note: str | None = None
    due: str | None = None
    carried_to: str | None = None
    recorded_at: str
    previous: str | None = None
    hash: str


class SessionBaselineRow(SQLModel, table=True):
    """0003: a follow-up's baseline and the baseline's facts per area (workshop/followup.py)."""

    __tablename__ = "session_baseline"

    session_id: str = Field(foreign_key="workshop_session.id", primary_key=True)
    baseline_session: str
    fingerprint: str
    held_on: str
    areas: str
