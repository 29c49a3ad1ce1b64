"""SQLite persistence: tables, the engine and its pragmas, migrations."""
