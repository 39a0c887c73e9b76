"""Approvers' links used once, recorded in the audit log: no table of their own.

Deciding with a link appends ``link.used`` (subject: the link's id) to the hash-chained,
append-only audit log, in the transaction of the decision; a link whose id is already there is
refused. On PostgreSQL a transaction-scoped advisory lock serialises the check and the append
(two clicks at once: one decides, the other is refused); SQLite serialises writers by itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, exists, select, text

from amoa_workflow.errors import LinkRefused
from amoa_workflow.store.repositories import AUDIT_LOCK, SqlAuditLog
from amoa_workflow.store.tables import audit_log

USED = "link.used"


class SqlLinkUses:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def used(self, link_id: str) -> bool:
        query = select(exists().where(audit_log.c.action == USED, audit_log.c.subject == link_id))
        return bool(self.connection.execute(query).scalar())

    def claim(self, link_id: str, actor: str, details: dict[str, Any]) -> None:
        """Record that ``link_id`` is used now; already used: :class:`LinkRefused` ("used")."""
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
        if self.used(link_id):
            raise LinkRefused(reason="used")
        SqlAuditLog(self.connection).append(actor, USED, link_id, details)
