"""One round of reminders, as ``amoa notifications --remind`` and the reminders flow both run it.

In order: the reminders (and escalations) due for gates still pending are queued; the testers with
manual scenarios left before their deadline are reminded through the announcer (so their
messages carry the audit head and their links, like every other announcement); the checkpoint
runs waiting for a manual part whose deadline has passed are woken; gates past their deadline are
closed (announced, which wakes the runs waiting at them); runs left waiting at a gate already
closed are woken; then what is due is delivered. The result is one summary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from amoa_workflow.domain.audit_review import SignatureCheck
from amoa_workflow.domain.gates import GateDefinition, GateState
from amoa_workflow.domain.notifications import Event
from amoa_workflow.domain.testers import Tester
from amoa_workflow.gates import authenticity, expiry
from amoa_workflow.manual import invitations
from amoa_workflow.manual.campaign import ManualUnitOfWork
from amoa_workflow.notify.services import DeliveryReport, deliver_pending, remind_pending_gates
from amoa_workflow.ports import ApprovalUnitOfWork, MessageRenderer, NotificationUnitOfWork, Notifier
from amoa_workflow.settings.approvers import NotificationSettings
from amoa_workflow.waiting_runs import MANUAL_PART, PrefectWaker, WaitingRun, wake_left_waiting

CLOSED_PARTS_WITHIN = timedelta(days=1)  # a manual part closed longer ago has had its runs woken


@dataclass(frozen=True)
class Reminding:
    """What a round of reminders needs; built by the composition root (``Application.reminding``)."""

    notifications: Callable[[], NotificationUnitOfWork]
    approvals: Callable[[], ApprovalUnitOfWork]
    manual: Callable[[], ManualUnitOfWork]
    settings: NotificationSettings
    messages: MessageRenderer
    gates: Sequence[GateDefinition]
    testers: Sequence[Tester]
    manual_tags: Sequence[str]
    link_for: invitations.LinkFor | None
    announce: Callable[[Sequence[Event]], object]
    notifier: Callable[[], Notifier]
    waker: PrefectWaker
    clock: Callable[[], datetime]
    actor: str
    signature_ok: SignatureCheck  # checks the gates' decisions against the audit log, as the PV does


@dataclass(frozen=True)
class ReminderRound:
    """What one round did."""

    gate_reminders: tuple[int, ...] = ()  # outbox rows queued for gates still pending
    tester_reminders: tuple[Event, ...] = ()  # reminders due to testers, announced
    manual_woken: tuple[WaitingRun, ...] = ()  # runs waiting for a manual part now closed
    expired: tuple[GateState, ...] = ()
    left_waiting: tuple[WaitingRun, ...] = ()  # runs still paused at a gate already closed
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    @property
    def reminders(self) -> int:
        """Reminders queued in this round, to approvers and testers alike."""
        return len(self.gate_reminders) + len(self.tester_reminders)


def remind(deps: Reminding) -> ReminderRound:
    """Run one round of reminders (see the module); safe to run often: each reminder is queued once."""
    settings = deps.settings
    counted = authenticity.counted_approvers(deps.approvals(), deps.signature_ok)
    gate_reminders = remind_pending_gates(
        deps.notifications(), settings.directory, deps.messages, settings.reminders, deps.clock, deps.gates,
        counted,
    )  # fmt: skip
    testers = invitations.remind_testers(
        deps.manual(), deps.testers, deps.manual_tags, settings.reminders, deps.clock, deps.link_for,
        deps.announce,
    )  # fmt: skip
    manual_woken = wake_closed_parts(deps.manual(), deps.waker, deps.clock)
    expired = expiry.expire_due(
        deps.approvals(), deps.gates, deps.clock, deps.announce, deps.actor, deps.signature_ok
    )
    left_waiting = wake_left_waiting(deps.waker, expiry.closed_gates(deps.approvals()))
    delivery = deliver_pending(deps.notifications, deps.notifier(), deps.clock, settings.delivery)
    return ReminderRound(
        tuple(gate_reminders), tuple(testers), tuple(manual_woken), tuple(expired), tuple(left_waiting),
        delivery,
    )  # fmt: skip


def wake_closed_parts(
    uow: ManualUnitOfWork, waker: PrefectWaker, clock: Callable[[], datetime]
) -> list[WaitingRun]:
    """Wake the checkpoint runs waiting for a manual part whose deadline has just passed."""
    if not waker.enabled:
        return []
    closed = invitations.just_closed(uow, clock(), CLOSED_PARTS_WITHIN)
    return [run for opening in closed for run in waker.wake_all(opening.release, MANUAL_PART)]
