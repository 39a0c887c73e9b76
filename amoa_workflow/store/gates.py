"""Approval gates and their decisions in SQL.

A gate is one row per release and name; its decisions are appended, never updated. Deciding
starts by *locking* the gate: a conditional update that only matches a gate still pending in the
expected round. On PostgreSQL it holds the row until the transaction ends, on SQLite the database's
write lock: decisions on a gate are serialised, so exactly one of them closes it, and a decision
arriving after the close matches nothing and is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, func, insert, select, update

from amoa_workflow.domain.decisions import Decision, DecisionKind, Reservation
from amoa_workflow.domain.gates import Gate, GateDefinition, GateStatus, definition_from, rules_of
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.domain.reminders import PendingGate
from amoa_workflow.store.tables import decisions, gates, releases

PENDING = GateStatus.PENDING.value


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class SqlGates:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def pending(self) -> list[PendingGate]:
        rows = self.connection.execute(
            select(
                gates.c.id, gates.c.name, gates.c.opened_at, gates.c.round, gates.c.rules, releases.c.version
            )
            .join(releases, releases.c.id == gates.c.release_id)
            .where(gates.c.status == PENDING)
            .order_by(gates.c.id)
        ).all()
        decided: dict[int, set[str]] = {}
        rounds = {row.id: row.round for row in rows}
        if rows:
            for gate_id, approver, round_ in self.connection.execute(
                select(decisions.c.gate_id, decisions.c.approver, decisions.c.round).where(
                    decisions.c.gate_id.in_(list(rounds))
                )
            ):
                if round_ == rounds[gate_id]:
                    decided.setdefault(gate_id, set()).add(approver)
        found = []
        for row in rows:
            pending = PendingGate(
                row.id, row.version, row.name, _utc(row.opened_at), frozenset(decided.get(row.id, ()))
            )
            if row.rules:  # the gate's frozen rules: its own approvers, timeout and escalation
                rules = definition_from(row.name, row.rules)
                pending = replace(
                    pending,
                    approvers=tuple(a.id for a in rules.approvers),
                    timeout=rules.timeout,
                    escalate_to=rules.escalate_to,
                )
            found.append(pending)
        return found

    def get(self, release: str, name: str) -> Gate | None:
        row = self.connection.execute(
            self._query().where(releases.c.version == release, gates.c.name == name)
        ).first()
        return _gate(row) if row is not None else None

    def for_release(self, release: str) -> list[Gate]:
        rows = self.connection.execute(
            self._query().where(releases.c.version == release).order_by(gates.c.id)
        )
        return [_gate(row) for row in rows]

    def open(self, release: str, definition: GateDefinition, now: datetime, basis: frozenset[str]) -> Gate:
        """Insert the gate, pending, with its rules frozen; the caller checked it does not exist yet."""
        release_id = self.connection.execute(
            select(releases.c.id).where(releases.c.version == release)
        ).scalar_one()
        self.connection.execute(
            insert(gates).values(
                release_id=release_id,
                name=definition.name,
                status=PENDING,
                opened_at=now,
                round=1,
                basis=sorted(basis),
                rules=rules_of(definition),
            )
        )
        gate = self.get(release, definition.name)
        assert gate is not None
        return gate

    def freeze(self, gate: Gate, definition: GateDefinition) -> Gate:
        """Record the rules of a gate opened before rules were kept with it (once)."""
        self.connection.execute(
            update(gates)
            .where(gates.c.id == gate.id, gates.c.rules.is_(None))
            .values(rules=rules_of(definition))
        )
        frozen = self.get(gate.release, gate.name)
        assert frozen is not None
        return frozen

    def lock(self, gate: Gate) -> bool:
        """Take the gate for a decision; False when it is no longer pending in this round."""
        assert gate.id is not None
        result = self.connection.execute(
            update(gates)
            .where(gates.c.id == gate.id, gates.c.status == PENDING, gates.c.round == gate.round)
            .values(round=gates.c.round)  # changes nothing, but locks the row (or the SQLite database)
        )
        return result.rowcount == 1

    def all(self) -> list[Gate]:
        """Every gate of every release, in order."""
        return [_gate(row) for row in self.connection.execute(self._query().order_by(gates.c.id))]

    def decisions(self, gate: Gate) -> list[Decision]:
        """Every decision on the gate, all rounds, in order."""
        query = select(decisions).where(decisions.c.gate_id == gate.id).order_by(decisions.c.id)
        return [_decision(row) for row in self.connection.execute(query)]

    def next_sequence(self, gate: Gate, approver: str) -> int:
        query = select(func.max(decisions.c.sequence)).where(
            decisions.c.gate_id == gate.id, decisions.c.approver == approver
        )
        return int(self.connection.execute(query).scalar() or 0) + 1

    def recorded(self, source: str) -> bool:
        return (
            self.connection.execute(select(decisions.c.id).where(decisions.c.source == source)).first()
            is not None
        )

    def add_decision(self, gate: Gate, decision: Decision, source: str | None = None) -> None:
        reservations = [
            {"gap": r.gap, "owner": r.owner, "due": r.due.isoformat()} for r in decision.reservations
        ]
        self.connection.execute(
            insert(decisions).values(
                gate_id=gate.id,
                approver=decision.approver,
                sequence=decision.sequence,
                decision=decision.kind.value,
                comment=decision.comment,
                decided_at=decision.decided_at,
                round=decision.round,
                reservations=reservations,
                source=source,
                proof=decision.proof or None,
                key_fingerprint=decision.key_fingerprint or None,
                signature=decision.signature or None,
                pv_sha256=decision.pv_sha256 or None,
            )
        )

    def close(self, gate: Gate, outcome: Outcome, now: datetime) -> None:
        self.connection.execute(
            update(gates)
            .where(gates.c.id == gate.id)
            .values(status=GateStatus.CLOSED.value, outcome=outcome.value, closed_at=now)
        )

    def reopen(self, gate: Gate, now: datetime, basis: Sequence[str]) -> bool:
        """A new round, pending again from ``now``, on a new basis; False if it moved meanwhile."""
        result = self.connection.execute(
            update(gates)
            .where(gates.c.id == gate.id, gates.c.round == gate.round)
            .values(
                status=PENDING,
                outcome=None,
                closed_at=None,
                opened_at=now,
                round=gate.round + 1,
                basis=sorted(basis),
            )
        )
        return result.rowcount == 1

    def rebase(self, gate: Gate, basis: frozenset[str]) -> None:
        """The gap identities the gate's signatures of this round are given on."""
        self.connection.execute(
            update(gates)
            .where(gates.c.id == gate.id, gates.c.round == gate.round)
            .values(basis=sorted(basis))
        )

    def _query(self) -> Select[Any]:
        return select(gates, releases.c.version).join(releases, releases.c.id == gates.c.release_id)


def _gate(row: Row[Any]) -> Gate:
    mapping = row._mapping
    return Gate(
        id=mapping["id"],
        name=mapping["name"],
        release=mapping["version"],
        status=GateStatus(mapping["status"]),
        opened_at=_utc(mapping["opened_at"]),
        round=mapping["round"],
        outcome=Outcome(mapping["outcome"]) if mapping["outcome"] else Outcome.PENDING,
        closed_at=_utc(mapping["closed_at"]) if mapping["closed_at"] else None,
        basis=frozenset(mapping["basis"] or ()),
        rules=definition_from(mapping["name"], mapping["rules"]) if mapping["rules"] else None,
    )


def _decision(row: Row[Any]) -> Decision:
    mapping = row._mapping
    return Decision(
        approver=mapping["approver"],
        kind=DecisionKind(mapping["decision"]),
        decided_at=_utc(mapping["decided_at"]),
        comment=mapping["comment"] or "",
        reservations=tuple(
            Reservation(r["gap"], r["owner"], date.fromisoformat(r["due"]))
            for r in mapping["reservations"] or ()
        ),
        sequence=mapping["sequence"],
        round=mapping["round"],
        proof=mapping["proof"] or "",
        key_fingerprint=mapping["key_fingerprint"] or "",
        signature=mapping["signature"] or "",
        pv_sha256=mapping["pv_sha256"] or "",
        source=mapping["source"],
        id=mapping["id"],
    )
