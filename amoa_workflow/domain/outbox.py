"""The outbox: every notification is a row written before anything is sent, then moves on.

::

    pending ──claim──▶ sending ──▶ sent                       (never sent again)
                          └──────▶ failed ──claim (when due)──▶ sending …
                          └──────▶ unknown  no answer in time: it may have been received
                          └──────▶ dead   after ``max_attempts`` (or when a send was interrupted)
    failed / unknown / dead / pending ──resend──▶ pending
    no_channel   kept, never sent: the recipient has no channel (nothing reaches them)

A send that times out may have been delivered all the same. On a channel whose every attempt
carries the notification's idempotency key (webhooks: an ``Idempotency-Key`` header), the receiver
can recognise a second attempt, so it is retried like a failure. On any other channel (e-mail,
chats) it becomes ``unknown`` and is never retried by itself: a person checks and resends.

A claim is a status transition made in the database (compare-and-set on status and attempt
count), so two deliverers never send the same row. A deliverer that died while sending leaves
a row in ``sending``: past ``sending_timeout`` it is declared dead, not resent, because the
message may have gone out; a person decides (``amoa notifications --resend ID``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from amoa_workflow.errors import NotificationAlreadySent

INTERRUPTED = "notify.error.interrupted"  # an i18n key: shown in the reader's language


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"  # no answer in time on a channel without idempotency key: may have arrived
    DEAD = "dead"
    NO_CHANNEL = "no_channel"  # the recipient has no channel: kept as a record, never sent nor resent


WAITING = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)  # sent by the next delivery once due
NO_TARGET = "-"  # the target of a row kept for a recipient without channel (no channel has this name)


@dataclass(frozen=True)
class Delivery:
    """What a notifier says of one send: delivered or not, and why not (no secret in it).

    ``uncertain``: no answer in time on a channel that cannot recognise a repeat; the message may
    have arrived, so it must not be sent again without a person deciding.
    """

    ok: bool
    detail: str = ""
    uncertain: bool = False


@dataclass(frozen=True)
class DeliveryPolicy:
    max_attempts: int = 8
    first_retry: timedelta = timedelta(minutes=1)
    longest_retry: timedelta = timedelta(hours=1)
    sending_timeout: timedelta = timedelta(minutes=15)


def backoff(attempt: int, policy: DeliveryPolicy) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1, 2, …): doubling, capped."""
    delay = policy.first_retry * (1 << max(attempt - 1, 0))
    return min(delay, policy.longest_retry)


@dataclass(frozen=True)
class Notification:
    """One message for one recipient on one channel, as kept in the outbox."""

    key: str
    event: str
    subject: str
    recipient: str
    target: str  # the channel's name, never its URL
    lang: str
    title: str
    text: str
    html: str
    created_at: datetime
    attachment: str | None = None
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    claimed_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    id: int | None = None

    def is_due(self, now: datetime) -> bool:
        return self.status in WAITING and (self.next_attempt_at is None or self.next_attempt_at <= now)


def claimed(notification: Notification, now: datetime) -> Notification:
    """The row taken by a deliverer: one more attempt, from now (the store makes it a compare-and-set)."""
    return replace(
        notification, status=DeliveryStatus.SENDING, attempts=notification.attempts + 1, claimed_at=now
    )


def delivered(notification: Notification, now: datetime) -> Notification:
    return replace(
        notification, status=DeliveryStatus.SENT, sent_at=now, next_attempt_at=None, last_error=None
    )


def failed(notification: Notification, error: str, now: datetime, policy: DeliveryPolicy) -> Notification:
    """Retried later with backoff, or dead once ``max_attempts`` are spent."""
    if notification.attempts >= policy.max_attempts:
        return replace(notification, status=DeliveryStatus.DEAD, last_error=error, next_attempt_at=None)
    return replace(
        notification,
        status=DeliveryStatus.FAILED,
        last_error=error,
        next_attempt_at=now + backoff(notification.attempts, policy),
    )


def unconfirmed(notification: Notification, error: str) -> Notification:
    """No answer in time, and no way for the receiver to recognise a repeat: not retried by itself."""
    return replace(notification, status=DeliveryStatus.UNKNOWN, last_error=error, next_attempt_at=None)


def interrupted(notification: Notification) -> Notification:
    """A send that never reported back may have been delivered: stop, a person decides."""
    return replace(notification, status=DeliveryStatus.DEAD, last_error=INTERRUPTED, next_attempt_at=None)


def is_stale(notification: Notification, now: datetime, policy: DeliveryPolicy) -> bool:
    return (
        notification.status is DeliveryStatus.SENDING
        and notification.claimed_at is not None
        and notification.claimed_at <= now - policy.sending_timeout
    )


def resent(notification: Notification, now: datetime) -> Notification:
    """Asked again by a person: due now. A sent (or in-flight) notification is never sent twice."""
    if notification.status in (DeliveryStatus.SENT, DeliveryStatus.SENDING):
        raise NotificationAlreadySent(notification.id, notification.status.value)
    return replace(notification, status=DeliveryStatus.PENDING, next_attempt_at=now)
