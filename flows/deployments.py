"""Deployments of the flows: one scheduled checkpoint per release, the approval reminders.

``amoa serve`` serves them from one long-lived process (``prefect.serve``); ``prefect.yaml``
describes the same flows on a process work pool, run by workers on any number of hosts. Served
deployments are named ``served-…`` so that serving never replaces (nor, when it stops and pauses
its own schedules, pauses) a deployment of ``prefect.yaml`` that workers run.
"""

from __future__ import annotations

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from amoa_workflow.settings.schedules import Schedule
from flows.checkpoint import acceptance_checkpoint
from flows.reminders import approval_reminders

REMINDERS_CRON = "*/15 * * * *"
SERVED = "served-"  # prefix of the deployments amoa serve creates (prefect.yaml's have none)


def deployments(project_dir: str, schedules: tuple[Schedule, ...]) -> list[RunnerDeployment]:
    built: list[object] = [
        acceptance_checkpoint.to_deployment(
            name=SERVED + schedule.deployment,
            concurrency_limit=1,  # one run of this release at a time
            schedule=Cron(schedule.cron, timezone=schedule.timezone),
            parameters=schedule.parameters(project_dir),
        )
        for schedule in schedules
    ]
    built.append(
        approval_reminders.to_deployment(
            name=SERVED + "approval-reminders", cron=REMINDERS_CRON, parameters={"project_dir": project_dir}
        )
    )
    return [d for d in built if isinstance(d, RunnerDeployment)]  # to_deployment is sync here


def serve_all(project_dir: str, schedules: tuple[Schedule, ...]) -> None:
    """Serve every deployment until interrupted; scheduled runs start in subprocesses."""
    serve(*deployments(project_dir, schedules))
