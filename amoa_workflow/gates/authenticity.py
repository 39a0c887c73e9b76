"""Gates as shown, checked: each decision against its audit entry and proof, the outcome against the
decisions that verify (:mod:`amoa_workflow.domain.verification`). The PV and ``amoa gates`` show
only checked states; a decision forged in the database is marked, never shown as genuine. Deciding
checks the same way the decisions already on the gate: a forged one never counts towards closing it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from amoa_workflow.domain import verification
from amoa_workflow.domain.audit_review import SignatureCheck
from amoa_workflow.domain.decisions import Decision
from amoa_workflow.domain.gates import Gate, GateState, GateStatus, counted_decisions
from amoa_workflow.ports import ApprovalUnitOfWork


def checked(
    uow: ApprovalUnitOfWork, states: Sequence[GateState], signature_ok: SignatureCheck
) -> list[GateState]:
    """``states`` with their check: one read of their gates' audit entries, one signature check per
    signed decision of their current rounds."""
    if not states:
        return []
    with uow:
        entries = uow.audit.about(sorted({s.gate.audit_subject for s in states}))
        return [
            replace(s, check=verification.check(s.gate, s.history, entries, signature_ok, uow.audit.sealed))
            for s in states
        ]


def check_before_deciding(
    uow: ApprovalUnitOfWork, gate: Gate, decisions: Sequence[Decision], signature_ok: SignatureCheck
) -> verification.GateCheck:
    """The decisions already on a pending ``gate`` checked as the PV checks them, in the deciding
    transaction: those that do not verify are not counted towards its outcome (one read of the
    gate's audit entries, one signature check per signed decision of its round)."""
    entries = uow.audit.about([gate.audit_subject])
    return verification.check(gate, decisions, entries, signature_ok, uow.audit.sealed)


def unverified(states: Sequence[GateState]) -> list[GateState]:
    """The checked states that show something that does not verify."""
    return [s for s in states if s.check is not None and not s.check.verified]


def counted_approvers(uow: ApprovalUnitOfWork, signature_ok: SignatureCheck) -> dict[int, frozenset[str]]:
    """By pending gate id, who has a decision of its current round that verifies: whom the reminders
    spare (a decision forged in the table decides nothing, its approver is still reminded). One read
    of the pending gates' audit entries, one signature check per signed decision of their rounds."""
    with uow:
        pending = [g for g in uow.gates.all() if g.status is GateStatus.PENDING and g.id is not None]
        if not pending:
            return {}
        entries = uow.audit.about(sorted({g.audit_subject for g in pending}))
        counted: dict[int, frozenset[str]] = {}
        for gate in pending:
            history = uow.gates.decisions(gate)
            check = verification.check(gate, history, entries, signature_ok, uow.audit.sealed)
            assert gate.id is not None
            counted[gate.id] = frozenset(d.approver for d in counted_decisions(gate, history, check))
        return counted
