"""Use cases of notifying approvers: queue in the outbox, deliver what is due, resend, remind.

A notification is written to the outbox (one transaction) before anything is sent; delivery
claims each due row with a status transition in the database, sends it outside any transaction,
then records what the notifier said: sent, failed (retried later with backoff) or dead. A sent
row is never sent again, not even when two deliverers run at once. A person the event is for whom
no channel reaches gets a row all the same, ``no_channel``, never sent: the record that they were
not told, which the CLI reports (:func:`unreached`). Each function takes its
dependencies; the CLI (``amoa notifications``) and the flows (checkpoint, reminders) call them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain import outbox
from amoa_workflow.domain.gates import GateDefinition
from amoa_workflow.domain.notifications import (
    Directory,
    Event,
    EventKind,
    idempotency_key,
    recipients,
    unreachable,
)
from amoa_workflow.domain.outbox import NO_TARGET, DeliveryPolicy, DeliveryStatus, Notification
from amoa_workflow.domain.reminders import ReminderPolicy, reminders_due
from amoa_workflow.errors import NotificationNotFound
from amoa_workflow.ports import MessageRenderer, NotificationUnitOfWork, Notifier
from amoa_workflow.settings.approvers import NotificationSettings

Clock = Callable[[], datetime]
UowFactory = Callable[[], NotificationUnitOfWork]
SHOWN_GAPS = 50  # a message lists at most this many gaps; the report has them all


@dataclass(frozen=True)
class DeliveryReport:
    sent: tuple[int, ...] = ()
    failed: tuple[int, ...] = ()  # retried later
    dead: tuple[int, ...] = ()  # given up: ``amoa notifications --resend``
    taken: int = 0  # claimed by another deliverer meanwhile
    no_channel: tuple[str, ...] = ()  # who was not told, for want of a channel (kept ``no_channel``)


def notify(
    uow: NotificationUnitOfWork,
    events: Iterable[Event],
    directory: Directory,
    messages: MessageRenderer,
    clock: Clock,
) -> list[int]:
    """Write the notifications of ``events`` in the outbox, in one transaction; nothing is sent here.

    One row per recipient and channel; an event already notified adds no row. Returns the new ids
    to send (the ``no_channel`` rows of those nothing reaches are written too: :func:`queue`).
    """
    return queue(uow, events, directory, messages, clock)[0]


def queue(
    uow: NotificationUnitOfWork,
    events: Iterable[Event],
    directory: Directory,
    messages: MessageRenderer,
    clock: Clock,
) -> tuple[list[int], list[str]]:
    """:func:`notify`, and who was newly recorded ``no_channel`` (the people of ``events`` whom no
    channel reaches: one row each, never sent, the message kept)."""
    now = clock()
    rows: list[Notification] = []
    for event in events:
        for person in unreachable(event, directory):
            message = messages.render(event, person.lang or directory.lang, person.name or person.id)
            rows.append(Notification(
                key=idempotency_key(event, person.id, NO_TARGET), event=event.kind.value,
                subject=event.subject, recipient=person.id, target=NO_TARGET,
                lang=person.lang or directory.lang, title=message.title, text=message.text,
                html=message.html, created_at=now, status=DeliveryStatus.NO_CHANNEL,
            ))  # fmt: skip
        for recipient in recipients(event, directory):
            message = messages.render(event, recipient.lang, recipient.name)
            rows += [
                Notification(
                    key=idempotency_key(event, recipient.id, channel),
                    event=event.kind.value,
                    subject=event.subject,
                    recipient=recipient.id,
                    target=channel,
                    lang=recipient.lang,
                    title=message.title,
                    text=message.text,
                    html=message.html,
                    created_at=now,
                    attachment=event.attachment,
                    next_attempt_at=now,
                )
                for channel in recipient.channels
            ]
    if not rows:
        return [], []
    with uow:
        added = [(row, new_id) for row in rows if (new_id := uow.outbox.add(row)) is not None]
        uow.commit()
    unreached = [row.recipient for row, _ in added if row.status is DeliveryStatus.NO_CHANNEL]
    return [i for row, i in added if row.status is not DeliveryStatus.NO_CHANNEL], list(
        dict.fromkeys(unreached)
    )


def deliver_pending(
    uow: UowFactory, notifier: Notifier, clock: Clock, policy: DeliveryPolicy, limit: int = 500
) -> DeliveryReport:
    """Send every due row once: claim it (a status transition), send it, record the outcome."""
    with uow() as unit:
        for row in unit.outbox.with_status([DeliveryStatus.SENDING]):
            if outbox.is_stale(row, clock(), policy):
                unit.outbox.swap(row, outbox.interrupted(row))
        due = unit.outbox.due(clock(), limit)
        unit.commit()
    sent: list[int] = []
    failed: list[int] = []
    dead: list[int] = []
    taken = 0
    for row in due:
        mine = outbox.claimed(row, clock())
        with uow() as unit:
            won = unit.outbox.swap(row, mine)
            unit.commit()
        if not won:
            taken += 1
            continue
        delivery = notifier.send(mine)
        if delivery.ok:
            outcome = outbox.delivered(mine, clock())
        elif delivery.uncertain:
            outcome = outbox.unconfirmed(mine, delivery.detail or "?")
        else:
            outcome = outbox.failed(mine, delivery.detail or "?", clock(), policy)
        with uow() as unit:
            unit.outbox.swap(mine, outcome)
            unit.commit()
        assert mine.id is not None
        {DeliveryStatus.SENT: sent, DeliveryStatus.FAILED: failed}.get(outcome.status, dead).append(mine.id)
    return DeliveryReport(tuple(sent), tuple(failed), tuple(dead), taken)


def resend(
    uow: NotificationUnitOfWork, clock: Clock, ids: Sequence[int] = (), every_failed: bool = False
) -> list[int]:
    """Make rows due now again (failed, dead or waiting ones); a sent one is refused, never resent."""
    with uow:
        rows: list[Notification] = []
        for notification_id in ids:
            row = uow.outbox.get(notification_id)
            if row is None:
                raise NotificationNotFound(notification_id)
            rows.append(row)
        if every_failed:
            rows += [
                r
                for r in uow.outbox.with_status([DeliveryStatus.FAILED, DeliveryStatus.DEAD])
                if r.id not in ids
            ]
        queued = [
            row.id for row in rows
            if row.id is not None and row.status is not DeliveryStatus.NO_CHANNEL  # nowhere to send it
            and uow.outbox.swap(row, outbox.resent(row, clock()))
        ]  # fmt: skip
        uow.commit()
    return queued


def listing(uow: NotificationUnitOfWork, statuses: Sequence[DeliveryStatus]) -> list[Notification]:
    with uow:
        return uow.outbox.with_status(statuses)


def remind_pending_gates(
    uow: NotificationUnitOfWork,
    directory: Directory,
    messages: MessageRenderer,
    policy: ReminderPolicy,
    clock: Clock,
    definitions: Sequence[GateDefinition] = (),
    counted: Mapping[int, frozenset[str]] | None = None,
) -> list[int]:
    """Queue the reminders (and escalations) due for gates still pending; each is queued once.

    A gate waits for its own approvers and escalates after its own timeout: those frozen when it
    opened, else those configured now (``definitions``). ``counted``: by gate id, who has a decision
    that verifies against the audit log (:func:`amoa_workflow.gates.authenticity.counted_approvers`);
    the others are reminded, whatever rows the table holds in their name.
    """
    with uow:
        gates = uow.gates.pending()
    if counted is not None:
        gates = [replace(g, decided=counted.get(g.id, frozenset())) for g in gates]
    by_name = {d.name: d for d in definitions}
    gates = [
        replace(g, approvers=tuple(a.id for a in d.approvers), timeout=d.timeout, escalate_to=d.escalate_to)
        if not g.approvers and (d := by_name.get(g.checkpoint)) is not None
        else g
        for g in gates
    ]
    return notify(uow, reminders_due(gates, directory, policy, clock()), directory, messages, clock)


def announcer(
    uow: UowFactory,
    settings: NotificationSettings,
    messages: MessageRenderer,
    notifier: Callable[[], Notifier],
    clock: Clock,
) -> Callable[[Sequence[Event]], DeliveryReport]:
    """Queue events for their recipients, then deliver; those no channel reaches are recorded
    ``no_channel`` and named in the report (nothing is sent when no one has a channel)."""

    def announce(events: Sequence[Event]) -> DeliveryReport:
        if not events:
            return DeliveryReport()
        _, unreached = queue(uow(), events, settings.directory, messages, clock)
        if settings.directory.is_empty:
            return DeliveryReport(no_channel=tuple(unreached))
        return replace(
            deliver_pending(uow, notifier(), clock, settings.delivery), no_channel=tuple(unreached)
        )

    return announce


def campaign_finished(outcome: CampaignOutcome, report: Path | None, settings: NotificationSettings) -> Event:
    """The "campaign finished" event of one run of a campaign, with its report attached or linked."""
    gaps = [
        {
            "severity": gap.severity.value,
            "type": gap.type.value,
            "requirement": gap.requirement_code,
            "detail": (gap.item_texts or gap.anomaly_refs or ("",))[0],
        }
        for gap in outcome.gaps
    ]
    domains = {c.requirement.domain for c in outcome.coverage}
    release = outcome.release.version
    link = None
    if settings.report_link and report is not None:
        link = settings.report_link.format(release=release, campaign=outcome.campaign_key, file=report.name)
    return Event(
        EventKind.CAMPAIGN_FINISHED,
        outcome.campaign_key,
        {
            "project": outcome.project,
            "release": release,
            "campaign": outcome.campaign_key,
            "attempt": outcome.attempt,
            "scenarios": len(outcome.results),
            "counts": outcome.counts,
            "gaps": gaps[:SHOWN_GAPS],
            "blocking": sum(g.severity.value == "blocking" for g in outcome.gaps),
        },
        checkpoint=outcome.checkpoint,
        domains=frozenset(domains),
        occurrence=f"run-{outcome.attempt}",
        attachment=str(report) if report is not None and settings.attach_report else None,
        link=link,
    )


def announce_campaign(
    uow: UowFactory,
    settings: NotificationSettings,
    messages: MessageRenderer,
    notifier: Callable[[], Notifier],
    outcome: CampaignOutcome,
    report: Path | None,
    clock: Clock,
) -> DeliveryReport:
    """Tell the approvers a campaign is finished, and deliver. No approver configured: nothing at
    all; approvers without channel: recorded ``no_channel`` and named in the report."""
    return announcer(uow, settings, messages, notifier, clock)([campaign_finished(outcome, report, settings)])


def reached_since(
    rows: Sequence[Notification], directory: Directory
) -> tuple[list[Notification], list[Notification]]:
    """``no_channel`` rows split: those of people no channel reaches yet (to set one up), and those
    of people one reaches now (past: no channel at the time; kept, never sent late)."""
    past = [r for r in rows if directory.reaches(r.recipient)]
    return [r for r in rows if not directory.reaches(r.recipient)], past


def unreached(uow: NotificationUnitOfWork, since: datetime | None = None) -> list[Notification]:
    """The notifications kept ``no_channel`` (created from ``since`` on): who was not told, and what."""
    with uow:
        rows = uow.outbox.with_status([DeliveryStatus.NO_CHANNEL])
    return [r for r in rows if since is None or r.created_at >= since]
