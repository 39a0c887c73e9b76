"""The manual part of a checkpoint in Prefect: testers are sent their links when a campaign opens
its manual part, and reminded until its deadline. Each task calls one plain function of
:mod:`amoa_workflow.manual.invitations`; the deadline is ``[manual] deadline_hours``, the reminders
follow the approvers' rules (``config/approvers.toml``).

Waiting for it (``wait_for_approval`` pause or suspend, as at a gate): the flow run pauses at
``manual-r1-<n>`` while testers have scenarios left before the deadline. Each recording (the web
page, ``amoa manual import``) wakes it through the Prefect API (:mod:`amoa_workflow.waiting_runs`):
it reads the manual part from our database and waits again or goes on. At the deadline a paused
process wakes itself; a suspended run is woken by the reminders
(:mod:`amoa_workflow.notify.reminders`). Then the campaign is judged
with what was recorded.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from prefect import get_run_logger, pause_flow_run, suspend_flow_run, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import FlowPauseTimeout

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.manual import is_manual
from amoa_workflow.domain.manual_invitations import ManualOpening
from amoa_workflow.manual import invitations
from amoa_workflow.settings.testers import load_testers
from amoa_workflow.waiting_runs import MANUAL_PART, pause_key
from flows.retries import unless_user_error

MAX_PAUSES = 500  # one per recording at most: a campaign's testers record a few hundred times at most
GRACE = 3600  # Prefect's own pause timeout is this long after the deadline (we wake the run before)


@task(
    name="open the manual part to testers",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=unless_user_error,
)
def open_manual_part(app: Application, outcome: CampaignOutcome) -> ManualOpening | None:
    """None at once for a campaign without manual scenarios (its current results are in
    ``outcome``): nothing to open, so neither its results read back nor the testers' settings."""
    settings = app.settings
    if not any(is_manual(result.tags, settings.manual_tags) for result in outcome.results):
        return None
    return invitations.open_manual_part(
        app.uow(), outcome.campaign_key, outcome.checkpoint, load_testers(settings.project_dir),
        settings.manual_tags, timedelta(hours=settings.manual_deadline_hours), services.utc_now,
        app.tester_links(), app.announcer(app.notifications()),
    )  # fmt: skip


@task(
    name="read whether the manual part is awaited",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=unless_user_error,
)
def manual_awaited(app: Application, campaign: str) -> float | None:
    settings = app.settings
    return invitations.awaited(
        app.uow(), campaign, load_testers(settings.project_dir), settings.manual_tags, services.utc_now()
    )


def await_manual_part(app: Application, outcome: CampaignOutcome, mode: str) -> CampaignOutcome:
    """Wait while testers have scenarios left before the deadline; then the campaign as recorded."""
    if mode not in ("pause", "suspend"):
        return outcome
    release = outcome.release.version
    for number in range(1, MAX_PAUSES + 1):
        seconds = manual_awaited(app, outcome.campaign_key)
        if seconds is None:
            break
        key = pause_key(MANUAL_PART, 1, number)
        timer = None
        if mode == "pause":  # the paused process wakes itself at the deadline
            timer = threading.Timer(seconds + 1, app.waker().wake_all, args=(release, MANUAL_PART))
            timer.daemon = True
            timer.start()
        try:
            if mode == "suspend":
                suspend_flow_run(key=key, timeout=int(seconds + GRACE))
            else:
                pause_flow_run(key=key, timeout=int(seconds + GRACE), poll_interval=2)
        except FlowPauseTimeout:
            pass
        finally:
            if timer is not None:
                timer.cancel()
        get_run_logger().info("woken while waiting for the manual part of %s", outcome.campaign_key)
    settings = app.settings
    return services.campaign_outcome(
        app.uow(), settings.project_name, outcome.checkpoint, release, outcome.campaign_key, settings.rules
    )
