"""The manual part of a checkpoint in Prefect: testers are sent their links when a campaign opens
its manual part, and reminded until its deadline. Each task calls one plain function of
:mod:`amoa_workflow.manual.invitations`; the deadline is ``[manual] deadline_hours``, the reminders
follow the approvers' rules (``config/approvers.toml``).
"""

from __future__ import annotations

from datetime import timedelta

from prefect import task
from prefect.cache_policies import NO_CACHE

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.manual_invitations import ManualOpening
from amoa_workflow.manual import invitations
from amoa_workflow.settings.testers import load_testers


@task(name="open the manual part to testers", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def open_manual_part(app: Application, outcome: CampaignOutcome) -> ManualOpening | None:
    settings = app.settings
    return invitations.open_manual_part(
        app.uow(), outcome.campaign_key, outcome.checkpoint, load_testers(settings.project_dir),
        settings.manual_tags, timedelta(hours=settings.manual_deadline_hours), services.utc_now,
        app.tester_links(), app.announcer(app.notifications()),
    )  # fmt: skip


@task(name="queue the testers' reminders due", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5)
def queue_manual_reminders(app: Application) -> int:
    settings, config = app.settings, app.notifications()
    due = invitations.remind_testers(
        app.uow(), load_testers(settings.project_dir), settings.manual_tags, config.reminders,
        services.utc_now, app.tester_links(), app.announcer(config),
    )  # fmt: skip
    return len(due)
