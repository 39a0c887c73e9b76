"""The acceptance checkpoint, as a recipe: ingest → run → record gaps → report.

Every task calls one function of :mod:`amoa_workflow.services`; our database, not Prefect's
history, is the record of the campaign.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from amoa_workflow import services
from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.config import load_settings
from amoa_workflow.services import CampaignOutcome, IngestSummary, ScenarioRunLike


@dataclass(frozen=True)
class CheckpointResult:
    outcome: CampaignOutcome
    report: Path


@task(name="ingest requirements and release notes", cache_policy=NO_CACHE)
def ingest(app: Application, release: str) -> IngestSummary:
    return services.ingest(app.uow(), app.sources, release)


@task(name="run the scenarios", cache_policy=NO_CACHE)
def run_scenarios(app: Application, release: str, key: str) -> ScenarioRunLike:
    return services.run_scenarios(app.runner, release, key, services.utc_now)


@task(name="record results and gaps", cache_policy=NO_CACHE)
def record_campaign(app: Application, release: str, key: str, run: ScenarioRunLike) -> CampaignOutcome:
    settings = app.settings
    return services.record_campaign(
        app.uow(), settings.project_name, settings.checkpoint, release, key, run.results, str(run.folder)
    )


@task(name="render the report", cache_policy=NO_CACHE)
def render_report(app: Application, outcome: CampaignOutcome) -> Path:
    return services.render_report(app.renderer, outcome, app.settings.reports_dir)


@flow(name="acceptance-checkpoint", flow_run_name="{release}")
def acceptance_checkpoint(
    release: str, project_dir: str = ".", campaign: str | None = None
) -> CheckpointResult:
    app = bootstrap(load_settings(Path(project_dir)))
    key = campaign or services.campaign_key(app.settings.checkpoint, release)
    ingest(app, release)
    run = run_scenarios(app, release, key)
    outcome = record_campaign(app, release, key, run)
    report = render_report(app, outcome)
    return CheckpointResult(outcome=outcome, report=report)
