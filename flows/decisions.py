"""Waiting at a gate for its decisions in Prefect, recording each through the one service.

The flow run pauses (its process waits) or suspends (its process exits; resumed, it runs again from
the top) with a form (:class:`~flows.decision_input.DecisionInput`), at a pause key
``<gate>-r<round>-<n>``. Every input goes through :func:`amoa_workflow.gates.decisions.decide` with
its proof (a signature or the approver's link: free text is refused), recorded once per pause key (a
replayed input adds nothing); an input refused is logged and audited once. A decision made
elsewhere (``amoa approve``, the web page) wakes the waiting run through the Prefect API
(:mod:`amoa_workflow.waiting_runs`): the run reads the gate from our database, the one truth; if
the decision left it open (the first of two approvals), it logs the decisions so far and whom it
awaits, and waits again. The gate is read checked, as the PV reads it: each decision against its
audit entry and proof, the outcome against the decisions that verify. At the gate's deadline it is
expired and escalated (:mod:`flows.deadlines`).
"""

from __future__ import annotations

import threading
from typing import Literal

from prefect import get_run_logger, pause_flow_run, suspend_flow_run, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import FlowPauseTimeout
from prefect.runtime import flow_run
from pydantic import ValidationError

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.gates import GateState, GateStatus
from amoa_workflow.errors import UserError
from amoa_workflow.gates import approvals, decisions, refusals
from amoa_workflow.gates.decisions import Recorded
from amoa_workflow.reporting import flow_summary
from amoa_workflow.reporting.console import doubt_lines
from amoa_workflow.waiting_runs import pause_key
from flows.deadlines import DEFAULT_TIMEOUT, GRACE, deadline_in, escalate, expire_gates, expiry_now
from flows.decision_input import DecisionInput, decision_request
from flows.retries import unless_user_error

WaitMode = Literal["none", "pause", "suspend"]
MAX_PAUSES = 50  # per gate and flow run: refused inputs do not loop for ever


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
