"""Approval gates in SQL, as far as notifications need them: those still pending and who decided.

The gate and decision workflow itself (opening, quorum, closing) writes these tables; here they
are only read, for reminders and escalation.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, select

from amoa_workflow.domain.reminders import PendingGate
from amoa_workflow.store.tables import decisions, gates, releases

PENDING = "pending"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class SqlGates:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def pending(self) -> list[PendingGate]:
        rows = self.connection.execute(
            select(gates.c.id, gates.c.name, gates.c.opened_at, releases.c.version)
            .join(releases, releases.c.id == gates.c.release_id)
            .where(gates.c.status == PENDING)
            .order_by(gates.c.id)
        ).all()
        decided: dict[int, set[str]] = {}
        if rows:
            for gate_id, approver in self.connection.execute(
                select(decisions.c.gate_id, decisions.c.approver).where(
                    decisions.c.gate_id.in_([row.id for row in rows])
                )
            ):
                decided.setdefault(gate_id, set()).add(approver)
        return [
            PendingGate(
                id=row.id,
                release=row.version,
                checkpoint=row.name,
                opened_at=_utc(row.opened_at),
                decided=frozenset(decided.get(row.id, ())),
            )
            for row in rows
        ]
