"""The notifications of approval gates: approval requested, decision recorded, gate closed,
signature voided. Pure: each builds an :class:`~amoa_workflow.domain.notifications.Event` whose
facts are those its template reads (see :class:`~amoa_workflow.domain.notifications.EventKind`).
Every event goes to the gate's approvers by id (``to``), whatever their checkpoints and domains.
"""

from __future__ import annotations

from collections.abc import Sequence

from amoa_workflow.domain.decisions import Decision
from amoa_workflow.domain.gates import Gate, GateDefinition, GateState
from amoa_workflow.domain.model import Gap, Severity
from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.domain.reminders import gate_subject


def _facts(state: GateState, **more: object) -> dict[str, object]:
    return {
        "release": state.gate.release,
        "checkpoint": state.definition.label,
        "gate": state.gate.name,
        **more,
    }


def approver_ids(definition: GateDefinition) -> tuple[str, ...]:
    return tuple(a.id for a in definition.approvers)


def approval_requested(
    definition: GateDefinition, gate: Gate, gaps: Sequence[Gap], recommendation: str | None
) -> Event:
    facts = _facts(
        GateState(definition, gate, ()),
        gaps=len(gaps),
        blocking=sum(g.severity is Severity.BLOCKING for g in gaps),
    )
    if recommendation:
        facts["recommendation"] = recommendation
    return Event(
        EventKind.APPROVAL_REQUESTED,
        gate_subject(gate.id or 0),
        facts,
        checkpoint=definition.checkpoint,
        to=approver_ids(definition),
        occurrence=f"round-{gate.round}",
    )


def decision_recorded(state: GateState, decision: Decision) -> Event:
    who = state.definition.approver(decision.approver)
    facts = _facts(state, approver=who.name if who else decision.approver, decision=decision.kind.value)
    if decision.comment:
        facts["comment"] = decision.comment
    return Event(
        EventKind.DECISION_RECORDED,
        gate_subject(state.gate.id or 0),
        facts,
        to=approver_ids(state.definition),
        occurrence=f"{decision.approver}-{decision.sequence}",
    )


def gate_closed(state: GateState) -> Event:
    """The gate closed: its outcome, the reservations of the decisions that verify (a checked state),
    and who has a decision in the round that does not (forged in the database: named, never listed)."""
    reservations = [
        f"{r.gap} ({r.owner}, {r.due.isoformat()})" for d in state.counted for r in d.reservations
    ]
    facts = _facts(state, outcome=state.gate.outcome.value)
    if reservations:
        facts["reservations"] = reservations
    counted = set(state.counted)
    doubtful = [d.approver for d in state.decisions if d not in counted]
    if doubtful:
        names = {a.id: a.name or a.id for a in state.definition.approvers}
        facts["not_verified"] = sorted({names.get(a, a) for a in doubtful})
    return Event(
        EventKind.GATE_CLOSED,
        gate_subject(state.gate.id or 0),
        facts,
        to=approver_ids(state.definition),
        occurrence=f"round-{state.gate.round}",
    )


def signature_voided(state: GateState, approver: str, new: Sequence[str]) -> Event:
    who = state.definition.approver(approver)
    facts = _facts(state, approver=who.name if who else approver, reason=", ".join(new))
    return Event(
        EventKind.SIGNATURE_VOIDED,
        gate_subject(state.gate.id or 0),
        facts,
        to=(approver,),
        occurrence=f"round-{state.gate.round}",
    )
