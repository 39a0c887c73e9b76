"""The SQL unit of work: one connection, one transaction, rolled back unless committed.

While it is open Python's cyclic garbage collector waits (:mod:`~.cyclic_collector`): a large
campaign's transaction builds hundreds of thousands of objects without cycles.

Once a transaction that appended audit entries is committed, their hashes are appended to the
anchor file (outside the database), each line naming the database (:func:`~.database.database_identity`):
a later cut or rewrite of the log shows against it, and another database's heads never do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError, StatementError

from amoa_workflow.domain.audit import anchor_line
from amoa_workflow.errors import TextTooLong
from amoa_workflow.store import locks
from amoa_workflow.store.campaigns import SqlCampaigns
from amoa_workflow.store.cyclic_collector import HOLD
from amoa_workflow.store.database import safe_url
from amoa_workflow.store.failures import database_failure
from amoa_workflow.store.gates import SqlGates
from amoa_workflow.store.links import SqlLinkUses
from amoa_workflow.store.manual import SqlManualWork
from amoa_workflow.store.outbox import SqlOutbox
from amoa_workflow.store.release_history import SqlReleaseHistory
from amoa_workflow.store.releases import SqlReleases
from amoa_workflow.store.report_archive import SqlReportArchive
from amoa_workflow.store.report_files import ReportFiles
from amoa_workflow.store.repositories import SqlAuditLog, SqlGaps, SqlRequirements
from amoa_workflow.store.tracked_gaps import SqlTrackedGaps


@dataclass(frozen=True)
class AuditProtection:
    """What protects the audit log beyond its chain: a key for MACs, a file of anchored heads."""

    key: bytes | None = None  # AMOA_AUDIT_KEY
    anchor: Path | None = None  # AMOA_AUDIT_ANCHOR, or data/audit-anchor.txt
    database: str = ""  # the database's identity its anchor lines carry (database_identity)

    def __repr__(self) -> str:
        key = "<set>" if self.key else None
        return f"AuditProtection(key={key}, anchor={self.anchor}, database={self.database})"


def write_anchors(path: Path, heads: list[tuple[int, str, str]], database: str) -> None:
    """Append the heads of ``database`` to the anchor file, in one short append (writers never cut
    each other's lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="ascii") as file:
        file.write("".join(anchor_line(entry_id, digest, at, database) for entry_id, digest, at in heads))


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
    manual: SqlManualWork
    reports: SqlReportArchive

    def __init__(
        self, engine: Engine, protection: AuditProtection | None = None, report_store: str = ""
    ) -> None:
        self.engine = engine
        self.protection = protection or AuditProtection()
        self.report_files = ReportFiles(report_store)  # [reports] store: where stored PVs' bytes go
        self._connection: Connection | None = None

    def __enter__(self) -> Self:
        HOLD.hold()  # the cyclic collector waits until the transaction ends (:mod:`~.cyclic_collector`)
        try:
            connection = self.engine.connect()
            connection.begin()
        except DBAPIError as exc:
            HOLD.release()
            raise database_failure(safe_url(str(self.engine.url)), exc) from None
        except BaseException:
            HOLD.release()
            raise
        self._connection = connection
        self.requirements = SqlRequirements(connection)
        self.releases = SqlReleases(connection)
        self.campaigns = SqlCampaigns(connection)
        self.gaps = SqlGaps(connection)
        self.audit = SqlAuditLog(connection, self.protection.key)
        self.outbox = SqlOutbox(connection)
        self.gates = SqlGates(connection)
        self.tracked_gaps = SqlTrackedGaps(connection)
        self.release_history = SqlReleaseHistory(connection)
        self.links = SqlLinkUses(connection, self.audit)
        self.manual = SqlManualWork(connection)
        self.reports = SqlReportArchive(connection, self.report_files)
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
                HOLD.release()
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
        heads, self.audit.appended = self.audit.appended, []
        if heads and self.protection.anchor is not None:
            try:
                write_anchors(self.protection.anchor, heads, self.protection.database)
            except OSError as exc:  # committed already: say so, do not pretend it failed
                logging.getLogger(__name__).warning(
                    "audit anchor %s not written: %s", self.protection.anchor, exc
                )
        self._connection.begin()
