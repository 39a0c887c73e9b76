"""Approval gates in Prefect: open them, wait for decisions, record each through the one service.

Three ways to wait (``wait_for_approval``):

- ``none`` (embedded, the default): the gate is recorded pending in our database and the flow
  ends; ``amoa approve`` records decisions and closes the gate when its quorum is reached.
- ``pause``: the flow run pauses with a form (:class:`DecisionInput`) and its process waits;
- ``suspend``: the flow run is suspended and its process exits; resumed, it runs again from the
  top (the checkpoint finds its recorded run in our database and does not run the scenarios again).

On a server an approver decides from the Prefect UI's form, ``resume_flow_run(id, run_input=…)``
or a web page; every input goes through :func:`amoa_workflow.gates.decisions.decide` with its proof
(a signature or the approver's link: free text is refused), recorded once per pause key (a
replayed input adds nothing); an input refused is logged and audited once. A decision made
elsewhere (``amoa approve``, the web page) wakes the waiting run through the Prefect API
(:mod:`amoa_workflow.waiting_runs`): the run reads the gate from our database, the one truth; if
the decision left it open (the first of two approvals), it logs the decisions so far and whom it
awaits, and waits again. The gate is read checked, as the PV reads it: each decision against its
audit entry and proof, the outcome against the decisions that verify; a status or outcome set in
the database that they do not give ends the run ``Not established`` (never after the table), its
log naming each row that does not verify. At the gate's deadline it is closed ``expired`` (or its
``on_timeout`` outcome) and escalated (:mod:`flows.deadlines`): by the paused process itself, or,
for a suspended run, by the reminders flow; either wakes the run, which ends in a state that names
the outcome.

    python -m flows.gates --release 1.1.0 --gate vabf   # wait for a gate's decisions (pause)
"""

from __future__ import annotations

import argparse
import threading
from functools import partial
from pathlib import Path
from typing import Literal

from prefect import State, flow, get_run_logger, pause_flow_run, suspend_flow_run, tags, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import FlowPauseTimeout
from prefect.runtime import flow_run
from prefect.states import Completed
from pydantic import ValidationError

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.gates import GateState, GateStatus
from amoa_workflow.errors import GateNotFound, UserError
from amoa_workflow.gates import approvals, audit_trail, decisions, refusals, voiding
from amoa_workflow.gates.decisions import Recorded
from amoa_workflow.i18n import translator
from amoa_workflow.reporting import archive, flow_summary
from amoa_workflow.reporting.acceptance_report import outcome_key
from amoa_workflow.reporting.console import doubt_lines
from amoa_workflow.waiting_runs import pause_key
from flows.deadlines import DEFAULT_TIMEOUT, GRACE, deadline_in, escalate, expire_gates, expiry_now
from flows.decision_input import DecisionInput, decision_request
from flows.mistakes import exit_if_mistaken, project_run
from flows.publication import log_database
from flows.retries import unless_user_error

WaitMode = Literal["none", "pause", "suspend"]
MAX_PAUSES = 50  # per gate and flow run: refused inputs do not loop for ever


@task(
    name="open the approval gates",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=unless_user_error,
)
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
        signature_ok=app.proofs().signature_holds,
    )


@task(name="void signatures on new failures", cache_policy=NO_CACHE)
def void_signatures(app: Application, outcome: CampaignOutcome) -> list[GateState]:
    return voiding.void_signatures(
        app.uow(),
        app.gates(),
        outcome.release.version,
        outcome.gaps,
        services.utc_now,
        app.announcer(app.notifications()),
        services.ACTOR,
        app.proofs().signature_holds,
    )


@task(name="record a decision", cache_policy=NO_CACHE)
def record_decision(
    app: Application, release: str, gate: str, answer: DecisionInput, source: str
) -> Recorded:
    request = decision_request(answer, release, gate, source)
    checkpoint = next((d.checkpoint for d in app.gates() if d.name == gate), None)
    current, seen = app.pv_seen(release, checkpoint)
    return decisions.decide(
        app.uow(),
        app.gates(),
        request,
        current,
        app.proofs(),
        services.utc_now,
        app.announcer(app.notifications()),
        seen,
    )


@task(
    name="read the gate",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=unless_user_error,
)
def read_gate(app: Application, release: str, gate: str) -> GateState | None:
    """The gate as it stands, checked against the audit log (the PV's check)."""
    states = approvals.gate_states(app.uow(), app.gates(), release, app.proofs().signature_holds)
    return next((s for s in states if s.gate.name == gate), None)


@task(
    name="record a refused input",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=unless_user_error,
)
def refuse_input(app: Application, release: str, gate: str, source: str, approver: str, why: str) -> bool:
    return refusals.record_refusal(app.uow(), release, gate, source, approver, why)


def wait_for_decision(mode: WaitMode, key: str, timeout: int) -> DecisionInput | None:
    """Pause or suspend at ``key``; the input sent, or None when woken without one (the gate changed)."""
    try:
        if mode == "suspend":
            return suspend_flow_run(wait_for_input=DecisionInput, key=key, timeout=timeout)
        return pause_flow_run(wait_for_input=DecisionInput, key=key, timeout=timeout, poll_interval=2)
    except ValidationError:  # resumed with no input: woken by whoever changed the gate
        return None


def expiring_at_deadline(app: Application, seconds: float | None, mode: WaitMode) -> threading.Timer | None:
    """A paused process expires its gate itself at the deadline (which wakes it); suspended, the
    reminders flow does it."""
    if seconds is None or mode != "pause":
        return None
    timer = threading.Timer(seconds + 1, expiry_now, args=(app,))
    timer.daemon = True
    timer.start()
    return timer


def await_decisions(app: Application, state: GateState, mode: WaitMode) -> GateState:
    """Wait until the gate is no longer pending (in our database), recording each input sent.

    Woken with no input (a decision made elsewhere closed the gate, or it expired), the gate is read
    again from the database. An input that cannot be recorded is refused visibly: a warning in the
    flow's log and an audit entry (once per input, however often a resumed flow reads it again).
    At the gate's deadline it is closed ``expired`` and its escalation goes out.
    """
    logger = get_run_logger()
    release, name = state.gate.release, state.gate.name
    for number in range(1, MAX_PAUSES + 1):
        if state.gate.status is not GateStatus.PENDING:
            break
        seconds = deadline_in(state)
        if seconds == 0:
            escalate(app)
            expire_gates(app)
            state = read_gate(app, release, name) or state
            continue
        key = pause_key(name, state.gate.round, number)
        # Prefect fails a run whose pause times out: its timeout is past the gate's deadline, by
        # which time the gate has been expired (and the run woken) by us.
        timeout = int(seconds + GRACE) if seconds is not None else DEFAULT_TIMEOUT
        timer = expiring_at_deadline(app, seconds, mode)
        try:
            answer = wait_for_decision(mode, key, timeout)
        except FlowPauseTimeout:
            answer = None
        finally:
            if timer is not None:
                timer.cancel()
        if answer is None:
            logger.info("woken at gate %s of %s: reading it from the database", name, release)
            state = read_gate(app, release, name) or state
            if state.gate.status is GateStatus.PENDING:  # a decision that left it open: said, then wait
                log_gate(state, app.settings.lang)
            continue
        source = f"prefect:{flow_run.id}:{key}"
        try:
            state = record_decision(app, release, name, answer, source).state
            if state.gate.status is GateStatus.PENDING:  # a forged decision: not counted, said
                for line in doubt_lines([state], app.settings.lang):
                    logger.warning(line)
        except UserError as refusal:
            why = refusal.render(app.settings.lang)
            logger.warning("input refused at gate %s of %s (%s): %s", name, release, source, why)
            refuse_input(app, release, name, source, answer.approver, why)
            state = read_gate(app, release, name) or state
    if state.gate.status is not GateStatus.PENDING:
        log_gate(state, app.settings.lang)
    return state


def log_gate(state: GateState, lang: str) -> None:
    """Where the gate stands by its verified decisions; a warning per row that does not verify."""
    warnings, standing = flow_summary.gate_lines(state, lang)
    logger = get_run_logger()
    for line in warnings:
        logger.warning(line)
    logger.info(standing)


@task(name="render the PV with the gate", cache_policy=NO_CACHE)
def render_pv(app: Application, state: GateState) -> Path:
    """The PV of the gate's campaign, rendered again with the gate as it stands (its decisions), and
    kept in the database: the PV served from there is the signed one."""
    settings = app.settings
    key = services.campaign_key(state.definition.checkpoint, state.gate.release)
    outcome = services.campaign_outcome(
        app.uow(), settings.project_name, state.definition.checkpoint, state.gate.release, key, settings.rules
    )
    head = audit_trail.head(app.uow())
    return archive.render_and_keep(
        app.uow(), app.renderer, outcome, settings.reports_dir, [state], head, services.utc_now
    )


@flow(name="approval-gate", flow_run_name="{gate}-{release}")
def approval_gate(
    release: str, gate: str, project_dir: str = ".", wait_for_approval: WaitMode = "pause"
) -> State[str]:
    """Closing a gate: wait for the decisions on a gate already opened by a checkpoint; its outcome.
    A gate not opened, or not configured, ends the run Failed with one line."""
    return project_run(project_dir, partial(gate_closing, release, gate, wait_for_approval))


def gate_closing(release: str, gate: str, wait_for_approval: WaitMode, app: Application) -> State[str]:
    log_database(app)
    with tags("amoa", f"release-{release}"):
        state = read_gate(app, release, gate)
        if state is None:
            raise GateNotFound(gate, release, [d.name for d in app.gates()])
        if wait_for_approval != "none":
            state = await_decisions(app, state, wait_for_approval)
        if state.gate.status is not GateStatus.PENDING:
            report = render_pv(app, state)
            get_run_logger().info("PV: %s", report)
    t = translator(app.settings.lang)
    return Completed(
        data=flow_summary.gate_result(state),
        name=flow_summary.state_name_of(state),
        message=t("flow.summary.gate", gate=gate, outcome=t(outcome_key(state))),
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=approval_gate.__doc__)
    parser.add_argument("--release", required=True)
    parser.add_argument("--gate", required=True)
    parser.add_argument("--project-dir", default=".")
    arguments = parser.parse_args()
    ended = approval_gate(arguments.release, arguments.gate, arguments.project_dir, return_state=True)
    exit_if_mistaken(ended)  # a gate not opened: its line, and its exit code
    print(ended.result())
