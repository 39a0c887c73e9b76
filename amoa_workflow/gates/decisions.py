"""Deciding on an approval gate: the one service every way of deciding goes through.

``amoa approve``, a Prefect run input and the web page all decide through :func:`decide`. A decision
is recorded only when it carries a **proof** that its approver made it (their signature of the
decision's statement, checked with the public key recorded for them when the gate opened, or their
own single-use link) and when it is made on the **current PV** (its fingerprint). Who may decide and
by which quorum are the gate's **frozen rules**, recorded when it opened: a later change of the
configuration only affects gates opened after it. A refusal is one line and writes nothing.

Each decision is a new row and a new audit entry holding its proof (a changed decision is a new
one); deciding locks the gate, so concurrent decisions give exactly one outcome. Each function takes
its dependencies; ``notify`` queues (and may deliver) events once committed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from amoa_workflow.domain import gate_events, quorum
from amoa_workflow.domain.decisions import FREE_TEXT, Decision, DecisionKind, Reservation, problems
from amoa_workflow.domain.gates import Gate, GateDefinition, GateState, GateStatus, counted_decisions
from amoa_workflow.domain.model import Gap
from amoa_workflow.domain.notifications import Event
from amoa_workflow.domain.proofs import Proof, Statement, reservations_as_json
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.errors import DecisionRefused, GateNotFound
from amoa_workflow.gates import authenticity
from amoa_workflow.gates import reservations as reservations_module
from amoa_workflow.gates.locking import definition_of, lock_for_decision, with_rules_frozen
from amoa_workflow.ports import ApprovalUnitOfWork, ProofVerifier

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


@dataclass(frozen=True)
class DecisionRequest:
    """A decision as an approver asks for it, with its proof."""

    release: str
    gate: str
    approver: str
    kind: DecisionKind
    comment: str = ""
    reservations: tuple[Reservation, ...] = ()
    proof: Proof | None = None
    pv_sha256: str | None = None  # the PV the approver read; None: the current one
    source: str | None = None  # a Prefect run input, a link: recorded once


@dataclass(frozen=True)
class Recorded:
    state: GateState
    recorded: bool = True  # False: this source (a replayed run input) was recorded before
    closed: bool = False  # this decision closed the gate
    link_id: str | None = None  # the approver's link that authenticated it (none: a signature)


def decide(
    uow: ApprovalUnitOfWork,
    definitions: Sequence[GateDefinition],
    request: DecisionRequest,
    current_pv: str,
    verifier: ProofVerifier,
    clock: Clock,
    notify: Notify,
    seen: Sequence[Gap] | None = None,
) -> Recorded:
    """Record an authenticated decision on a pending gate; close it when its quorum is reached.

    ``current_pv``: the fingerprint of the gate's PV as it stands; a decision made on another
    (older) one is refused. ``verifier`` checks the request's proof. Nothing is written on a refusal.
    ``seen``: the gaps that PV shows. The first approval of a round is given on them: they become
    the gate's basis, against which later runs find new failures (a failure found after the gate
    opened but before anyone signed is part of what was signed).
    """
    configured = definition_of(definitions, request.gate, request.release)
    found = problems(request.kind, request.comment, request.reservations)
    if found:
        en, fr = _REFUSALS[found[0]]
        raise DecisionRefused(request.gate, request.release, why_en=en, why_fr=fr)
    if request.proof is None:
        raise _refused(request, *_NO_PROOF)
    late = [r for r in request.reservations if r.due < clock().date()]
    if late:  # as the web form: a reservation already overdue when given is no plan
        names = ", ".join(f"{r.gap.removeprefix(FREE_TEXT)} ({r.due.isoformat()})" for r in late)
        raise _refused(
            request,
            f"a reservation's due date is already past: {names}; give the date it will be solved by",
            f"l'échéance d'une réserve est déjà passée : {names} ; indiquez quand elle sera levée",
        )
    if request.pv_sha256 is not None and request.pv_sha256 != current_pv:
        raise _refused(
            request,
            f"made on the PV {request.pv_sha256[:12]}…, the current one is {current_pv[:12]}…: read it again",
            f"faite sur le PV {request.pv_sha256[:12]}…, le PV en vigueur est {current_pv[:12]}… : "
            "relisez-le",
        )
    with uow:
        gate = lock_for_decision(uow, configured, request.release, request.source)
        if gate is None:  # this source was recorded before: a replayed run input
            current = uow.gates.get(request.release, request.gate)
            assert current is not None
            state = GateState(current.rules or configured, current, tuple(uow.gates.decisions(current)))
            return Recorded(state, recorded=False)
        gate = with_rules_frozen(uow, gate, configured)
        definition = gate.rules or configured
        approver = definition.approver(request.approver)
        if approver is None:
            names = ", ".join(a.id for a in definition.approvers)
            raise _refused(
                request,
                f"'{request.approver}' is not one of its approvers ({names})",
                f"« {request.approver} » n'en est pas approbateur ({names})",
            )
        now = clock()
        earlier = uow.gates.decisions(gate)
        check = authenticity.check_before_deciding(uow, gate, earlier, verifier.signature_holds)
        sequence = uow.gates.next_sequence(gate, request.approver)
        statement = _statement(request, gate, sequence, current_pv)
        proof = verifier.authenticate(request.proof, statement, approver.public_key, now)
        if proof.link_id is not None:
            uow.links.claim(proof.link_id, approver.id, {"gate": gate.name, "release": gate.release})
        decision = Decision(
            request.approver, request.kind, now, request.comment, request.reservations, sequence, gate.round,
            proof.method.value, proof.key_fingerprint, proof.signature, current_pv, request.source,
        )  # fmt: skip
        uow.gates.add_decision(gate, decision, request.source)
        first_signature = request.kind.approves and not any(  # one forged in the table counts for nothing
            d.kind.approves for d in counted_decisions(gate, earlier, check)
        )
        if seen is not None and first_signature:
            basis = frozenset(g.identity for g in seen)
            uow.gates.rebase(gate, basis)
            gate = replace(gate, basis=basis)
        tracked = reservations_module.reserve(
            uow.tracked_gaps, request.release, decision.reservations, f"{gate.name}: {request.approver}"
        )
        details = {
            "gate": definition.name,
            "release": request.release,
            "round": gate.round,
            "sequence": sequence,
            "decision": request.kind.value,
            "comment": request.comment,
            "source": request.source,
            "pv_sha256": current_pv,
            "reservations": [
                r | {"tracked": g.identity}
                for r, g in zip(reservations_as_json(request.reservations), tracked, strict=True)
            ],
            "proof": proof.details(),
        }
        if seen is not None and first_signature:
            details["seen_gaps"] = sorted(gate.basis)
        uow.audit.append(request.approver, "gate.decision", gate.audit_subject, details)
        history = tuple(uow.gates.decisions(gate))
        counted = GateState(definition, gate, history, check).counted  # of this round, verified
        result = quorum.outcome(definition.quorum, definition.approvers, counted)
        if result is not Outcome.PENDING:
            uow.gates.close(gate, result, now)
            uow.audit.append(
                request.approver,
                "gate.closed",
                gate.audit_subject,
                {"gate": definition.name, "release": request.release, "round": gate.round,
                 "outcome": result.value},
            )  # fmt: skip
            gate = replace(gate, status=GateStatus.CLOSED, outcome=result, closed_at=now)
        uow.commit()
    state = GateState(definition, gate, history, check)
    events = [gate_events.decision_recorded(state, decision)]
    if result is not Outcome.PENDING:
        events.append(gate_events.gate_closed(state))
    notify(events)
    return Recorded(state, recorded=True, closed=result is not Outcome.PENDING, link_id=proof.link_id)


def statement_for(
    uow: ApprovalUnitOfWork, definitions: Sequence[GateDefinition], request: DecisionRequest, current_pv: str
) -> Statement:
    """What ``request``'s approver signs for it to be recorded now (``amoa approve`` signs this)."""
    configured = definition_of(definitions, request.gate, request.release)
    with uow:
        gate = uow.gates.get(request.release, request.gate)
        if gate is None:
            raise GateNotFound(request.gate, request.release, [])
        if (gate.rules or configured).approver(request.approver) is None:
            names = ", ".join(a.id for a in (gate.rules or configured).approvers)
            raise _refused(
                request,
                f"'{request.approver}' is not one of its approvers ({names})",
                f"« {request.approver} » n'en est pas approbateur ({names})",
            )
        sequence = uow.gates.next_sequence(gate, request.approver)
    return _statement(request, gate, sequence, request.pv_sha256 or current_pv)


def _statement(request: DecisionRequest, gate: Gate, sequence: int, pv: str) -> Statement:
    return Statement(
        request.release, gate.name, gate.round, sequence, request.approver, request.kind.value,
        request.comment, request.reservations, pv,
    )  # fmt: skip


_NO_PROOF = (
    "no proof that you are this approver: sign the decision (amoa approve signs it with your key) "
    "or use your approval link",
    "aucune preuve que vous êtes cet approbateur : signez la décision (amoa approve la signe avec votre "
    "clé) ou utilisez votre lien d'approbation",
)


def _refused(request: DecisionRequest, why_en: str, why_fr: str) -> DecisionRefused:
    return DecisionRefused(request.gate, request.release, why_en=why_en, why_fr=why_fr)
