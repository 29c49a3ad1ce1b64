"""Reaching a regional store: a SQLite file or a `postgresql://` URL; its schema revision.

Only `region init` and `region upgrade` create or migrate the schema (with its own Alembic version
table, so a region database can share a PostgreSQL database with nothing else of ours); every
other command checks the revision first and refuses a mismatch. A password is never accepted in
the URL (it would sit in the shell history and the process list): libpq takes it from
PGPASSWORD, ~/.pgpass or a service file. Every message shows the URL with any password hidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from npsworkshop.errors import Failure, UserError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

KNOWN_REVISIONS: Final[tuple[str, ...]] = ("r0001", "r0002")
HEAD: Final = KNOWN_REVISIONS[-1]
SQLITE_BUSY_SECONDS: Final = 10.0

_URL_PASSWORD = re.compile(r"(?i)(postgres(?:ql)?(?:\+\w+)?://[^:/@?#\s]*:)[^@/?#\s]*@")
_QUERY_PASSWORD = re.compile(r"(?i)(password=)[^&\s]*")
_POSTGRESQL_URL = re.compile(r"(?i)postgres(ql)?(\+\w+)?://")
# A libpq "key=value key=value" connection string: a word and "=" opening the text or a word.
_KEYWORD_CONNINFO = re.compile(r"(?:^|\s)[A-Za-z_]+\s*=")
# libpq quotes the part of the URL it could not read: never shown (it may be the password).
_QUOTED = re.compile(r'"[^"]*"')
NO_PASSWORD = (
    "a password must not be given on the command line; put it in PGPASSWORD, ~/.pgpass or a "
    "service file (postgresql:///?service=NAME)"
)


def redact(text: str) -> str:
    """`text` with any password in a PostgreSQL URL or connection string replaced by ***."""
    return _QUERY_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", text))


@dataclass(frozen=True)
class StoreAddress:
    """Where a regional store is: `shown` is what messages print (never a password)."""

    url: str
    shown: str
    is_postgresql: bool


def parse_address(db: str) -> StoreAddress:
    """The store named by `--db`: a `postgresql://` URL, else a SQLite file path.

    A URL is read the way libpq reads it (psycopg's own parser, so `%70assword=` is the
    password it is to libpq) and refused when it carries a password in any spelling. A libpq
    "key=value" string is refused without being repeated: it may hold a password.
    """
    text = db.strip()
    if _POSTGRESQL_URL.match(text):
        if _URL_PASSWORD.search(text) or _QUERY_PASSWORD.search(text):
            raise UserError(f"--db {redact(text)}: {NO_PASSWORD}")
        params = _libpq_params(text)
        if "password" in params:  # spelled so that only libpq's own reading finds it
            raise UserError(f"--db {_masked(params)}: {NO_PASSWORD}")
        rest = text.split("://", 1)[1]
        return StoreAddress(f"postgresql+psycopg://{rest}", text, is_postgresql=True)
    if "://" in text:
        scheme = text.split("://", 1)[0]
        shown = f"a {scheme}:// URL" if scheme.isalnum() and len(scheme) <= 20 else "a URL"
        raise UserError(f"--db: {shown}; give a SQLite file path or a postgresql:// URL")
    if not text.startswith(("/", ".", "~")) and _KEYWORD_CONNINFO.search(text):
        raise UserError(
            "--db: this looks like a libpq connection string (key=value ...), which is not "
            "repeated here because it may hold a password; give a postgresql:// URL such as "
            "postgresql:///?service=NAME (and a SQLite file whose name has '=' in it as ./NAME)"
        )
    if not text:
        raise UserError("--db: give a SQLite file path or a postgresql:// URL")
    path = Path(text).expanduser()
    return StoreAddress(f"sqlite:///{path}", str(path), is_postgresql=False)


def _libpq_params(url: str) -> dict[str, str]:
    """The connection parameters libpq reads from `url`; UserError when it cannot read it."""
    psycopg_conninfo = _psycopg_conninfo()
    try:
        found = psycopg_conninfo.conninfo_to_dict(url)
    except Exception as exc:  # psycopg.ProgrammingError: libpq's reason, which may quote the URL
        reason = " ".join(str(exc).split())
        reason = _QUOTED.sub('"…"', reason)
        raise UserError(
            f"--db: not a PostgreSQL URL that libpq can read ({reason}); it is not repeated "
            "here in case it holds a password"
        ) from None
    return {str(k): str(v) for k, v in found.items() if v is not None}


def _psycopg_conninfo() -> Any:
    """psycopg's conninfo module: the optional extra, imported only for a PostgreSQL store."""
    try:
        from psycopg import conninfo
    except ImportError:
        raise Failure(
            "a postgresql:// regional store needs psycopg: pip install 'npsworkshop[region]'"
        ) from None
    return conninfo


def _masked(params: dict[str, str]) -> str:
    """The URL as libpq read it, with the password (however it was spelled) shown as ***."""
    from urllib.parse import quote

    user = quote(params.get("user", ""), safe="")
    secret = ":***" if "password" in params else ""
    host = params.get("host", "")
    in_netloc = host if host and "/" not in host and "," not in host else ""
    port = params.get("port", "") if in_netloc else ""
    netloc = f"{user}{secret}@" if user or secret else ""
    netloc += in_netloc + (f":{port}" if port else "")
    skip = {"user", "password", "dbname"} | ({"host", "port"} if in_netloc else set())
    query = "&".join(
        f"{key}={quote(value, safe='/')}" for key, value in params.items() if key not in skip
    )
    return f"postgresql://{netloc}/{quote(params.get('dbname', ''), safe='')}" + (
        f"?{query}" if query else ""
    )


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # BEGIN is issued by _sqlite_on_begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    """A writer takes the write lock up front: two publishers that both read first and then
    upgrade would otherwise deadlock, and SQLite fails one at once instead of waiting."""
    write = connection.get_execution_options().get("region_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def create_store_engine(address: StoreAddress) -> Engine:
    """An engine on the store; psycopg is imported only here, and only for PostgreSQL."""
    from sqlalchemy import create_engine, event

    if address.is_postgresql:
        _psycopg_conninfo()  # the optional extra: say so plainly when it is missing
        return create_engine(address.url, pool_pre_ping=False, hide_parameters=True)
    engine = create_engine(
        address.url, connect_args={"timeout": SQLITE_BUSY_SECONDS}, hide_parameters=True
    )
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def stored_revision(connection: Connection) -> str | None:
    """The regional schema revision stamped in the database; None when there is none."""
    from sqlalchemy import inspect, text

    from npsworkshop.region.tables import VERSION_TABLE

    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return str(found[0]) if found else None


def require_current(connection: Connection, shown: str) -> None:
    """Refuse a store that is missing, older or newer than this version's schema."""
    revision = stored_revision(connection)
    if revision == HEAD:
        return
    if revision is None:
        raise UserError(
            f"{shown}: not a regional store (no regional schema); create one with "
            f"`npsworkshop region init --db {shown}`"
        )
    if revision in KNOWN_REVISIONS:
        raise UserError(
            f"{shown}: the regional store is at schema {revision}; this npsworkshop needs "
            f"{HEAD}: run `npsworkshop region upgrade --db {shown}` first"
        )
    raise UserError(
        f"{shown}: the regional store was made by a newer npsworkshop (schema {revision}); this "
        f"version understands {HEAD} and older. Nothing was changed."
    )


def _alembic_upgrade(connection: Connection, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def init_store(address: StoreAddress) -> str:
    """Create the schema in a new SQLite file or an empty database; returns the revision."""
    path = Path(address.shown)
    if not address.is_postgresql and path.exists() and path.stat().st_size > 0:
        raise UserError(
            f"{address.shown}: the file already exists; `region init` makes a new regional "
            "store (use `region upgrade` for an existing one)"
        )
    with connect(address, write=True) as connection:
        from sqlalchemy import inspect

        revision = stored_revision(connection)
        if revision is not None:
            raise UserError(
                f"{address.shown}: already a regional store (schema {revision}); nothing was "
                "changed (`region upgrade` brings it to the current schema)"
            )
        tables = inspect(connection).get_table_names()
        if tables:
            raise UserError(
                f"{address.shown}: the database is not empty (it has {len(tables)} tables, e.g. "
                f"{sorted(tables)[0]!r}); a regional store needs a database of its own"
            )
        _alembic_upgrade(connection)
        return HEAD


def upgrade_store(address: StoreAddress) -> tuple[str, str]:
    """Bring an existing store to HEAD; returns (revision before, revision after)."""
    if not address.is_postgresql and not Path(address.shown).exists():
        raise UserError(
            f"{address.shown}: no such file; create a regional store with `region init`"
        )
    with connect(address, write=True) as connection:
        before = stored_revision(connection)
        if before is None:
            raise UserError(f"{address.shown}: not a regional store; create one with `region init`")
        if before not in KNOWN_REVISIONS:
            require_current(connection, address.shown)
        if before != HEAD:
            _alembic_upgrade(connection)
        return before, HEAD


@contextmanager
def connect(
    address: StoreAddress, *, check: bool = False, write: bool = False
) -> Iterator[Connection]:
    """One transaction on the store, committed when the block ends without an error.

    With `check`, the schema revision is checked first (publish, report, list, withdraw); with
    `write`, a SQLite store is locked for writing from the start. A database or network failure
    becomes a Failure naming the store, never a traceback.
    """
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    if check and not address.is_postgresql and not Path(address.shown).exists():
        raise UserError(
            f"{address.shown}: no such regional store; create one with "
            f"`npsworkshop region init --db {address.shown}`"
        )
    engine = create_store_engine(address)
    try:
        with engine.connect() as connection:
            if write:
                connection = connection.execution_options(region_write=True)
            with connection.begin():
                if check:
                    require_current(connection, address.shown)
                yield connection
    except (DBAPIError, SQLAlchemyError) as exc:  # unreachable, refused, or not a database
        raise Failure(f"{address.shown}: {_reason(exc)}") from None
    finally:
        engine.dispose()


def _reason(exc: Exception) -> str:
    """The driver's own words, on one line, with any password hidden."""
    original = getattr(exc, "orig", None) or exc
    words = redact(" ".join(str(original).split())) or type(original).__name__
    if "no password supplied" in words or "password authentication failed" in words:
        words += " (the password comes from PGPASSWORD, ~/.pgpass or a service file)"
    return words
