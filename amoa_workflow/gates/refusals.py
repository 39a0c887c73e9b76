"""Run inputs refused at a gate, kept in the audit log once each.

A decision sent through the Prefect form that cannot be recorded (no proof, a bad identity, a gate
already closed…) is refused *visibly*: the flow logs it and the audit log keeps it, with the input's
source (``prefect:<flow run>:<pause key>``). A suspended flow resumed later runs again from the top
and reads its earlier inputs again: the same source is audited once, never per replay.
"""

from __future__ import annotations

from amoa_workflow.ports import ApprovalUnitOfWork

REFUSED = "gate.input_refused"


def record_refusal(
    uow: ApprovalUnitOfWork, release: str, gate: str, source: str, approver: str, why: str
) -> bool:
    """Audit the refusal of the input from ``source``; False when it was audited before."""
    with uow:
        if any(e.action == REFUSED and e.details.get("source") == source for e in uow.audit.entries()):
            return False
        found = uow.gates.get(release, gate)
        subject = found.audit_subject if found is not None else f"{gate}/{release}"
        details = {"gate": gate, "release": release, "source": source, "approver": approver, "why": why}
        uow.audit.append(approver or "unknown", REFUSED, subject, details)
        uow.commit()
    return True
