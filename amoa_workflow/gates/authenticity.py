"""Gates as shown, checked: each decision against its audit entry and proof, the outcome against the
decisions that verify (:mod:`amoa_workflow.domain.verification`). The PV and ``amoa gates`` show
only checked states; a decision forged in the database is marked, never shown as genuine. Deciding
checks the same way the decisions already on the gate: a forged one never counts towards closing it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from amoa_workflow.domain import verification
from amoa_workflow.domain.audit_review import SignatureCheck
from amoa_workflow.domain.gates import Decision, Gate, GateState
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
