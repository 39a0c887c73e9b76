"""What a checkpoint run shows in Prefect: artifacts, a summary line, its final state, its database.

The text comes from :mod:`amoa_workflow.reporting.flow_summary`; this module only hands it to
Prefect: a Markdown artifact (recommendation, exit criteria, gaps, gates), a table artifact (the
requirements and their verdicts), a link artifact to the PV, one summary log line, and a final
*Completed* state named after the outcome, whose message states the recommendation and the gates.

The PV is written on the worker's disk (``data/reports`` of the project); the link artifact points
at it there. It is also kept in the database as rendered (:mod:`amoa_workflow.reporting.archive`):
from another host, ``amoa report --stored`` writes it out and ``amoa web`` serves it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from prefect import State, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.states import Completed

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.gates import GateState
from amoa_workflow.i18n import translator
from amoa_workflow.reporting import flow_summary
from amoa_workflow.store.database import safe_url


def artifact_key(kind: str, release: str) -> str:
    """Artifact keys are lowercase letters, digits and dashes: ``recommendation-1-1-0``."""
    return f"{kind}-" + (re.sub(r"[^a-z0-9]+", "-", release.lower()).strip("-") or "release")


def log_database(app: Application) -> None:
    """Which database this run writes to, password masked: a worker with a wrong environment shows."""
    settings = app.settings
    url = safe_url(settings.database_url)
    logger = get_run_logger()
    logger.info(translator(settings.lang)("flow.database", url=url))
    context = FlowRunContext.get()  # the flow run as the engine holds it: no request to the server
    deployed = (
        context is not None and context.flow_run is not None and context.flow_run.deployment_id is not None
    )
    warning = flow_summary.default_database_warning(url, settings.database_given_by, deployed, settings.lang)
    if warning:
        logger.warning(warning)


@task(name="publish the results", cache_policy=NO_CACHE)
def publish(app: Application, outcome: CampaignOutcome, report: Path, gates: Sequence[GateState]) -> str:
    """The artifacts of the run and its summary line (logged, and returned)."""
    lang, release = app.settings.lang, outcome.release.version
    create_markdown_artifact(
        flow_summary.recommendation_markdown(outcome, gates, lang),
        key=artifact_key("recommendation", release),
        description=f"Recommendation and gaps of {outcome.campaign_key}",
    )
    create_table_artifact(
        flow_summary.requirements_table(outcome, lang),
        key=artifact_key("requirements", release),
        description=f"Requirements of {outcome.campaign_key}",
    )
    create_link_artifact(
        report.resolve().as_uri(),
        link_text=f"PV {outcome.campaign_key}",
        key=artifact_key("pv", release),
        description="The PV on the worker's disk; elsewhere: amoa report --stored, or amoa web",
    )
    line = flow_summary.summary_line(outcome, gates, report, lang)
    get_run_logger().info(line)
    return line


def final_state(
    app: Application, outcome: CampaignOutcome, gates: Sequence[GateState], data: object
) -> State:
    """Completed, named after the outcome; its message says the recommendation and the gates."""
    return Completed(
        data=data,
        name=flow_summary.state_name(outcome, gates),
        message=flow_summary.state_message(outcome, gates, app.settings.lang),
    )
