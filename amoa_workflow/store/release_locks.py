"""One checkpoint of a release at a time, whatever starts it (a deployment, ``amoa checkpoint``,
a trigger on new release notes), on any host sharing the database.

The lock is held from the ingest to the opening of the gates (not while a flow waits at its gate:
a suspended run has no process to hold it). On PostgreSQL, a session advisory lock keyed by the
schema and the release, on a connection of its own (no transaction stays open); on a SQLite file,
an exclusive ``flock`` on a file next to the database. The second checkpoint is told once
(``on_wait``) and waits its turn; with an in-memory database there is nothing to share.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, text

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's own locking only
    fcntl = None  # type: ignore[assignment]

_KEY = "current_schema() || ':amoa:checkpoint:' || :release"


@contextlib.contextmanager
def checkpoint_of(engine: Engine, release: str, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the checkpoint lock of ``release``; ``on_wait`` is called once if another holds it."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, release, on_wait):
            yield
    else:
        with _file(engine, release, on_wait):
            yield


@contextlib.contextmanager
def _advisory(engine: Engine, release: str, on_wait: Callable[[], None]) -> Iterator[None]:
    with engine.connect() as connection:
        taken = connection.execute(
            text(f"SELECT pg_try_advisory_lock(hashtext({_KEY}))"), {"release": release}
        )
        if not taken.scalar():
            connection.commit()
            on_wait()
            connection.execute(text(f"SELECT pg_advisory_lock(hashtext({_KEY}))"), {"release": release})
        connection.commit()  # the session holds the lock: no transaction stays open meanwhile
        try:
            yield
        finally:
            connection.execute(text(f"SELECT pg_advisory_unlock(hashtext({_KEY}))"), {"release": release})
            connection.commit()


@contextlib.contextmanager
def _file(engine: Engine, release: str, on_wait: Callable[[], None]) -> Iterator[None]:
    database = engine.url.database
    if database in (None, "", ":memory:") or fcntl is None:
        yield
        return
    digest = hashlib.sha256(release.encode()).hexdigest()[:16]
    with Path(f"{database}.checkpoint-{digest}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
