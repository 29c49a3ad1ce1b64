"""The first schema: sessions, participants, ratings, outcomes, actions, sign-off, events.

Written as SQL so the CHECK constraints and the sign-off triggers are exactly what the database
enforces, whatever the ORM does.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

LEVELS = "('minimum', 'developing', 'mature', 'leader', 'innovator')"
ISO_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"

TABLES = [
    f"""
    CREATE TABLE workshop_session (
        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 64),
        organisation_name TEXT NOT NULL CHECK (length(trim(organisation_name)) > 0),
        organisation_type TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        held_on TEXT NOT NULL CHECK (held_on {ISO_DATE}),
        facilitator TEXT NOT NULL DEFAULT '',
        pack_id TEXT NOT NULL CHECK (length(pack_id) > 0),
        pack_title TEXT NOT NULL,
        pack_version TEXT NOT NULL,
        pack_sha256 TEXT NOT NULL CHECK (length(pack_sha256) = 64),
        pack_content TEXT NOT NULL CHECK (json_valid(pack_content)),
        scope TEXT NOT NULL CHECK (json_valid(scope) AND json_array_length(scope) > 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE participant (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES workshop_session(id) ON DELETE CASCADE,
        key TEXT NOT NULL CHECK (length(key) > 0),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        role TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        UNIQUE (session_id, key)
    )
    """,
    f"""
    CREATE TABLE rating (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES workshop_session(id) ON DELETE CASCADE,
        participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
        area_id TEXT NOT NULL CHECK (length(area_id) > 0),
        dimension_id TEXT NOT NULL DEFAULT '',
        level TEXT CHECK (level IS NULL OR level IN {LEVELS}),
        note TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (participant_id, area_id, dimension_id)
    )
    """,
    f"""
    CREATE TABLE area_outcome (
        session_id TEXT NOT NULL REFERENCES workshop_session(id) ON DELETE CASCADE,
        area_id TEXT NOT NULL CHECK (length(area_id) > 0),
        justification TEXT,
        agreed_level TEXT CHECK (agreed_level IS NULL OR agreed_level IN {LEVELS}),
        moderation_reason TEXT,
        ambition_level TEXT CHECK (ambition_level IS NULL OR ambition_level IN {LEVELS}),
        ambition_by TEXT CHECK (ambition_by IS NULL OR ambition_by {ISO_DATE}),
        ambition_rationale TEXT,
        PRIMARY KEY (session_id, area_id),
        CHECK (agreed_level IS NULL OR length(trim(coalesce(moderation_reason, ''))) > 0)
    )
    """,
    f"""
    CREATE TABLE action (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES workshop_session(id) ON DELETE CASCADE,
        area_id TEXT NOT NULL CHECK (length(area_id) > 0),
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        owner TEXT,
        due TEXT CHECK (due IS NULL OR due {ISO_DATE}),
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'in-progress', 'done', 'dropped')),
        position INTEGER NOT NULL DEFAULT 0
    )
    """,
    f"""
    CREATE TABLE sign_off (
        session_id TEXT PRIMARY KEY REFERENCES workshop_session(id),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        role TEXT NOT NULL CHECK (length(trim(role)) > 0),
        signed_on TEXT NOT NULL CHECK (signed_on {ISO_DATE}),
        fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
        signed_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE event (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (length(kind) > 0),
        area_id TEXT,
        detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
    )
    """,
    """
    CREATE TABLE ui_state (
        session_id TEXT PRIMARY KEY REFERENCES workshop_session(id) ON DELETE CASCADE,
        last_area TEXT
    )
    """,
    "CREATE INDEX ix_participant_session ON participant (session_id)",
    "CREATE INDEX ix_rating_session_area ON rating (session_id, area_id)",
    "CREATE INDEX ix_action_session_area ON action (session_id, area_id)",
    "CREATE INDEX ix_event_session ON event (session_id)",
]

SIGNED = "EXISTS (SELECT 1 FROM sign_off WHERE session_id = {row}.session_id)"
REFUSE = "SELECT RAISE(ABORT, 'npsworkshop: session is signed off and read-only')"


def _frozen_triggers() -> list[str]:
    """Triggers that make every row of a signed-off session read-only, whoever writes."""
    statements: list[str] = []
    for table in ("participant", "rating", "area_outcome", "action"):
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            statements.append(
                f"CREATE TRIGGER {table}_signed_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN {SIGNED.format(row=row)} BEGIN {REFUSE}; END"
            )
    for event in ("UPDATE", "DELETE"):
        statements.append(
            f"CREATE TRIGGER workshop_session_signed_{event.lower()} BEFORE {event} "
            f"ON workshop_session WHEN EXISTS (SELECT 1 FROM sign_off WHERE session_id = OLD.id) "
            f"BEGIN {REFUSE}; END"
        )
        statements.append(
            f"CREATE TRIGGER sign_off_{event.lower()} BEFORE {event} ON sign_off "
            f"BEGIN SELECT RAISE(ABORT, 'npsworkshop: a sign-off cannot be changed or removed'); END"
        )
        statements.append(
            f"CREATE TRIGGER event_{event.lower()} BEFORE {event} ON event "
            f"BEGIN SELECT RAISE(ABORT, 'npsworkshop: the event log is append-only'); END"
        )
    return statements


def upgrade() -> None:
    for statement in [*TABLES, *_frozen_triggers()]:
        op.execute(statement)


def downgrade() -> None:
    for table in (
        "ui_state",
        "event",
        "sign_off",
        "action",
        "area_outcome",
        "rating",
        "participant",
    ):
        op.execute(f"DROP TABLE {table}")
    op.execute("DROP TABLE workshop_session")
