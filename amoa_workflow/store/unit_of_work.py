"""The SQL unit of work: one connection, one transaction, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError, StatementError

from amoa_workflow.errors import TextTooLong
from amoa_workflow.store import locks
from amoa_workflow.store.campaigns import SqlCampaigns
from amoa_workflow.store.database import safe_url
from amoa_workflow.store.failures import database_failure
from amoa_workflow.store.gates import SqlGates
from amoa_workflow.store.links import SqlLinkUses
from amoa_workflow.store.outbox import SqlOutbox
from amoa_workflow.store.release_history import SqlReleaseHistory
from amoa_workflow.store.releases import SqlReleases
from amoa_workflow.store.repositories import SqlAuditLog, SqlGaps, SqlRequirements
from amoa_workflow.store.tracked_gaps import SqlTrackedGaps


class SqlUnitOfWork:
    requirements: SqlRequirements
    releases: SqlReleases
    campaigns: SqlCampaigns
    gaps: SqlGaps
    audit: SqlAuditLog
    outbox: SqlOutbox
    gates: SqlGates
    tracked_gaps: SqlTrackedGaps
    release_history: SqlReleaseHistory
    links: SqlLinkUses

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None

    def __enter__(self) -> Self:
        try:
            connection = self.engine.connect()
            connection.begin()
        except DBAPIError as exc:
            raise database_failure(safe_url(str(self.engine.url)), exc) from None
        self._connection = connection
        self.requirements = SqlRequirements(connection)
        self.releases = SqlReleases(connection)
        self.campaigns = SqlCampaigns(connection)
        self.gaps = SqlGaps(connection)
        self.audit = SqlAuditLog(connection)
        self.outbox = SqlOutbox(connection)
        self.gates = SqlGates(connection)
        self.tracked_gaps = SqlTrackedGaps(connection)
        self.release_history = SqlReleaseHistory(connection)
        self.links = SqlLinkUses(connection)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                connection.rollback()
            except DBAPIError:
                if error is None:
                    raise
            finally:
                connection.close()
        if isinstance(error, StatementError) and isinstance(error.orig, TextTooLong):
            raise error.orig from None  # one line for the user, on SQLite as on PostgreSQL
        if isinstance(error, OperationalError | InternalError):
            # a read-only file, a full disk, a lock or a timeout: one line for the user, not a traceback
            raise database_failure(safe_url(str(self.engine.url)), error) from None

    def lock(self, name: str) -> None:
        """Hold the lock ``name`` until this transaction ends: use cases holding it take turns."""
        if self._connection is None:
            raise RuntimeError("lock() outside of 'with unit_of_work:'")
        locks.hold(self._connection, name)

    def commit(self) -> None:
        if self._connection is None:
            raise RuntimeError("commit() outside of 'with unit_of_work:'")
        self._connection.commit()
        self._connection.begin()
