"""The acceptance checkpoint's tasks: each calls one plain function, and nothing more.

Ingest, plan, fingerprint the project, run a shard, merge the shards (run here or handed over by the
work pool's workers), find or record the campaign, render the PV, notify the approvers: the steps
:mod:`flows.checkpoint` follows. Each calls :mod:`amoa_workflow.checkpoint.services`, the runner or
:mod:`amoa_workflow.notify.services`; the steps that talk to the database or to the approvers retry
(never a user's mistake), scenario runs never do (a rerun is a new run). ``as_is`` hands them a
value without Prefect visiting it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TypeVar, cast

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.services import CampaignOutcome, IngestSummary
from amoa_workflow.domain.gates import GateState
from amoa_workflow.domain.selection import Selection
from amoa_workflow.gates import audit_trail, authenticity
from amoa_workflow.notify import services as notifications
from amoa_workflow.notify.services import DeliveryReport
from amoa_workflow.reporting import archive
from amoa_workflow.scenarios.handover import merged_from_handover
from amoa_workflow.scenarios.revision import project_revision
from amoa_workflow.scenarios.runner import RunPlan, ScenarioRun, ShardRun
from flows.retries import unless_user_error

T = TypeVar("T")


def as_is(value: T) -> T:
    """Hand ``value`` to a task without Prefect visiting it: a thousand results cost ~0.2 s to visit."""
    return cast(T, quote(value))


@task(
    name="ingest requirements and release notes",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=unless_user_error,
)
def ingest(app: Application, release: str) -> IngestSummary:
    return services.ingest(app.uow(), app.sources, release)


@task(name="plan the run", cache_policy=NO_CACHE)
def plan_run(app: Application, selection: Selection, shards: int) -> RunPlan:
    return app.runner.plan(selection, shards)


@task(name="fingerprint the project", cache_policy=NO_CACHE)
def revision_of(app: Application) -> str:
    settings = app.settings
    return project_revision(settings.project_dir, settings.features_dir, settings.data_dir)


@task(name="run a shard", task_run_name="run shard {index}", cache_policy=NO_CACHE)
def run_shard(app: Application, release: str, run_id: str, plan: RunPlan, index: int) -> ShardRun:
    return app.runner.run_shard(release, run_id, plan, index)


@task(name="merge the shards", cache_policy=NO_CACHE)
def merge_shards(app: Application, run_id: str, plan: RunPlan, shard_runs: list[ShardRun]) -> ScenarioRun:
    return app.runner.merge(run_id, plan, shard_runs)


@task(
    name="merge the shards handed over",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=unless_user_error,
)
def merge_handed_over(app: Application, run_id: str, plan: RunPlan) -> ScenarioRun:
    return merged_from_handover(app.runner, app.shard_handover(), run_id, plan)


@task(name="record results and gaps", cache_policy=NO_CACHE)
def record_campaign(app: Application, release: str, key: str, run: ScenarioRun) -> CampaignOutcome:
    settings = app.settings
    return services.record_campaign(
        app.uow(), settings.project_name, settings.checkpoint, release, key, run.results, str(run.folder),
        run.selection, run.shards, settings.rules,
    )  # fmt: skip


@task(
    name="find the run already recorded",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=unless_user_error,
)
def recorded_run(app: Application, release: str, key: str, run_id: str) -> CampaignOutcome | None:
    settings = app.settings
    return services.recorded_run(
        app.uow(), settings.project_name, settings.checkpoint, release, key, run_id, settings.rules
    )


@task(name="render the report", cache_policy=NO_CACHE)
def render_report(app: Application, outcome: CampaignOutcome, gates: list[GateState] | None = None) -> Path:
    """The PV on the worker's disk, and kept in the database (any host serves it from there); its
    gates' decisions checked against the audit log first (one that does not verify is marked)."""
    from amoa_workflow.signatures.proofs import signature_holds

    head = audit_trail.head(app.uow())
    shown = authenticity.checked(app.uow(), gates or (), signature_holds)
    return archive.render_and_keep(
        app.uow(), app.renderer, outcome, app.settings.reports_dir, shown, head, services.utc_now
    )


@task(
    name="notify the approvers",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=unless_user_error,
)
def notify_approvers(app: Application, outcome: CampaignOutcome, report: Path) -> DeliveryReport:
    """Queue "campaign finished" for the project's approvers (report attached) and deliver it."""
    config = app.notifications()
    return notifications.announce_campaign(
        app.uow, config, app.messages, partial(app.notifier, config), outcome, report, services.utc_now
    )
