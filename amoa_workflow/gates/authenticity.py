"""Gates as shown, checked: each decision against its audit entry and proof, the outcome against the
decisions that verify (:mod:`amoa_workflow.domain.verification`). The PV and ``amoa gates`` show
only checked states; a decision forged in the database is marked, never shown as genuine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from amoa_workflow.domain import verification
from amoa_workflow.domain.audit_review import SignatureCheck
from amoa_workflow.domain.gates import GateState
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


def unverified(states: Sequence[GateState]) -> list[GateState]:
    """The checked states that show something that does not verify."""
    return [s for s in states if s.check is not None and not s.check.verified]
