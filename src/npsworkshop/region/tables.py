"""The regional store's schema in portable SQLAlchemy Core (SQLite and PostgreSQL alike).

One row per published session and one per area of it, and one per council name linked to a
GSS code. No participant, rating, note or free text
of a session is stored: only who the council is, when, on which pack, and per area the level,
the ambition and how many actions had each status when it was signed off. The Alembic scripts in
`region/migrations/` build exactly this (a test compares them).
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)

from npsworkshop.framework.levels import LEVELS

VERSION_TABLE = "region_alembic_version"

_LEVEL_LIST = ", ".join(f"'{level}'" for level in LEVELS)

metadata = MetaData()

published_session = Table(
    "published_session",
    metadata,
    Column("fingerprint", String(64), primary_key=True),
    Column("council_key", String(300), nullable=False),
    Column("council_code", String(9)),
    Column("council_name", String(300), nullable=False),
    Column("council_type", String(300), nullable=False),
    Column("council_type_text", String(300), nullable=False),
    Column("pack_id", String(100), nullable=False),
    Column("pack_version", String(100), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("length(fingerprint) = 64", name="ck_published_session_fingerprint"),
    Index("ix_published_session_pack_council", "pack_id", "council_key", "held_on"),
)

# A name published with a GSS code: sessions of that name without a code are that council's.
# `name_key` is the key such a session is filed under ("name:" and the name's folded words).
council_alias = Table(
    "council_alias",
    metadata,
    Column("name_key", String(300), primary_key=True),
    Column("council_code", String(9), nullable=False),
)

published_area = Table(
    "published_area",
    metadata,
    Column("fingerprint", String(64), primary_key=True),
    Column("area_id", String(100), primary_key=True),
    Column("level", String(20), nullable=False),
    Column("ambition", String(20)),
    Column("actions_open", Integer, nullable=False),
    Column("actions_in_progress", Integer, nullable=False),
    Column("actions_done", Integer, nullable=False),
    Column("actions_dropped", Integer, nullable=False),
    ForeignKeyConstraint(
        ["fingerprint"],
        ["published_session.fingerprint"],
        name="fk_published_area_session",
        ondelete="CASCADE",
    ),
    CheckConstraint(f"level IN ({_LEVEL_LIST})", name="ck_published_area_level"),
    CheckConstraint(
        f"ambition IS NULL OR ambition IN ({_LEVEL_LIST})", name="ck_published_area_ambition"
    ),
    CheckConstraint(
        "actions_open >= 0 AND actions_in_progress >= 0 AND actions_done >= 0 "
        "AND actions_dropped >= 0",
        name="ck_published_area_actions",
    ),
)
