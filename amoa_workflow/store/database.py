"""Engines and schema upgrades. Any SQLAlchemy URL; SQLite needs no setup at all.

The schema is migrated on first use. Several processes may make that first use at once (two
workers starting, a checkpoint and the web page): the migration runs under a lock, a PostgreSQL
advisory lock held by the migrating transaction (keyed by the schema) or, on SQLite, an exclusive
lock on a file beside the database. The others wait, then find the schema at its head.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from amoa_workflow.errors import DatabaseUnavailable

try:
    import fcntl
except ImportError:  # Windows: SQLite's first use is not shared between processes there
    fcntl = None  # type: ignore[assignment]

MIGRATIONS = Path(__file__).parent / "migrations"


def safe_url(url: str) -> str:
    """The URL with its password masked, fit for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def open_database(url: str) -> Engine:
    """An engine on ``url`` whose schema is at the latest migration, created on first use."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(url=safe_url(url), detail="not a valid SQLAlchemy URL") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseUnavailable(url=safe_url(url), detail=f"no driver ({exc})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    upgrade(engine)
    return engine


def upgrade(engine: Engine) -> None:
    """Bring the schema to the latest migration; a no-op (and no lock) when it is there already."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    try:
        with engine.connect() as connection:
            if _revision(connection) == head:
                return
        with _file_lock(engine), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(current_schema() || :name))"),
                                   {"name": ":amoa-workflow-migrations"})  # fmt: skip
            if _revision(connection) == head:  # migrated by another process while this one waited
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except DBAPIError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise DatabaseUnavailable(url=safe_url(str(engine.url)), detail=detail) from None


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextlib.contextmanager
def _file_lock(engine: Engine) -> Iterator[None]:
    """On a SQLite file, an exclusive lock on ``<database>.migrating`` while the schema is migrated."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:") or fcntl is None:
        yield
        return
    with Path(f"{database}.migrating").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
