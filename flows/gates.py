"""Approval gates in Prefect: open them, void signatures on new failures, and the flow closing a gate.

Three ways to wait (``wait_for_approval``):

- ``none`` (embedded, the default): the gate is recorded pending in our database and the flow
  ends; ``amoa approve`` records decisions and closes the gate when its quorum is reached.
- ``pause``: the flow run pauses with a form (:class:`~flows.decision_input.DecisionInput`) and its
  process waits;
- ``suspend``: the flow run is suspended and its process exits; resumed, it runs again from the
  top (the checkpoint finds its recorded run in our database and does not run the scenarios again).

On a server an approver decides from the Prefect UI's form, ``resume_flow_run(id, run_input=…)``
or a web page; the run records each input, or is woken by a decision made elsewhere, and reads the
gate from our database, the one truth (:mod:`flows.decisions`). The gate is read checked, as the PV
reads it: each decision against its audit entry and proof, the outcome against the decisions that
verify; a status or outcome set in the database that they do not give ends the run ``Not
established`` (never after the table), its log naming each row that does not verify. At the gate's
deadline it is closed ``expired`` (or its ``on_timeout`` outcome) and escalated
(:mod:`flows.deadlines`); the run, woken, ends in a state that names the outcome.

    python -m flows.gates --release 1.1.0 --gate vabf   # wait for a gate's decisions (pause)
"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from prefect import State, flow, get_run_logger, tags, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.gates import GateState, GateStatus
from amoa_workflow.errors import GateNotFound
from amoa_workflow.gates import approvals, audit_trail, voiding
from amoa_workflow.i18n import translator
from amoa_workflow.reporting import archive, flow_summary
from amoa_workflow.reporting.acceptance_report import outcome_key
from flows.decisions import WaitMode, await_decisions, read_gate
from flows.mistakes import exit_if_mistaken, exit_if_unanswered, project_run
from flows.publication import log_database
from flows.retries import unless_user_error


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
    with exit_if_unanswered(arguments.project_dir):
        ended = approval_gate(arguments.release, arguments.gate, arguments.project_dir, return_state=True)
    exit_if_mistaken(ended)  # a gate not opened: its line, and its exit code
    print(ended.result())
