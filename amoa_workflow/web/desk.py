"""The real approval desk: gates and reports from the database, decisions through the one service.

A decision goes through :func:`amoa_workflow.gates.decisions.decide`, as with ``amoa approve`` and the
Prefect flow, with the link itself as its proof (checked again there) and ``source =
"link:<link id>"``: the decisions table records a source once, under the gate's lock, so two clicks
on one link record one decision; ``link.used`` (subject: the link's id) is appended to the audit
log in the same transaction. A used or revoked link opens nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.outcomes import CampaignOutcome, pv_fingerprint
from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.decisions import DecisionKind, Reservation, latest
from amoa_workflow.domain.gates import GateDefinition, GateState
from amoa_workflow.domain.notifications import Event
from amoa_workflow.domain.proofs import Proof, ProofKind
from amoa_workflow.domain.stored_reports import StoredReport
from amoa_workflow.errors import LinkRefused
from amoa_workflow.gates import approvals, decisions
from amoa_workflow.gates.approvals import Notify
from amoa_workflow.gates.decisions import DecisionRequest
from amoa_workflow.notify.services import DeliveryReport
from amoa_workflow.ports import ProofVerifier
from amoa_workflow.reporting import archive
from amoa_workflow.reporting.acceptance_report import Decision
from amoa_workflow.signatures.proofs import signature_holds as holds
from amoa_workflow.store.unit_of_work import SqlUnitOfWork
from amoa_workflow.web.forms import DecisionForm
from amoa_workflow.web.links import LinkClaims
from amoa_workflow.web.views import Decided, GateView

ACTOR = "amoa-web"


def link_source(link_id: str) -> str:
    return f"link:{link_id}"


@dataclass(frozen=True)
class SqlApprovalDesk:
    uow: Callable[[], SqlUnitOfWork]
    definitions: Sequence[GateDefinition]
    project: str
    rules: AcceptanceRules
    clock: Callable[[], datetime]
    notify: Notify
    verifier: ProofVerifier

    def pending(self) -> list[GateView]:
        with self.uow() as uow:
            releases = list(dict.fromkeys(gate.release for gate in uow.gates.pending()))
        states = [s for r in releases for s in approvals.gate_states(self.uow(), self.definitions, r, holds)]
        return [view(s) for s in states if s.gate.status.value == "pending"]

    def gate(self, release: str, gate: str) -> GateView | None:
        states = approvals.gate_states(self.uow(), self.definitions, release, holds)
        return next((view(s) for s in states if s.gate.name == gate), None)

    def report(self, view: GateView) -> CampaignOutcome:
        key = services.campaign_key(view.checkpoint, view.release)
        return services.campaign_outcome(
            self.uow(), self.project, view.checkpoint, view.release, key, self.rules
        )

    def link_state(self, link_id: str) -> str | None:
        with self.uow() as uow:
            return uow.links.state(link_id)

    def stored(self, view: GateView, kind: str) -> StoredReport:
        key = services.campaign_key(view.checkpoint, view.release)
        return archive.stored(self.uow(), view.release, kind, key)

    def pv_of(self, view: GateView) -> str:
        return pv_fingerprint(self.report(view))

    def decide(self, token: str, claims: LinkClaims, form: DecisionForm) -> Decided:
        reservations = tuple(Reservation(r.gap, r.owner, r.due) for r in form.reservations)
        request = DecisionRequest(
            claims.release, claims.gate, claims.approver, DecisionKind(form.decision), form.comment,
            reservations, Proof(ProofKind.LINK, token), form.pv, link_source(claims.link_id),
        )  # fmt: skip
        checkpoint = next((d.checkpoint for d in self.definitions if d.name == claims.gate), "")
        current, seen = services.pv_seen(self.uow(), self.project, checkpoint, claims.release, self.rules)
        reports: list[object] = []

        def notify(events: Sequence[Event]) -> object:
            reports.append(told := self.notify(events))
            return told

        recorded = decisions.decide(
            self.uow(), self.definitions, request, current, self.verifier, self.clock, notify, seen
        )
        if not recorded.recorded:  # the same link, twice at once: the other one decided
            raise LinkRefused(reason="used")
        unreached = [who for r in reports if isinstance(r, DeliveryReport) for who in r.no_channel]
        return Decided(view(recorded.state), tuple(dict.fromkeys(unreached)))


def view(state: GateState) -> GateView:
    """What a page shows of a gate: the latest decision of each approver in the current round."""
    definition, gate = state.definition, state.gate
    counted = latest(state.decisions, (a.id for a in definition.approvers))
    names = {a.id: a.name or a.id for a in definition.approvers}
    roles = {a.id: a.role for a in definition.approvers}
    check = state.check
    doubts = {who: check.doubt(d) for who, d in counted.items()} if check is not None else {}
    return GateView(
        name=gate.name,
        label=definition.label,
        release=gate.release,
        checkpoint=definition.checkpoint,
        status=gate.status.value,
        outcome="not_established" if check is not None and not check.established else gate.outcome.value,
        opened_at=gate.opened_at,
        approvers=names,
        decided={who: "not_verified" if doubts.get(who) else d.kind.value for who, d in counted.items()},
        decisions=tuple(
            Decision(
                names.get(who, who),
                d.kind.value,
                d.decided_at.strftime("%Y-%m-%d %H:%M"),
                d.comment,
                roles.get(who, ""),
                definition.label,
                f"report.doubt_{doubts[who]}" if doubts.get(who) else "",
            )
            for who, d in counted.items()
        ),
    )
