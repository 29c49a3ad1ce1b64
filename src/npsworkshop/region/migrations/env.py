"""Alembic environment of the regional store: its own version table, on the connection handed
over by `region.database` (never a URL, so no password passes through Alembic)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from npsworkshop.region.tables import VERSION_TABLE, metadata

connection: Connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
