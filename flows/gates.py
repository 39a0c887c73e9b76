"""Approval gates in Prefect: open them, wait for decisions, record each through the one service.

Three ways to wait (``wait_for_approval``):

- ``none`` (embedded, the default): the gate is recorded pending in our database and the flow
  ends; ``amoa approve`` records decisions and closes the gate when its quorum is reached.
- ``pause``: the flow run pauses with a form (:class:`DecisionInput`) and its process waits;
- ``suspend``: the flow run is suspended and its process exits; resumed, it runs again from the
  top (the checkpoint finds its recorded run in our database and does not run the scenarios again).

On a server an approver decides from the Prefect UI's form, ``resume_flow_run(id, run_input=…)``
or a web page; every input goes through :func:`amoa_workflow.gates.approvals.decide` with its proof
(a signature or the approver's link: free text is refused), recorded once per pause key (a
replayed input adds nothing). A gate pending past its ``timeout`` escalates.

    python -m flows.gates --release 1.1.0 --gate vabf   # wait for a gate's decisions (pause)
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Literal

from prefect import flow, get_run_logger, pause_flow_run, suspend_flow_run, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import FlowPauseTimeout
from prefect.input import RunInput
from prefect.runtime import flow_run
from pydantic import BaseModel, Field

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.gates import DecisionKind, GateStatus, Reservation
from amoa_workflow.domain.proofs import Proof
from amoa_workflow.errors import DecisionRefused, GateNotFound, UserError
from amoa_workflow.gates import approvals
from amoa_workflow.gates.approvals import DecisionRequest, GateState, Recorded
from amoa_workflow.notify import services as notifications
from amoa_workflow.settings.project import load_settings

WaitMode = Literal["none", "pause", "suspend"]
MAX_PAUSES = 50  # per gate and flow run: refused inputs do not loop for ever
DEFAULT_TIMEOUT = 7 * 24 * 3600  # seconds a pause waits when the gate sets no timeout


class ReservationInput(BaseModel):
    gap: str = Field(description="Gap id (e.g. requirement_failing:EXG-004) or a text / id d'écart ou texte")
    owner: str = Field(description="Who must solve it / responsable")
    due: date = Field(description="Due date / échéance")


class DecisionInput(RunInput):
    """The approver's decision, as the Prefect UI's form asks for it, with its proof.

    ``proof``: the signature ``amoa approve … --print-signature`` prints (with the ``pv_sha256`` it
    signed), or the approver's own approval link. Free text is refused: the approver is whoever the
    proof shows, checked by the decision service like every other way of deciding.
    """

    approver: str = Field(
        max_length=128, description="Your approver id (config/approvers.toml) / votre identifiant"
    )
    decision: Literal["approve", "approve_with_reservations", "reject"]
    comment: str = Field(
        default="", max_length=4000, description="Comment (required to reject) / commentaire"
    )
    reservations: list[ReservationInput] = Field(default_factory=list, max_length=500)
    pv_sha256: str = Field(
        default="",
        max_length=64,
        description="Fingerprint of the PV you read (printed in it) / empreinte du PV lu (imprimée)",
    )
    proof: str = Field(
        min_length=16,
        max_length=16384,
        description="Your signature (amoa approve … --print-signature) or your approval link / "
        "votre signature (amoa approve … --print-signature) ou votre lien d'approbation",
    )


def decision_request(answer: DecisionInput, release: str, gate: str, source: str) -> DecisionRequest:
    """The run input as a request to the decision service; an input with no usable proof is refused."""
    proof = Proof.parse(answer.proof)
    if proof is None:
        raise DecisionRefused(
            gate,
            release,
            why_en="the proof is neither a signature nor an approval link (free text is refused)",
            why_fr="la preuve n'est ni une signature ni un lien d'approbation (le texte libre est refusé)",
        )
    return DecisionRequest(
        release,
        gate,
        answer.approver,
        DecisionKind(answer.decision),
        answer.comment,
        tuple(Reservation(r.gap, r.owner, r.due) for r in answer.reservations),
        proof,
        answer.pv_sha256 or None,
        source,
    )


@task(name="open the approval gates", cache_policy=NO_CACHE)
def open_gates(app: Application, outcome: CampaignOutcome) -> list[GateState]:
    recommendation = outcome.assessment.recommendation.outcome if outcome.assessment else None
    return approvals.open_gates(
        app.uow(),
        app.gates(),
        outcome.checkpoint,
        outcome.release.version,
        outcome.gaps,
        recommendation.value if recommendation else None,
        services.utc_now,
        app.announcer(app.notifications()),
        services.ACTOR,
    )


@task(name="void signatures on new failures", cache_policy=NO_CACHE)
def void_signatures(app: Application, outcome: CampaignOutcome) -> list[GateState]:
    return approvals.void_signatures(
        app.uow(),
        app.gates(),
        outcome.release.version,
        outcome.gaps,
        services.utc_now,
        app.announcer(app.notifications()),
        services.ACTOR,
    )


@task(name="record a decision", cache_policy=NO_CACHE)
def record_decision(
    app: Application, release: str, gate: str, answer: DecisionInput, source: str
) -> Recorded:
    request = decision_request(answer, release, gate, source)
    checkpoint = next((d.checkpoint for d in app.gates() if d.name == gate), None)
    return approvals.decide(
        app.uow(),
        app.gates(),
        request,
        app.current_pv(release, checkpoint),
        app.proofs(),
        services.utc_now,
        app.announcer(app.notifications()),
    )


@task(name="escalate", cache_policy=NO_CACHE)
def escalate(app: Application) -> notifications.DeliveryReport:
    """A gate waited past its timeout: queue the reminders and escalations due, then deliver."""
    config = app.notifications()
    notifications.remind_pending_gates(
        app.uow(), config.directory, app.messages, config.reminders, services.utc_now, app.gates()
    )
    return app.announcer(config)([])


@task(name="read the gate", cache_policy=NO_CACHE)
def read_gate(app: Application, release: str, gate: str) -> GateState | None:
    return next(
        (s for s in approvals.gate_states(app.uow(), app.gates(), release) if s.gate.name == gate), None
    )


def await_decisions(app: Application, state: GateState, mode: WaitMode) -> GateState:
    """Pause (or suspend) until the gate closes, recording each input; escalate on timeout."""
    logger = get_run_logger()
    timeout = int(state.definition.timeout.total_seconds()) if state.definition.timeout else DEFAULT_TIMEOUT
    for number in range(1, MAX_PAUSES + 1):
        if state.gate.status is not GateStatus.PENDING:
            break
        key = f"{state.gate.name}-r{state.gate.round}-{number}"  # lowercase, digits, dashes
        try:
            if mode == "suspend":
                answer = suspend_flow_run(wait_for_input=DecisionInput, key=key, timeout=timeout)
            else:
                answer = pause_flow_run(
                    wait_for_input=DecisionInput, key=key, timeout=timeout, poll_interval=2
                )
        except FlowPauseTimeout:
            escalate(app)
            break
        try:
            state = record_decision(
                app, state.gate.release, state.gate.name, answer, f"prefect:{flow_run.id}:{key}"
            ).state
        except UserError as refusal:
            logger.warning(refusal.render(app.settings.lang))
            state = read_gate(app, state.gate.release, state.gate.name) or state
    return state


@flow(name="approval-gate", flow_run_name="{gate}-{release}")
def approval_gate(
    release: str, gate: str, project_dir: str = ".", wait_for_approval: WaitMode = "pause"
) -> str:
    """Closing a gate: wait for the decisions on a gate already opened by a checkpoint; its outcome."""
    app = bootstrap(load_settings(Path(project_dir)))
    state = read_gate(app, release, gate)
    if state is None:
        raise GateNotFound(gate, release, [d.name for d in app.gates()])
    if wait_for_approval != "none":
        state = await_decisions(app, state, wait_for_approval)
    return state.gate.outcome.value


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=approval_gate.__doc__)
    parser.add_argument("--release", required=True)
    parser.add_argument("--gate", required=True)
    parser.add_argument("--project-dir", default=".")
    arguments = parser.parse_args()
    print(approval_gate(arguments.release, arguments.gate, arguments.project_dir))
