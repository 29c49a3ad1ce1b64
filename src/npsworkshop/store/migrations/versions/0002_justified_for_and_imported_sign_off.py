"""What a justification was written for, and where an imported sign-off came from.

`area_outcome.justified_for`: the area's level when its justification was written or confirmed,
so a justification written for an earlier result shows a warning (NULL: not known, no warning).
`sign_off.imported_file` / `imported_on`: an imported sign-off's file and import date. Neither is
a fact: the fingerprint never covers them, and sessions signed before this revision still verify.
Added columns only (no table is rebuilt), so the sign-off triggers stay as they are.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LEVELS = "('minimum', 'developing', 'mature', 'leader', 'innovator')"
ISO_DATE = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"


def upgrade() -> None:
    op.execute(
        "ALTER TABLE area_outcome ADD COLUMN justified_for TEXT "
        f"CHECK (justified_for IS NULL OR justified_for IN {LEVELS})"
    )
    op.execute("ALTER TABLE sign_off ADD COLUMN imported_file TEXT")
    op.execute(
        "ALTER TABLE sign_off ADD COLUMN imported_on TEXT "
        f"CHECK (imported_on IS NULL OR imported_on {ISO_DATE})"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE sign_off DROP COLUMN imported_on")
    op.execute("ALTER TABLE sign_off DROP COLUMN imported_file")
    op.execute("ALTER TABLE area_outcome DROP COLUMN justified_for")
