"""Use cases of approval gates: open them, decide, void signatures, read their state.

One service for every way of deciding (``amoa approve``, a Prefect run input, the web page): only
an approver of the gate may decide; each decision is a new row and a new audit entry (a changed
decision is a new one); deciding locks the gate, so concurrent decisions give exactly one outcome.
Each function takes its dependencies; ``notify`` queues (and may deliver) events once committed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from amoa_workflow.domain import gate_events
from amoa_workflow.domain import gates as rules
from amoa_workflow.domain.gates import (
    Decision,
    DecisionKind,
    Gate,
    GateDefinition,
    GateState,
    GateStatus,
    Outcome,
    Reservation,
)
from amoa_workflow.domain.model import Gap
from amoa_workflow.domain.notifications import Event
from amoa_workflow.errors import DecisionRefused, GateNotFound
from amoa_workflow.gates import reservations as reservations_module
from amoa_workflow.ports import ApprovalUnitOfWork

__all__ = ["GateState", "Notify", "Recorded", "decide", "gate_states", "open_gates", "void_signatures"]

Clock = Callable[[], datetime]
Notify = Callable[[Sequence[Event]], object]
_REFUSALS = {
    "needs_reservations": (
        "approving with reservations needs at least one reservation",
        "une approbation avec réserves demande au moins une réserve",
    ),
    "reservations_need_kind": (
        "reservations go with the decision approve_with_reservations",
        "les réserves vont avec la décision approve_with_reservations",
    ),
    "reject_needs_comment": ("a rejection needs a comment (why)", "un refus demande un commentaire"),
    "reservation_incomplete": (
        "each reservation needs a gap or a text, an owner and a due date",
        "chaque réserve demande un écart ou un texte, un responsable et une échéance",
    ),
}


_CLOSED = {
    Outcome.APPROVED: ("approved", "approuvée"),
    Outcome.APPROVED_WITH_RESERVATIONS: ("approved with reservations", "approuvée avec réserves"),
    Outcome.REJECTED: ("rejected", "refusée"),
    Outcome.PENDING: ("pending", "en attente"),
}


@dataclass(frozen=True)
class Recorded:
    state: GateState
    recorded: bool = True  # False: this source (a replayed run input) was recorded before
    closed: bool = False  # this decision closed the gate


def open_gates(
    uow: ApprovalUnitOfWork,
    definitions: Sequence[GateDefinition],
    checkpoint: str,
    release: str,
    gaps: Sequence[Gap],
    recommendation: str | None,
    clock: Clock,
    notify: Notify,
    actor: str,
) -> list[GateState]:
    """Open, pending, the gates of ``checkpoint`` not opened yet for ``release``; ask their approvers."""
    events: list[Event] = []
    states: list[GateState] = []
    with uow:
        for definition in (d for d in definitions if d.checkpoint == checkpoint):
            gate = uow.gates.get(release, definition.name)
            if gate is None:
                basis = frozenset(g.identity for g in gaps)
                gate = uow.gates.open(release, definition.name, clock(), basis)
                uow.audit.append(
                    actor,
                    "gate.opened",
                    _subject(gate),
                    {
                        "round": gate.round,
                        "basis": sorted(basis),
                        "approvers": [a.id for a in definition.approvers],
                        "quorum": definition.quorum.describe(),
                    },
                )
                events.append(gate_events.approval_requested(definition, gate, gaps, recommendation))
            states.append(GateState(definition, gate, tuple(uow.gates.decisions(gate))))
        uow.commit()
    if events:
        notify(events)
    return states


def decide(
    uow: ApprovalUnitOfWork,
    definitions: Sequence[GateDefinition],
    release: str,
    gate_name: str,
    approver: str,
    kind: DecisionKind,
    comment: str,
    reservations: Sequence[Reservation],
    clock: Clock,
    notify: Notify,
    source: str | None = None,
) -> Recorded:
    """Record ``approver``'s decision on a pending gate and close it when its quorum is reached."""
    definition = _definition(definitions, gate_name, release)
    found = rules.problems(kind, comment, reservations)
    if found:
        en, fr = _REFUSALS[found[0]]
        raise DecisionRefused(gate_name, release, why_en=en, why_fr=fr)
    if definition.approver(approver) is None:
        _refused(uow, release, definition, approver, kind)
        names = ", ".join(a.id for a in definition.approvers)
        raise DecisionRefused(
            gate_name,
            release,
            why_en=f"'{approver}' is not one of its approvers ({names})",
            why_fr=f"« {approver} » n'en est pas approbateur ({names})",
        )
    with uow:
        gate = _locked(uow, definition, release, source)
        if gate is None:  # this source was recorded before: a replayed run input
            current = uow.gates.get(release, gate_name)
            assert current is not None
            return Recorded(
                GateState(definition, current, tuple(uow.gates.decisions(current))), recorded=False
            )
        now = clock()
        sequence = uow.gates.next_sequence(gate, approver)
        decision = Decision(approver, kind, now, comment, tuple(reservations), sequence, gate.round)
        uow.gates.add_decision(gate, decision, source)
        reservations_module.reserve(
            uow.tracked_gaps, release, decision.reservations, f"{gate_name}: {approver}"
        )
        details = {
            "gate": definition.name,
            "release": release,
            "round": gate.round,
            "sequence": sequence,
            "decision": kind.value,
            "comment": comment,
            "source": source,
            "reservations": [
                {"gap": r.gap, "owner": r.owner, "due": r.due.isoformat()} for r in reservations
            ],
        }
        uow.audit.append(approver, "gate.decision", _subject(gate), details)
        history = tuple(uow.gates.decisions(gate))
        result = rules.outcome(
            definition.quorum, definition.approvers, (d for d in history if d.round == gate.round)
        )
        if result is not Outcome.PENDING:
            uow.gates.close(gate, result, now)
            uow.audit.append(
                approver,
                "gate.closed",
                _subject(gate),
                {"gate": definition.name, "release": release, "round": gate.round, "outcome": result.value},
            )
            gate = replace(gate, status=GateStatus.CLOSED, outcome=result, closed_at=now)
        uow.commit()
    state = GateState(definition, gate, history)
    events = [gate_events.decision_recorded(state, decision)]
    if result is not Outcome.PENDING:
        events.append(gate_events.gate_closed(state))
    notify(events)
    return Recorded(state, recorded=True, closed=result is not Outcome.PENDING)


def void_signatures(
    uow: ApprovalUnitOfWork,
    definitions: Sequence[GateDefinition],
    release: str,
    gaps: Sequence[Gap],
    clock: Clock,
    notify: Notify,
    actor: str,
) -> list[GateState]:
    """Reopen the gates of ``release`` whose signatures a new failure voids; tell their approvers."""
    reopened: list[GateState] = []
    events: list[Event] = []
    with uow:
        for gate in uow.gates.for_release(release):
            definition = next((d for d in definitions if d.name == gate.name), None)
            history = uow.gates.decisions(gate)
            new = rules.voided(gate, history, gaps)
            if definition is None or not new:
                continue
            counted = rules.latest(
                (d for d in history if d.round == gate.round), gate_events.approver_ids(definition)
            )
            signed = [d for d in counted.values() if d.kind.approves]
            now = clock()
            if not uow.gates.reopen(gate, now, [g.identity for g in gaps]):
                continue
            uow.audit.append(
                actor,
                "gate.reopened",
                _subject(gate),
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


def gate_states(
    uow: ApprovalUnitOfWork, definitions: Sequence[GateDefinition], release: str
) -> list[GateState]:
    """The gates opened for ``release`` (configured ones), with their decisions."""
    with uow:
        found = uow.gates.for_release(release)
        by_name = {d.name: d for d in definitions}
        return [
            GateState(by_name[g.name], g, tuple(uow.gates.decisions(g))) for g in found if g.name in by_name
        ]


def _definition(definitions: Sequence[GateDefinition], name: str, release: str) -> GateDefinition:
    definition = next((d for d in definitions if d.name == name), None)
    if definition is None:
        raise GateNotFound(name, release, [d.name for d in definitions], configured=False)
    return definition


def _locked(
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
            en, fr = _CLOSED[gate.outcome]
            raise DecisionRefused(definition.name, release, why_en=f"the gate is closed: {en}",
                                  why_fr=f"la porte est close : {fr}")  # fmt: skip
    raise DecisionRefused(
        definition.name,
        release,
        why_en="the gate keeps changing, try again",
        why_fr="la porte change sans cesse, réessayez",
    )


def _subject(gate: Gate) -> str:
    return f"{gate.name}/{gate.release}"


def _refused(
    uow: ApprovalUnitOfWork, release: str, definition: GateDefinition, who: str, kind: DecisionKind
) -> None:
    """Keep the refused attempt in the audit log (its own transaction: the refusal is the answer)."""
    with uow:
        uow.audit.append(
            who,
            "gate.decision_refused",
            f"{definition.name}/{release}",
            {"gate": definition.name, "release": release, "decision": kind.value, "why": "not an approver"},
        )
        uow.commit()


def reservations_from(texts: Sequence[str]) -> list[Reservation]:
    """``GAP|OWNER|YYYY-MM-DD`` texts (``--reservation``) as reservations; ValueError if malformed."""
    found = []
    for text in texts:
        parts = [p.strip() for p in text.split("|")]
        if len(parts) != 3:
            raise ValueError(text)
        found.append(Reservation(parts[0], parts[1], date.fromisoformat(parts[2])))
    return found
