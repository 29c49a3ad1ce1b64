"""The regional store: published sessions and their areas.

Revision ID: r0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision = None
branch_labels = None
depends_on = None

_LEVELS = "'minimum', 'developing', 'mature', 'leader', 'innovator'"


def upgrade() -> None:
    op.create_table(
        "published_session",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("council_key", sa.String(300), nullable=False),
        sa.Column("council_code", sa.String(9)),
        sa.Column("council_name", sa.String(300), nullable=False),
        sa.Column("council_type", sa.String(300), nullable=False),
        sa.Column("council_type_text", sa.String(300), nullable=False),
        sa.Column("pack_id", sa.String(100), nullable=False),
        sa.Column("pack_version", sa.String(100), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(fingerprint) = 64", name="ck_published_session_fingerprint"),
    )
    op.create_index(
        "ix_published_session_pack_council",
        "published_session",
        ["pack_id", "council_key", "held_on"],
    )
    op.create_table(
        "published_area",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("area_id", sa.String(100), primary_key=True),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("ambition", sa.String(20)),
        sa.Column("actions_open", sa.Integer, nullable=False),
        sa.Column("actions_in_progress", sa.Integer, nullable=False),
        sa.Column("actions_done", sa.Integer, nullable=False),
        sa.Column("actions_dropped", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["fingerprint"],
            ["published_session.fingerprint"],
            name="fk_published_area_session",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(f"level IN ({_LEVELS})", name="ck_published_area_level"),
        sa.CheckConstraint(
            f"ambition IS NULL OR ambition IN ({_LEVELS})", name="ck_published_area_ambition"
        ),
        sa.CheckConstraint(
            "actions_open >= 0 AND actions_in_progress >= 0 AND actions_done >= 0 "
            "AND actions_dropped >= 0",
            name="ck_published_area_actions",
        ),
    )


def downgrade() -> None:
    op.drop_table("published_area")
    op.drop_index("ix_published_session_pack_council", table_name="published_session")
    op.drop_table("published_session")
