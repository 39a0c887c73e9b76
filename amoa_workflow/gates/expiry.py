"""Gates past their deadline: closed ``expired`` (or ``rejected``), audited, announced (which
wakes the flow waiting).

A gate's deadline is its opening time plus its ``timeout`` (frozen with its rules when it opened).
Past it with no quorum, the gate is closed with its ``on_timeout`` outcome, ``expired`` unless
configured ``rejected`` (never an approval: silence signs nothing): no decision is recorded on
it any more, its escalation has gone out (:mod:`amoa_workflow.domain.reminders`), and the flow run
waiting at it ends in a state named after it. Whoever notices first expires it (the flow's own
pause timing out, or the reminders flow for a suspended flow whose process has exited); the gate
is locked, so it is expired once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from amoa_workflow.domain import gate_events
from amoa_workflow.domain.audit_review import SignatureCheck
from amoa_workflow.domain.gates import GateDefinition, GateState, GateStatus
from amoa_workflow.domain.notifications import Event
from amoa_workflow.gates import authenticity
from amoa_workflow.ports import ApprovalUnitOfWork

EXPIRED = "gate.expired"


def closed_gates(uow: ApprovalUnitOfWork) -> set[tuple[str, str]]:
    """(release, gate) of every gate no longer pending: a run still waiting at one is woken."""
    with uow:
        return {(g.release, g.name) for g in uow.gates.all() if g.status is not GateStatus.PENDING}


def expire_due(
    uow: ApprovalUnitOfWork,
    definitions: Sequence[GateDefinition],
    clock: Callable[[], datetime],
    notify: Callable[[Sequence[Event]], object],
    actor: str,
    signature_ok: SignatureCheck | None = None,
) -> list[GateState]:
    """Close every pending gate past its deadline with its ``on_timeout`` outcome (``expired`` by
    default); announce each (the flow wakes). With ``signature_ok``, the states are checked against
    the audit log first: "gate closed" then lists only the reservations of decisions that verify."""
    by_name = {d.name: d for d in definitions}
    now = clock()
    expired: list[GateState] = []
    with uow:
        for gate in uow.gates.all():
            definition = gate.rules or by_name.get(gate.name)
            if gate.status is not GateStatus.PENDING or definition is None or definition.timeout is None:
                continue
            if now < gate.opened_at + definition.timeout or not uow.gates.lock(gate):
                continue
            current = uow.gates.get(gate.release, gate.name)
            if current is None or current.status is not GateStatus.PENDING or current.round != gate.round:
                continue  # decided or reopened meanwhile
            outcome = definition.on_timeout
            uow.gates.close(current, outcome, now)
            uow.audit.append(
                actor,
                EXPIRED,
                current.audit_subject,
                {"gate": current.name, "release": current.release, "round": current.round,
                 "deadline": (current.opened_at + definition.timeout).isoformat(), "outcome": outcome.value},
            )  # fmt: skip
            closed = replace(current, status=GateStatus.CLOSED, outcome=outcome, closed_at=now)
            expired.append(GateState(definition, closed, tuple(uow.gates.decisions(current))))
        uow.commit()
    if expired and signature_ok is not None:
        expired = authenticity.checked(uow, expired, signature_ok)
    if expired:
        notify([gate_events.gate_closed(state) for state in expired])
    return expired
