"""Use cases of approval gates: open a checkpoint's gates, read their state.

A gate opens pending with its **frozen rules** (who may decide and by which quorum, recorded with it
and audited): a later change of the configuration only affects gates opened after it. Its approvers
are asked, and decide through :func:`amoa_workflow.gates.decisions.decide`. Read, a gate's state may
be checked against the audit log (:mod:`amoa_workflow.gates.authenticity`). Each function takes its
dependencies; ``notify`` queues (and may deliver) events once committed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from amoa_workflow.domain import gate_events
from amoa_workflow.domain.audit_review import SignatureCheck
from amoa_workflow.domain.gates import GateDefinition, GateState, rules_of
from amoa_workflow.domain.model import Gap
from amoa_workflow.domain.notifications import Event
from amoa_workflow.gates import authenticity
from amoa_workflow.ports import ApprovalUnitOfWork

Clock = Callable[[], datetime]
Notify = Callable[[Sequence[Event]], object]


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
    signature_ok: SignatureCheck | None = None,
) -> list[GateState]:
    """Open, pending, the gates of ``checkpoint`` not opened yet for ``release``; ask their approvers.
    Their states, with ``signature_ok`` checked against the audit log (a gate opened before, as a
    resumed flow finds it, may have been changed in the database since)."""
    events: list[Event] = []
    states: list[GateState] = []
    with uow:
        for definition in (d for d in definitions if d.checkpoint == checkpoint):
            gate = uow.gates.get(release, definition.name)
            if gate is None:
                basis = frozenset(g.identity for g in gaps)
                gate = uow.gates.open(release, definition, clock(), basis)
                uow.audit.append(
                    actor,
                    "gate.opened",
                    gate.audit_subject,
                    {
                        "gate": definition.name,
                        "release": release,
                        "round": gate.round,
                        "basis": sorted(basis),
                        "approvers": [a.id for a in definition.approvers],
                        "quorum": definition.quorum.describe(),
                        "rules": rules_of(definition),
                    },
                )
                events.append(gate_events.approval_requested(definition, gate, gaps, recommendation))
            states.append(GateState(gate.rules or definition, gate, tuple(uow.gates.decisions(gate))))
        uow.commit()
    if events:
        notify(events)
    return states if signature_ok is None else authenticity.checked(uow, states, signature_ok)


def gate_states(
    uow: ApprovalUnitOfWork,
    definitions: Sequence[GateDefinition],
    release: str,
    signature_ok: SignatureCheck | None = None,
) -> list[GateState]:
    """The gates opened for ``release`` (configured ones), with their decisions; with
    ``signature_ok``, checked against the audit log (what the PV and ``amoa gates`` show)."""
    with uow:
        found = uow.gates.for_release(release)
        by_name = {d.name: d for d in definitions}
        states = [
            GateState(g.rules or by_name[g.name], g, tuple(uow.gates.decisions(g)))
            for g in found
            if g.name in by_name
        ]
    return states if signature_ok is None else authenticity.checked(uow, states, signature_ok)
