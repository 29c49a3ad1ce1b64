"""The improvement cycle: the chained progress log, interim steps, follow-ups' baselines.

- `progress_entry`: append-only, only on a signed-off session, each entry chained to the one
  before (the database refuses an entry whose `previous` is not the session's current head);
  updates and deletes are refused like the signed facts'.
- `area_outcome.interim_level/interim_by`: an ambition's interim step (a fact when present).
- `action.carried_from`: the baseline's ref of an action a follow-up carried forward.
- `session_baseline`: a follow-up's link to its baseline (its id, fingerprint and date) and the
  baseline's facts per area, frozen with the follow-up's own facts once it is signed off.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LEVELS = "('minimum', 'developing', 'mature', 'leader', 'innovator')"
STATUSES = "('open', 'in-progress', 'done', 'dropped')"
ISO_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
SIGNED = "EXISTS (SELECT 1 FROM sign_off WHERE session_id = {row}.session_id)"
REFUSE = "SELECT RAISE(ABORT, 'npsworkshop: session is signed off and read-only')"

STATEMENTS = [
    f"""
    CREATE TABLE progress_entry (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES workshop_session(id),
        action_id INTEGER NOT NULL REFERENCES action(id),
        ref TEXT NOT NULL CHECK (ref GLOB 'A[1-9]*'),
        on_date TEXT NOT NULL CHECK (on_date {ISO_DATE}),
        status TEXT NOT NULL CHECK (status IN {STATUSES}),
        old_status TEXT NOT NULL CHECK (old_status IN {STATUSES}),
        by_name TEXT NOT NULL CHECK (length(trim(by_name)) > 0),
        note TEXT,
        due TEXT CHECK (due IS NULL OR due {ISO_DATE}),
        carried_to TEXT,
        recorded_at TEXT NOT NULL,
        previous TEXT CHECK (previous IS NULL OR length(previous) = 64),
        hash TEXT NOT NULL CHECK (length(hash) = 64)
    )
    """,
    "CREATE INDEX ix_progress_entry_session ON progress_entry (session_id, id)",
    # Progress belongs to a signed plan; a draft changes its actions directly.
    "CREATE TRIGGER progress_entry_unsigned BEFORE INSERT ON progress_entry "
    "WHEN NOT EXISTS (SELECT 1 FROM sign_off WHERE session_id = NEW.session_id) "
    "BEGIN SELECT RAISE(ABORT, 'npsworkshop: progress is logged only on a signed-off session'); "
    "END",
    # Each entry must name the session's current head as the entry before it.
    "CREATE TRIGGER progress_entry_chain BEFORE INSERT ON progress_entry "
    "WHEN NEW.previous IS NOT (SELECT hash FROM progress_entry WHERE session_id = NEW.session_id "
    "ORDER BY id DESC LIMIT 1) "
    "BEGIN SELECT RAISE(ABORT, 'npsworkshop: a progress entry must follow the log''s head'); END",
    "CREATE TRIGGER progress_entry_update BEFORE UPDATE ON progress_entry "
    "BEGIN SELECT RAISE(ABORT, 'npsworkshop: the progress log is append-only'); END",
    "CREATE TRIGGER progress_entry_delete BEFORE DELETE ON progress_entry "
    "BEGIN SELECT RAISE(ABORT, 'npsworkshop: the progress log is append-only'); END",
    f"ALTER TABLE area_outcome ADD COLUMN interim_level TEXT "
    f"CHECK (interim_level IS NULL OR interim_level IN {LEVELS})",
    f"ALTER TABLE area_outcome ADD COLUMN interim_by TEXT "
    f"CHECK (interim_by IS NULL OR interim_by {ISO_DATE})",
    "ALTER TABLE action ADD COLUMN carried_from TEXT CHECK (carried_from IS NULL OR "
    "carried_from GLOB 'A[1-9]*')",
    f"""
    CREATE TABLE session_baseline (
        session_id TEXT PRIMARY KEY REFERENCES workshop_session(id) ON DELETE CASCADE,
        baseline_session TEXT NOT NULL CHECK (length(baseline_session) > 0),
        fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
        held_on TEXT NOT NULL CHECK (held_on {ISO_DATE}),
        areas TEXT NOT NULL CHECK (json_valid(areas))
    )
    """,
    "CREATE INDEX ix_session_baseline_fingerprint ON session_baseline (fingerprint)",
    *[
        f"CREATE TRIGGER session_baseline_signed_{event.lower()} BEFORE {event} "
        f"ON session_baseline WHEN {SIGNED.format(row=row)} BEGIN {REFUSE}; END"
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD"))
    ],
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE session_baseline")
    op.execute("DROP TABLE progress_entry")
    with op.batch_alter_table("action") as batch:
        batch.drop_column("carried_from")
    with op.batch_alter_table("area_outcome") as batch:
        batch.drop_column("interim_by")
        batch.drop_column("interim_level")
