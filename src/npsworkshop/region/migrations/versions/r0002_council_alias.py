"""One council, one identity: names linked to GSS codes, and names folded with NFKC.

Sessions published without a code were filed under their name's words, case-folded but not
Unicode-normalised; they are re-filed under the NFKC fold. Each name published with exactly one
GSS code is linked to it, so the council's uncoded sessions count as that council. A name
already published with two codes is left unlinked (`region list` shows both; withdraw the wrong
one and publish again to link it).

Revision ID: r0002
Revises: r0001
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from npsworkshop.region.councils import council_key

revision = "r0002"
down_revision = "r0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "council_alias",
        sa.Column("name_key", sa.String(300), primary_key=True),
        sa.Column("council_code", sa.String(9), nullable=False),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT fingerprint, council_key, council_code, council_name FROM published_session"
        )
    ).all()
    codes: dict[str, set[str]] = defaultdict(set)
    for fingerprint, key, code, name in rows:
        folded = council_key(None, name)
        if code:
            codes[folded].add(code)
        elif folded != key:
            bind.execute(
                sa.text("UPDATE published_session SET council_key = :key WHERE fingerprint = :f"),
                {"key": folded, "f": fingerprint},
            )
    linked = [
        {"name_key": key, "council_code": next(iter(found))}
        for key, found in sorted(codes.items())
        if len(found) == 1
    ]
    if linked:
        bind.execute(
            sa.text(
                "INSERT INTO council_alias (name_key, council_code) VALUES (:name_key, :council_code)"
            ),
            linked,
        )


def downgrade() -> None:
    op.drop_table("council_alias")
