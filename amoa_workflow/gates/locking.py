"""The gate a decision is made on: found among the configured ones, locked until the decision's
transaction ends (refused when it is closed), its rules frozen when it was opened without them."""

from __future__ import annotations

from collections.abc import Sequence

from amoa_workflow.domain.gates import Gate, GateDefinition, GateStatus, rules_of
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.errors import DecisionRefused, GateNotFound
from amoa_workflow.ports import ApprovalUnitOfWork

_CLOSED = {
    Outcome.APPROVED: ("approved", "approuvée"),
    Outcome.APPROVED_WITH_RESERVATIONS: ("approved with reservations", "approuvée avec réserves"),
    Outcome.REJECTED: ("rejected", "refusée"),
    Outcome.EXPIRED: ("expired: its deadline passed", "expirée : son délai est dépassé"),
    Outcome.PENDING: ("pending", "en attente"),
}


def definition_of(definitions: Sequence[GateDefinition], name: str, release: str) -> GateDefinition:
    definition = next((d for d in definitions if d.name == name), None)
    if definition is None:
        raise GateNotFound(name, release, [d.name for d in definitions], configured=False)
    return definition


def lock_for_decision(
    uow: ApprovalUnitOfWork, definition: GateDefinition, release: str, source: str | None
) -> Gate | None:
    """The gate, locked for a decision until the transaction ends; None when ``source`` is recorded.

    Refused when the gate is closed. A reopening meanwhile (a new round): the new round is taken.
    """
    for _ in range(3):
        gate = uow.gates.get(release, definition.name)
        if gate is None:
            raise GateNotFound(definition.name, release, [])
        locked = gate.status is GateStatus.PENDING and uow.gates.lock(gate)
        if source is not None and uow.gates.recorded(source):
            return None
        if locked:
            return gate
        if gate.status is GateStatus.CLOSED:
            raise _closed(definition.name, release, gate.outcome)
    raise DecisionRefused(
        definition.name,
        release,
        why_en="the gate keeps changing, try again",
        why_fr="la porte change sans cesse, réessayez",
    )


def with_rules_frozen(uow: ApprovalUnitOfWork, gate: Gate, configured: GateDefinition) -> Gate:
    """A gate opened before rules were kept with it gets today's, recorded (and audited) once."""
    if gate.rules is not None:
        return gate
    frozen = uow.gates.freeze(gate, configured)
    uow.audit.append("amoa-workflow", "gate.rules_frozen", gate.audit_subject,
                     {"gate": gate.name, "release": gate.release, "rules": rules_of(configured)})  # fmt: skip
    return frozen


def decidable(uow: ApprovalUnitOfWork, definition: GateDefinition, release: str) -> Gate:
    """The gate of ``release`` a decision can be made on: refused when the release has not opened it
    (a mistyped release, a checkpoint not run) or when it is closed."""
    gate = uow.gates.get(release, definition.name)
    if gate is None:
        raise GateNotFound(definition.name, release, [g.name for g in uow.gates.for_release(release)])
    if gate.status is GateStatus.CLOSED:
        raise _closed(definition.name, release, gate.outcome)
    return gate


def _closed(name: str, release: str, outcome: Outcome) -> DecisionRefused:
    en, fr = _CLOSED[outcome]
    return DecisionRefused(
        name, release, why_en=f"the gate is closed: {en}", why_fr=f"la porte est close : {fr}"
    )
