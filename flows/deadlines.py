"""A gate's deadline in a flow: the seconds left, the gates past it expired, the escalation.

A gate's deadline is its opening time plus its ``timeout`` (frozen with its rules). Past it with no
quorum, the gate is closed ``expired`` (or its ``on_timeout`` outcome) and escalated: by the paused
process itself (a timer set for the deadline), or, for a suspended run whose process has exited, by
the reminders flow; either wakes the run. Prefect's own pause timeout is set :data:`GRACE` after the
deadline, by which time the gate has been expired (and the run woken) by us.
"""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.gates import GateState
from amoa_workflow.gates import authenticity, expiry
from amoa_workflow.notify import services as notifications
from flows.retries import unless_user_error

DEFAULT_TIMEOUT = 7 * 24 * 3600  # seconds a pause waits when the gate sets no timeout
GRACE = 3600  # Prefect's own pause timeout is this long after the gate's deadline (see the module)


@task(
    name="escalate",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=unless_user_error,
)
def escalate(app: Application) -> notifications.DeliveryReport:
    """A gate reached its deadline: queue the reminders and escalations due, then deliver."""
    config = app.notifications()
    counted = authenticity.counted_approvers(app.uow(), app.proofs().signature_holds)
    notifications.remind_pending_gates(
        app.uow(), config.directory, app.messages, config.reminders, services.utc_now, app.gates(), counted
    )
    return app.announcer(config)([])


@task(
    name="expire the gates past their deadline",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=unless_user_error,
)
def expire_gates(app: Application) -> list[GateState]:
    return expiry_now(app)


def deadline_in(state: GateState) -> float | None:
    """Seconds until the gate's deadline (0 when past); None when it has no timeout."""
    timeout = state.definition.timeout
    if timeout is None:
        return None
    return max(0.0, (state.gate.opened_at + timeout - services.utc_now()).total_seconds())


def expiry_now(app: Application) -> list[GateState]:
    """The gates past their deadline closed (their "gate closed" checked against the audit log)."""
    return expiry.expire_due(
        app.uow(), app.gates(), services.utc_now, app.announcer(app.notifications()), services.ACTOR,
        app.proofs().signature_holds,
    )  # fmt: skip
