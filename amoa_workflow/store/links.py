"""Approvers' links used once or revoked, recorded in the audit log: no table of their own.

Deciding with a link appends ``link.used`` (subject: the link's id) to the hash-chained,
append-only audit log, in the transaction of the decision; ``amoa link revoke`` appends
``link.revoked``. A link whose id is there opens nothing more. On PostgreSQL a transaction-scoped
advisory lock serialises the check and the append (two clicks at once: one decides, the other is
refused); SQLite serialises writers by itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, text

from amoa_workflow.errors import LinkRefused
from amoa_workflow.store.repositories import AUDIT_LOCK, SqlAuditLog
from amoa_workflow.store.tables import audit_log

USED = "link.used"
REVOKED = "link.revoked"
_STATES = {USED: "used", REVOKED: "revoked"}


class SqlLinkUses:
    def __init__(self, connection: Connection, audit: SqlAuditLog | None = None) -> None:
        self.connection = connection
        self.audit = audit or SqlAuditLog(connection)

    def state(self, link_id: str) -> str | None:
        """ "used" or "revoked" (the first recorded), None while the link may be used."""
        query = (
            select(audit_log.c.action)
            .where(audit_log.c.action.in_(list(_STATES)), audit_log.c.subject == link_id)
            .order_by(audit_log.c.id)
            .limit(1)
        )
        action = self.connection.execute(query).scalar()
        return _STATES[action] if action else None

    def used(self, link_id: str) -> bool:
        return self.state(link_id) is not None

    def claim(self, link_id: str, actor: str, details: dict[str, Any]) -> None:
        """Record that ``link_id`` is used now; used or revoked: :class:`LinkRefused`."""
        self._lock()
        state = self.state(link_id)
        if state is not None:
            raise LinkRefused(reason=state)
        self.audit.append(actor, USED, link_id, details)

    def revoke(self, link_id: str, actor: str, details: dict[str, Any]) -> bool:
        """Revoke ``link_id``; False when it was already used or revoked (nothing appended)."""
        self._lock()
        if self.state(link_id) is not None:
            return False
        self.audit.append(actor, REVOKED, link_id, details)
        return True

    def _lock(self) -> None:
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
