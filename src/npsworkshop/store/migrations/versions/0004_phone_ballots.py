"""Phone ballots in the workspace database (docs/phones.md, "Wiring"): the room, its rounds,
device bindings, phones a name was released from, pending votes, ballots closed by a typed rating and refused attempts.

They are not facts of the record: no sign-off trigger covers them, they are in no fingerprint
and no export. Living beside the session's tables lets the reveal write the votes as ratings
and mark the round revealed in one transaction through the single writer (CONTRACT §9).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LEVELS = "('minimum', 'developing', 'mature', 'leader', 'innovator')"
SESSION = "TEXT NOT NULL REFERENCES workshop_session(id) ON DELETE CASCADE"

TABLES = {
    "ballot_room": """
        session_id TEXT PRIMARY KEY REFERENCES workshop_session(id) ON DELETE CASCADE,
        area_id TEXT,
        signed_off INTEGER NOT NULL DEFAULT 0 CHECK (signed_off IN (0, 1))
    """,
    "ballot_round": f"""
        session_id {SESSION},
        area_id TEXT NOT NULL,
        round INTEGER NOT NULL CHECK (round >= 1),
        dimensions TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        revealed_at TEXT,
        PRIMARY KEY (session_id, area_id, round)
    """,
    "ballot_binding": f"""
        session_id {SESSION},
        participant TEXT NOT NULL,
        device_sha256 TEXT NOT NULL CHECK (length(device_sha256) = 64),
        bound_at TEXT NOT NULL,
        PRIMARY KEY (session_id, participant),
        UNIQUE (session_id, device_sha256)
    """,
    "ballot_released": f"""
        session_id {SESSION},
        participant TEXT NOT NULL,
        device_sha256 TEXT NOT NULL,
        released_at TEXT NOT NULL,
        PRIMARY KEY (session_id, participant, device_sha256)
    """,
    "ballot_vote": f"""
        session_id {SESSION},
        area_id TEXT NOT NULL,
        round INTEGER NOT NULL,
        participant TEXT NOT NULL,
        dimension_id TEXT NOT NULL DEFAULT '',
        level TEXT CHECK (level IS NULL OR level IN {LEVELS}),
        voted_at TEXT NOT NULL,
        PRIMARY KEY (session_id, area_id, round, participant, dimension_id)
    """,
    "ballot_closed": f"""
        session_id {SESSION},
        area_id TEXT NOT NULL,
        round INTEGER NOT NULL,
        participant TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        PRIMARY KEY (session_id, area_id, round, participant)
    """,
    "ballot_refusal": f"""
        id INTEGER PRIMARY KEY,
        session_id {SESSION},
        at TEXT NOT NULL,
        participant TEXT,
        reason TEXT NOT NULL
    """,
}


def upgrade() -> None:
    for name, columns in TABLES.items():
        op.execute(f"CREATE TABLE {name} ({columns})")
    op.execute("CREATE INDEX ix_ballot_refusal_session ON ballot_refusal (session_id, id)")


def downgrade() -> None:
    for name in reversed(TABLES):
        op.execute(f"DROP TABLE {name}")
