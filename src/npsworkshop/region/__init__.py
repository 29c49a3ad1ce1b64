"""The regional store (CONTRACT §6, §9): councils publish signed-off sessions to a shared database
(a SQLite file or PostgreSQL) and a region reports the spread of levels across them.

Nothing here is imported by the app or the other commands; psycopg is loaded only for a
`postgresql://` store.
"""
