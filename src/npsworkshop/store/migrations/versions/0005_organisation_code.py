"""The council's ONS GSS code (CONTRACT §6, §9): `workshop_session.organisation_code`.

Nullable: a session without a code is a version-1 document with its fingerprint unchanged, so
sessions signed before this revision still verify. Stored upper case (the service upper-cases
what is typed); the CHECK refuses anything else, whoever writes. An added column only (the table
is not rebuilt), so the sign-off triggers stay as they are and a signed session's code can never
be set afterwards.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GSS_CODE = "GLOB '[EW][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"


def upgrade() -> None:
    op.execute(
        "ALTER TABLE workshop_session ADD COLUMN organisation_code TEXT "
        f"CHECK (organisation_code IS NULL OR organisation_code {GSS_CODE})"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE workshop_session DROP COLUMN organisation_code")
