"""Signatures voided by new failures: a later run of a release brings a failure the approvers did not
see (not in the gate's basis), so the signatures on an approved gate (or the approvals given on a
pending one) no longer hold: the gate reopens in a new round, audited, and each approver who had
approved is told (``signature_voided``). The rule itself is :func:`amoa_workflow.domain.voiding.voided`.
With ``signature_ok``, the decisions are checked against the audit log first, as the PV checks
them: a decision forged in the table signed nothing, so nothing of it is voided or told.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from amoa_workflow.domain import gate_events
from amoa_workflow.domain.audit_review import SignatureCheck
from amoa_workflow.domain.decisions import latest
from amoa_workflow.domain.gates import GateDefinition, GateState
from amoa_workflow.domain.model import Gap
from amoa_workflow.domain.notifications import Event
from amoa_workflow.domain.voiding import voided
from amoa_workflow.gates import authenticity
from amoa_workflow.ports import ApprovalUnitOfWork

Clock = Callable[[], datetime]
Notify = Callable[[Sequence[Event]], object]


def void_signatures(
    uow: ApprovalUnitOfWork,
    definitions: Sequence[GateDefinition],
    release: str,
    gaps: Sequence[Gap],
    clock: Clock,
    notify: Notify,
    actor: str,
    signature_ok: SignatureCheck | None = None,
) -> list[GateState]:
    """Reopen the gates of ``release`` whose signatures a new failure voids; tell their approvers."""
    reopened: list[GateState] = []
    events: list[Event] = []
    with uow:
        for gate in uow.gates.for_release(release):
            definition = gate.rules or next((d for d in definitions if d.name == gate.name), None)
            history = uow.gates.decisions(gate)
            new = voided(gate, history, gaps)
            if definition is None or not new:
                continue
            check = (
                authenticity.check_before_deciding(uow, gate, history, signature_ok) if signature_ok else None
            )
            counted = latest(
                GateState(definition, gate, tuple(history), check).counted,  # of this round, verified
                gate_events.approver_ids(definition),
            )
            signed = [d for d in counted.values() if d.kind.approves]
            now = clock()
            if not uow.gates.reopen(gate, now, [g.identity for g in gaps]):
                continue
            uow.audit.append(
                actor,
                "gate.reopened",
                gate.audit_subject,
                {
                    "gate": gate.name,
                    "release": release,
                    "round": gate.round + 1,
                    "new_failures": list(new),
                    "voided": [d.approver for d in signed],
                },
            )
            fresh = uow.gates.get(release, gate.name)
            assert fresh is not None
            state = GateState(definition, fresh, tuple(history))
            reopened.append(state)
            events += [gate_events.signature_voided(state, d.approver, new) for d in signed]
        uow.commit()
    if events:
        notify(events)
    return reopened
