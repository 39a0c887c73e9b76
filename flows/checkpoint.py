"""The acceptance checkpoint, as a recipe: ingest → run in shards → analyse → report → notify → gate.

Every task calls one plain function (the tasks are in :mod:`flows.checkpoint_tasks`; the gates' in
:mod:`flows.gates`); one task per shard, so the shards of a run run in parallel; or,
given ``shard_deployment`` on a server, one flow run per shard sent to the work pool, any worker on any
host taking it, the results coming back through the database (:mod:`flows.shards`). The selection
parameters (``requirements``, ``tags``, ``paths``) make a partial checkpoint. Our
database, not Prefect's history, is the record of the campaign: the run's key is derived from the
flow run, so a flow run suspended at its gate and resumed (run again from the top) finds its run
recorded and does not run the scenarios again. Once the report is written, the approvers are told
(outbox); a new failure on an approved release voids its signatures; then the checkpoint's gates
open and, on a server, the flow waits for their decisions (see :mod:`flows.decisions`).

Interrupted (Ctrl-C, or SIGTERM: a worker cancelling the run, ``kill``), the flow stops the
scenario processes, records the scenarios that had finished as an interrupted run, and ends
Cancelled: never Running for good, never a crash.

The run ends with artifacts, a summary line and a final state named after the outcome
(:mod:`flows.publication`); its tasks are tagged ``amoa`` and ``release-<version>``; the steps that
talk to the database or to the approvers retry, scenario runs never do (a rerun is a new run).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from prefect import State, flow, get_run_logger
from prefect import tags as run_tags
from prefect.exceptions import TerminationSignal
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.states import Cancelled, Failed

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import scenario_runs, services
from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.gates import GateState
from amoa_workflow.domain.model import release_version
from amoa_workflow.domain.selection import Selection
from amoa_workflow.domain.shard_watch import START_WITHIN
from amoa_workflow.errors import Interrupted, RunnerError, signal_of
from amoa_workflow.i18n import translator
from amoa_workflow.scenarios.runner import RunPlan, ShardRun
from amoa_workflow.scenarios.runs import interrupted_selection
from amoa_workflow.scenarios.shard_process import stop_all
from amoa_workflow.store.release_locks import checkpoint_of
from flows.checkpoint_tasks import (
    as_is,
    ingest,
    merge_handed_over,
    merge_shards,
    notify_approvers,
    plan_run,
    record_campaign,
    recorded_run,
    render_report,
    revision_of,
    run_shard,
)
from flows.decisions import WaitMode, await_decisions
from flows.gates import open_gates, void_signatures
from flows.manual import await_manual_part, manual_awaited, open_manual_part
from flows.mistakes import project_run
from flows.publication import final_state, log_database, publish
from flows.shards import LOST_AFTER, run_on_pool


class CheckpointResult:
    """What the flow returns. Not a dataclass: Prefect looks for futures through a flow's return
    value, field by field of every dataclass in it, so a campaign's thousands of results with
    their steps were walked through at the end of each run (linear in the results); it leaves a
    plain object as it is."""

    __slots__ = ("gates", "outcome", "report")

    def __init__(self, outcome: CampaignOutcome, report: Path, gates: tuple[GateState, ...] = ()) -> None:
        self.outcome, self.report, self.gates = outcome, report, gates

    def __repr__(self) -> str:
        return f"CheckpointResult({self.outcome.campaign_key}, {self.report}, {len(self.gates)} gates)"


@flow(name="acceptance-checkpoint", flow_run_name="{release}")
def acceptance_checkpoint(
    release: str,
    project_dir: str = ".",
    campaign: str | None = None,
    shards: int = 1,
    wait_for_approval: WaitMode = "none",
    requirements: list[str] | None = None,
    tags: str | None = None,
    paths: list[str] | None = None,
    shard_deployment: str | None = None,
    shard_lost_after: float = LOST_AFTER,
    shard_start_within: float = START_WITHIN,
    wait_for_testers: bool = False,
) -> CheckpointResult | State[CheckpointResult]:
    """``requirements``, ``tags`` (an expression: ``@smoke and not @wip``) and ``paths`` make a partial
    checkpoint, as ``amoa run`` does; ``shard_deployment`` (on a server) sends each shard to the work
    pool as a flow run of that deployment, any worker taking it, instead of running them here; one
    that no worker takes within ``shard_start_within`` seconds fails the checkpoint.
    ``wait_for_testers`` (with ``wait_for_approval`` pause or suspend): before asking the approvers,
    wait for the testers' manual part up to its deadline, then judge with what they recorded."""
    release = release_version(release)  # v1.1.0, a tag's name, is release 1.1.0 as for amoa run
    how = Sharding(shards, shard_deployment, shard_lost_after, shard_start_within)
    waits = Waits(wait_for_approval, wait_for_testers)

    def steps(app: Application) -> CheckpointResult | State[CheckpointResult]:
        log_database(app)
        selection = chosen(requirements, tags, paths)  # a tag expression that does not parse: its line
        try:
            with run_tags("amoa", f"release-{release}"):
                return checkpoint_steps(app, release, campaign, selection, how, waits)
        except (KeyboardInterrupt, TerminationSignal) as stop:  # ours, or Prefect's own for SIGTERM
            stop_all(signal_of(stop))
            return Cancelled(message=Interrupted(signal_of(stop)).render(app.settings.lang))

    return project_run(project_dir, steps)  # a mistake (an input, no scenario): one line, no traceback


@dataclass(frozen=True)
class Waits:
    approval: WaitMode = "none"
    testers: bool = False  # for the manual part first, up to its deadline (same wait as approval)


@dataclass(frozen=True)
class Sharding:
    shards: int = 1
    deployment: str | None = None  # run the shards as flow runs of this deployment (a work pool)
    lost_after: float = LOST_AFTER
    start_within: float = START_WITHIN  # seconds a shard may wait for a worker before the checkpoint gives up


def chosen(requirements: list[str] | None, tags_expression: str | None, paths: list[str] | None) -> Selection:
    """The flow's selection parameters as a :class:`Selection` (nothing given: everything)."""
    return Selection(
        requirements=frozenset(requirements or ()), tags=tags_expression or None, paths=tuple(paths or ())
    )


def checkpoint_steps(
    app: Application,
    release: str,
    campaign: str | None,
    selection: Selection,
    sharding: Sharding,
    waits: Waits,
) -> CheckpointResult | State[CheckpointResult]:
    wait_for_approval = waits.approval
    key = campaign or services.campaign_key(app.settings.checkpoint, release)
    # One checkpoint of a release at a time, up to its gates: a second one waits here, and says so.
    with checkpoint_of(app.engine, release, partial(release_busy, app, release)):
        ingest(app, release)
        run_id = run_key(key)
        outcome = recorded_run(app, release, key, run_id)
        if outcome is None:
            plan = plan_run(app, selection, sharding.shards)
            if sharding.deployment and plan.shards:
                try:
                    run_on_pool(
                        app, release, run_id, plan, revision_of(app), sharding.deployment,
                        sharding.lost_after, start_within=sharding.start_within,
                    )  # fmt: skip
                except RunnerError as lost:  # a shard given up (refused, failed, lost twice): one line
                    return Failed(message=lost.render(app.settings.lang))
                run = merge_handed_over(app, run_id, plan)
            else:
                running = [run_shard.submit(app, release, run_id, plan, shard.index) for shard in plan.shards]
                try:
                    shard_runs = [shard_run.result() for shard_run in running]
                except (KeyboardInterrupt, TerminationSignal) as stop:
                    return interrupted_run(app, release, key, run_id, plan, running, signal_of(stop))
                run = merge_shards(app, run_id, plan, as_is(shard_runs))
            outcome = record_campaign(app, release, key, as_is(run))
        void_signatures(app, as_is(outcome))
        open_manual_part(app, as_is(outcome))  # testers get their links (once per campaign)
        waiting = waits.testers and wait_for_approval != "none" and manual_awaited(app, key) is not None
        if not waiting:
            report, gates = ask_approvers(app, outcome)
    if waiting:  # for the testers, outside the release's lock; then judged with what they recorded
        outcome = await_manual_part(app, outcome, wait_for_approval)
        with checkpoint_of(app.engine, release, partial(release_busy, app, release)):
            report, gates = ask_approvers(app, outcome)
    if wait_for_approval != "none" and gates:
        gates = [await_decisions(app, state, wait_for_approval) for state in gates]
    if gates:
        report = render_report(app, as_is(outcome), as_is(gates))
    publish(app, as_is(outcome), report, as_is(gates))
    return final_state(
        app, outcome, gates, CheckpointResult(outcome=outcome, report=report, gates=tuple(gates))
    )


def ask_approvers(app: Application, outcome: CampaignOutcome) -> tuple[Path, list[GateState]]:
    """The PV rendered, the approvers told, the checkpoint's gates opened."""
    report = render_report(app, as_is(outcome))
    notify_approvers(app, as_is(outcome), report)
    return report, open_gates(app, as_is(outcome))


def release_busy(app: Application, release: str) -> None:
    get_run_logger().warning(translator(app.settings.lang)("flow.release_busy", release=release))


def interrupted_run(
    app: Application,
    release: str,
    key: str,
    run_id: str,
    plan: RunPlan,
    running: list[PrefectFuture[ShardRun]],
    signum: int,
) -> State[CheckpointResult]:
    """Stop the shards, record what they had finished as an interrupted run, end Cancelled."""
    stop_all(signum)  # each shard's task then returns what its process had reported
    run = app.runner.merge(run_id, plan, [shard_run.result() for shard_run in running], signum)
    t = translator(app.settings.lang)
    detail = t("run.interrupted_nothing")
    if run.results:
        run = replace(run, selection=interrupted_selection(run.selection, run.results, signum))
        outcome = record_campaign(app, release, key, as_is(run))
        detail = t(
            "run.interrupted_recorded", finished=len(run.results), attempt=outcome.attempt, campaign=key
        )
    return Cancelled(message=Interrupted(signum).render(app.settings.lang, detail))


def run_key(key: str) -> str:
    """The run's key (and folder): the flow run's id when there is one, so a rerun knows it ran."""
    flow_run_id = flow_run.id
    return f"{key}/run-{flow_run_id}" if flow_run_id else scenario_runs.new_run_id(key, services.utc_now)
