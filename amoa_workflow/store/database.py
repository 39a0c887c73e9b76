"""Engines and schema upgrades. Any SQLAlchemy URL; SQLite needs no setup at all.

The schema is migrated on first use. Several processes may make that first use at once (two
workers starting, a checkpoint and the web page): the migration runs under a lock, a PostgreSQL
advisory lock held by the migrating transaction (keyed by the schema) or, on SQLite, an exclusive
lock on a file beside the database. The others wait, then find the schema at its head.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from amoa_workflow.errors import DatabaseUrlRefused
from amoa_workflow.store.failures import database_failure

try:
    import fcntl
except ImportError:  # Windows: SQLite's first use is not shared between processes there
    fcntl = None  # type: ignore[assignment]

MIGRATIONS = Path(__file__).parent / "migrations"


# Query arguments that say how to connect, never a secret; any other value is masked.
PLAIN_ARGUMENTS = frozenset(
    {"sslmode", "connect_timeout", "application_name", "target_session_attrs", "options", "charset",
     "driver", "timeout", "check_same_thread", "uri", "mode", "gssencmode", "client_encoding"}
)  # fmt: skip


def safe_url(url: str) -> str:
    """The URL with its password masked, in ``user:password@`` and in the query (``?password=…``)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "<invalid database URL>"
    query = {
        name: value if name.lower() in PLAIN_ARGUMENTS else "***" for name, value in parsed.query.items()
    }
    shown = parsed.set(query=query).render_as_string(hide_password=True)
    return shown.replace("=%2A%2A%2A", "=***")


DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306, "mssql": 1433, "oracle": 1521}


def database_identity(url: str, anchor_file: Path | None = None) -> str:
    """A short, stable name of the database ``url`` opens, for the anchor file's lines (``db=``).

    Taken from the URL, so from the configuration: whoever can rewrite the database cannot change
    it to part its log from its anchors. The same database keeps its name whatever the password,
    the user, the driver (``postgresql+psycopg`` or ``postgresql``), the case of the host, a port
    left to its default or the connection options; another server, port, database or schema
    (``options=-csearch_path=…``) gets another. A SQLite file is named by its path resolved, relative
    to the anchor file's folder when it lies under it (the project folder moved keeps the name).
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return _digest(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        where = parsed.database or ":memory:"
        if where != ":memory:" and not where.startswith("file:"):
            path = Path(where).resolve()
            base = anchor_file.resolve().parent if anchor_file is not None else None
            where = path.relative_to(base).as_posix() if base and path.is_relative_to(base) else str(path)
        return _digest(f"sqlite:{where}")
    given = parsed.query.get("options", "")
    options = " ".join(given) if isinstance(given, tuple) else given
    port = parsed.port or DEFAULT_PORTS.get(backend) or ""
    return _digest(f"{backend}://{(parsed.host or '').lower()}:{port}/{parsed.database or ''}?{options}")


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


CONNECT_TIMEOUT = 10.0  # seconds to connect (a server that accepts and never answers, a lock on SQLite)
SQLITE_LOCK_WAIT = 60.0  # seconds SQLite waits at least for another process's write lock
STATEMENT_TIMEOUT = 600.0  # seconds one statement may run on PostgreSQL; 0: no limit


def open_database(
    url: str,
    connect_timeout: float = CONNECT_TIMEOUT,
    statement_timeout: float = STATEMENT_TIMEOUT,
    *,
    create: bool = True,
    given_by: str | None = None,
) -> Engine:
    """An engine on ``url`` whose schema is at the latest migration, created on first use.

    ``connect_timeout`` bounds the wait for a connection (PostgreSQL; SQLite waits at least a
    minute for another process's write lock); ``statement_timeout`` bounds one statement on
    PostgreSQL. ``create`` False (a command that only reads): a SQLite file that is not there is
    refused, nothing created. ``given_by``: the variable the URL was read from; its SQLite file is
    made only in a folder that exists (the project's own data folder is made on first use).
    """
    source = given_by or "database URL"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlRefused(
            why_en=f"{source}: not a database URL (not shown: it may hold a password); {_WRITE_EN}",
            why_fr=f"{source} : pas une URL de base de données (non montrée : elle peut contenir un mot "
            f"de passe) ; {_WRITE_FR}",
        ) from None
    try:  # the driver first: a URL amoa cannot use creates nothing
        dialect = parsed.get_dialect()
        dialect.import_dbapi()
    except (NoSuchModuleError, ImportError):
        raise _no_driver(source, url, parsed.get_backend_name()) from None
    if dialect.is_async:  # asyncpg, aiosqlite: installed, but not for a synchronous engine
        raise _no_driver(source, url, parsed.get_backend_name(), parsed.get_driver_name())
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        _sqlite_file(Path(parsed.database), create, given_by)
    arguments: dict[str, object] = {}
    if parsed.get_backend_name() == "postgresql":
        arguments["connect_timeout"] = max(2, math.ceil(connect_timeout))  # libpq's least is 2 s
        if statement_timeout:
            given = parsed.query.get("options", "")
            options = " ".join(given) if isinstance(given, tuple) else given
            arguments["options"] = (
                f"{options} -c statement_timeout={math.ceil(statement_timeout * 1000)}".strip()
            )
    try:
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=arguments)
    except (NoSuchModuleError, ImportError):
        raise _no_driver(source, url, parsed.get_backend_name()) from None
    if engine.dialect.name == "sqlite":
        busy = int(max(connect_timeout, SQLITE_LOCK_WAIT) * 1000)  # another process's write may be long
        event.listen(engine, "connect", lambda connection, _record: _sqlite_pragmas(connection, busy))
    upgrade(engine, connect_timeout)
    return engine


_WRITE_EN = "write sqlite:///<path>/amoa.db or postgresql+psycopg://user@host:5432/base"
_WRITE_FR = "écrivez sqlite:///<chemin>/amoa.db ou postgresql+psycopg://utilisateur@hôte:5432/base"


def _no_driver(source: str, url: str, backend: str, asynchronous: str | None = None) -> DatabaseUrlRefused:
    """A URL whose dialect or driver is not installed (``postgres://``, ``postgresql://`` without
    psycopg2) or is ``asynchronous`` (asyncpg): wrong input, with the URL to write instead
    (PostgreSQL's driver here is psycopg 3)."""
    shown = safe_url(url)
    if asynchronous:
        what_en, what_fr = (
            f"{asynchronous} is an asynchronous driver",
            f"{asynchronous} est un pilote asynchrone",
        )
    else:
        what_en, what_fr = "no driver installed", "aucun pilote installé"
    if backend in ("postgres", "postgresql"):
        fixed = "postgresql+psycopg://" + shown.split("://", 1)[1]
        return DatabaseUrlRefused(
            why_en=f"{source}: {what_en} for {shown}; use {fixed} (psycopg 3)",
            why_fr=f"{source} : {what_fr} pour {shown} ; utilisez {fixed} (psycopg 3)",
        )
    return DatabaseUrlRefused(
        why_en=f"{source}: {what_en} for {shown}; {_WRITE_EN}",
        why_fr=f"{source} : {what_fr} pour {shown} ; {_WRITE_FR}",
    )


def _sqlite_file(database: Path, create: bool, given_by: str | None) -> None:
    """Check (or make the folder of) the SQLite file about to be opened; SQLite itself would create
    any file named, and a mistyped URL would give an empty database answering "nothing here"."""
    if database.exists():
        return
    source_en = f" ({given_by}): check the variable" if given_by else ""
    source_fr = f" ({given_by}) : vérifiez la variable" if given_by else ""
    if not create:
        how_en = "; nothing was created" if given_by else ": nothing recorded yet (amoa ingest makes it)"
        how_fr = " ; rien n'a été créé" if given_by else " : rien d'enregistré encore (amoa ingest la crée)"
        raise DatabaseUrlRefused(
            why_en=f"no database at {database}{source_en}{how_en}",
            why_fr=f"base introuvable : {database}{source_fr}{how_fr}",
        )
    if given_by and not database.parent.is_dir():
        raise DatabaseUrlRefused(
            why_en=f"no folder {database.parent} for the database {database.name}{source_en}; "
            "nothing was created",
            why_fr=f"dossier introuvable : {database.parent} pour la base {database.name}{source_fr} ; "
            "rien n'a été créé",
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # made by another process meanwhile: theirs is kept
        os.close(
            os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        )  # signed decisions: owner only


def upgrade(engine: Engine, connect_timeout: float | None = None) -> None:
    """Bring the schema to the latest migration; a no-op (and no lock) when it is there already.

    Whether it is there is found without Alembic (a third of a second to import): the head is read
    from the migration files, the database's revision from its ``alembic_version`` table.
    """
    head = head_revision()
    try:
        with engine.connect() as connection:
            if _revision(connection) == head:
                return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with _file_lock(engine), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(current_schema() || :name))"),
                                   {"name": ":amoa-workflow-migrations"})  # fmt: skip
            if _revision(connection) == head:  # migrated by another process while this one waited
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except DBAPIError as exc:
        raise database_failure(safe_url(str(engine.url)), exc, connect_timeout) from None


REVISION = re.compile(r'^(down_revision|revision) = (?:"([^"]*)"|None)$', re.MULTILINE)


def head_revision() -> str:
    """The latest migration: the one no other migration revises (read from the files, not imported)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in REVISION.findall(script.read_text(encoding="utf-8")):
            (revisions if name == "revision" else revised).add(value)
    heads = revisions - revised
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def _revision(connection: Connection) -> str | None:
    """The revision the database is at (what Alembic's ``alembic_version`` table says), None if new."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if found is None else str(found)


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


def _sqlite_pragmas(dbapi_connection: object, busy_timeout_ms: int) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
    cursor.close()
