"""Reminders for approvals still pending (and for testers whose manual scenarios are still to execute
before their deadline), as a scheduled flow: queue what is due, then deliver.

Each task calls one plain function of :mod:`amoa_workflow.notify.services`; the rules (after how
long, how often, escalation to whom) are in ``config/approvers.toml``. Gates past their deadline
are closed ``expired`` (after their escalation is queued), which wakes the flow runs suspended at
them; a run still waiting at a gate already closed (its wake was missed) is woken too. Running it
often is safe: each reminder is queued once, and delivery also retries the notifications that
failed before.

    python -m flows.reminders            # serves the flow every 15 minutes (a Prefect deployment)
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.gates import expiry
from amoa_workflow.notify import services as notifications
from amoa_workflow.notify.services import DeliveryReport
from amoa_workflow.settings.project import load_settings
from amoa_workflow.waiting_runs import wake_left_waiting
from flows.manual import queue_manual_reminders, wake_closed_parts


@task(name="queue the reminders due", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def queue_reminders(app: Application) -> list[int]:
    config = app.notifications()
    return notifications.remind_pending_gates(
        app.uow(), config.directory, app.messages, config.reminders, services.utc_now, app.gates()
    )


@task(name="expire the gates past their deadline", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def expire_gates(app: Application) -> list[str]:
    """Gates past their deadline closed ``expired``; the flow runs suspended at them are woken."""
    expired = expiry.expire_due(
        app.uow(), app.gates(), services.utc_now, app.announcer(app.notifications()), services.ACTOR
    )
    return [f"{s.gate.name}/{s.gate.release}" for s in expired]


@task(
    name="wake the runs left waiting at closed gates", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5
)
def wake_runs_left_waiting(app: Application) -> list[str]:
    """Flow runs still paused at a gate already closed (their wake was missed) are woken."""
    return [run.name for run in wake_left_waiting(app.waker(), expiry.closed_gates(app.uow()))]


@task(name="deliver the notifications due", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def deliver(app: Application) -> DeliveryReport:
    config = app.notifications()
    return notifications.deliver_pending(app.uow, app.notifier(config), services.utc_now, config.delivery)


@flow(name="approval-reminders")
def approval_reminders(project_dir: str = ".") -> DeliveryReport:
    app = bootstrap(load_settings(Path(project_dir)))
    queue_reminders(app)
    queue_manual_reminders(app)
    wake_closed_parts(app)  # checkpoints suspended until a manual part's deadline go on
    expire_gates(app)
    wake_runs_left_waiting(app)
    return deliver(app)


if __name__ == "__main__":
    approval_reminders.serve(name="approval-reminders", cron="*/15 * * * *", parameters={"project_dir": "."})
