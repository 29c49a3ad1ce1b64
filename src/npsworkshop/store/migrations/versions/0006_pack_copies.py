"""Each frozen pack stored once, by its sha256 (issue 10: every session held its own ~45 KB copy).

- `pack_copy (sha256, content)`: one row per distinct pack copy; a session names its copy by
  `workshop_session.pack_sha256` (a fact the fingerprint covers), and `pack_content` goes.
- A copy is checked against its sha256 before any use (workshop/packs.py), so a changed copy is
  reported tampered for every session that uses it. The database refuses changing or deleting
  a copy a signed-off session uses, deleting one any session uses, and a session whose copy is
  not stored.
- Moving the copies: each session's copy is hashed. Copies that match their sha256 are stored
  once each. A session whose own copy did not match (changed outside npsworkshop before this
  upgrade) keeps that evidence: an event `pack-copy-changed` in its log (the service reports a
  signed session with one as tampered), and when no genuine copy of that sha256 exists, the
  changed copy itself is stored, so it still fails its check. The before-upgrade backup keeps
  every original copy.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SIGNED_USER = (
    "EXISTS (SELECT 1 FROM workshop_session AS s JOIN sign_off AS o ON o.session_id = s.id "
    "WHERE s.pack_sha256 = OLD.sha256)"
)
ANY_USER = "EXISTS (SELECT 1 FROM workshop_session WHERE pack_sha256 = OLD.sha256)"
STORED = "EXISTS (SELECT 1 FROM pack_copy WHERE sha256 = NEW.pack_sha256)"

SCHEMA = [
    """
    CREATE TABLE pack_copy (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        content TEXT NOT NULL CHECK (json_valid(content))
    )
    """,
    "CREATE INDEX ix_workshop_session_pack ON workshop_session (pack_sha256)",
    f"CREATE TRIGGER pack_copy_signed_update BEFORE UPDATE ON pack_copy WHEN {SIGNED_USER} "
    "BEGIN SELECT RAISE(ABORT, 'npsworkshop: a signed-off session uses this pack copy; it "
    "cannot be changed'); END",
    f"CREATE TRIGGER pack_copy_in_use_delete BEFORE DELETE ON pack_copy WHEN {ANY_USER} "
    "BEGIN SELECT RAISE(ABORT, 'npsworkshop: a session uses this pack copy; it cannot be "
    "deleted'); END",
    f"CREATE TRIGGER workshop_session_pack_insert BEFORE INSERT ON workshop_session "
    f"WHEN NOT {STORED} "
    "BEGIN SELECT RAISE(ABORT, 'npsworkshop: the session''s pack copy is not stored'); END",
    f"CREATE TRIGGER workshop_session_pack_update BEFORE UPDATE OF pack_sha256 "
    f"ON workshop_session WHEN NOT {STORED} "
    "BEGIN SELECT RAISE(ABORT, 'npsworkshop: the session''s pack copy is not stored'); END",
]

_COPIES = "SELECT id, pack_sha256, pack_content FROM workshop_session ORDER BY created_at, id"
_EVENT = "INSERT INTO event (session_id, at, kind, detail) VALUES (?, ?, 'pack-copy-changed', ?)"


def _json(content: object) -> bool:
    try:
        json.loads(str(content))
    except ValueError:
        return False
    return True


def upgrade() -> None:
    op.execute(SCHEMA[0])
    connection = op.get_bind()
    genuine: dict[str, str] = {}
    evidence: dict[str, str] = {}  # a changed copy, kept where no genuine copy exists
    changed: list[tuple[str, str, str]] = []  # session, the sha256 it names, the copy's sha256
    for session_id, sha256, content in connection.exec_driver_sql(_COPIES):
        found = hashlib.sha256(str(content).encode("utf-8")).hexdigest()
        if found == sha256:
            genuine.setdefault(sha256, content)
        else:
            if _json(content):  # a copy that is not even JSON cannot be stored: it goes missing,
                evidence.setdefault(sha256, content)  # which is reported like a changed copy
            changed.append((session_id, sha256, found))
    stamp = datetime.now(UTC).isoformat(timespec="microseconds")
    for sha256, content in (evidence | genuine).items():
        connection.exec_driver_sql(
            "INSERT INTO pack_copy (sha256, content) VALUES (?, ?)", (sha256, content)
        )
    for session_id, sha256, found in changed:
        detail = {"sha256": sha256, "found": found, "restored": sha256 in genuine}
        connection.exec_driver_sql(_EVENT, (session_id, stamp, json.dumps(detail)))
    op.execute("ALTER TABLE workshop_session DROP COLUMN pack_content")
    for statement in SCHEMA[1:]:
        op.execute(statement)


def downgrade() -> None:
    for trigger in (
        "workshop_session_pack_update",
        "workshop_session_pack_insert",
        "pack_copy_in_use_delete",
        "pack_copy_signed_update",
    ):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP INDEX ix_workshop_session_pack")
    op.execute("ALTER TABLE workshop_session ADD COLUMN pack_content TEXT NOT NULL DEFAULT '{}'")
    op.execute("DROP TRIGGER workshop_session_signed_update")
    op.execute(
        "UPDATE workshop_session SET pack_content = "
        "(SELECT content FROM pack_copy WHERE sha256 = workshop_session.pack_sha256)"
    )
    op.execute(
        "CREATE TRIGGER workshop_session_signed_update BEFORE UPDATE ON workshop_session "
        "WHEN EXISTS (SELECT 1 FROM sign_off WHERE session_id = OLD.id) "
        "BEGIN SELECT RAISE(ABORT, 'npsworkshop: session is signed off and read-only'); END"
    )
    op.execute("DROP TABLE pack_copy")
