"""Reminders for approvals still pending (and for testers whose manual scenarios are still to execute
before their deadline), as a scheduled flow: one round of :func:`amoa_workflow.notify.reminders.remind`,
the same round as ``amoa notifications --remind``.

The rules (after how long, how often, escalation to whom) are in ``config/approvers.toml``. Gates
past their deadline are closed ``expired`` (after their escalation is queued), which wakes the flow
runs suspended at them; a run still waiting at a gate already closed (its wake was missed), or for
a manual part whose deadline has passed, is woken too. Running it often is safe: each reminder is
queued once, and delivery also retries the notifications that failed before.

    python -m flows.reminders            # serves the flow every 15 minutes (a Prefect deployment)
"""

from __future__ import annotations

from typing import Any

from prefect import State, flow, task
from prefect.cache_policies import NO_CACHE

from amoa_workflow.bootstrap import Application
from amoa_workflow.notify import reminders
from amoa_workflow.notify.reminders import ReminderRound
from amoa_workflow.notify.services import DeliveryReport
from flows.mistakes import exit_if_unanswered, project_run
from flows.retries import unless_user_error


@task(
    name="run a round of reminders",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=unless_user_error,
)
def remind(app: Application) -> ReminderRound:
    return reminders.remind(app.reminding())


@flow(name="approval-reminders")
def approval_reminders(project_dir: str = ".") -> DeliveryReport | State[Any]:
    """A round of reminders; a mistake (the approvers' configuration) ends the run with its line."""
    return project_run(project_dir, lambda app: remind(app).delivery)


if __name__ == "__main__":
    with exit_if_unanswered("."):
        approval_reminders.serve(
            name="approval-reminders", cron="*/15 * * * *", parameters={"project_dir": "."}
        )
