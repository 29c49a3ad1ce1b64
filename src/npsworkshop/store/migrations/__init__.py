"""Alembic migrations, shipped in the package and applied when a workspace database is opened."""
