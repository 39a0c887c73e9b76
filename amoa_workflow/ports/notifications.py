"""Notifying: the outbox, the pending gates reminded, the message rendered for a recipient, the
notifier that sends it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from amoa_workflow.domain.notifications import Event
from amoa_workflow.domain.outbox import Delivery, DeliveryStatus, Notification
from amoa_workflow.domain.reminders import PendingGate


class NotificationOutbox(Protocol):
    """The outbox: notifications are written here before they are sent."""

    def add(self, notification: Notification) -> int | None:
        """Insert unless the idempotency key is already there; the new id, or None."""

    def get(self, notification_id: int) -> Notification | None: ...

    def due(self, now: datetime, limit: int = ...) -> list[Notification]: ...

    def with_status(self, statuses: Sequence[DeliveryStatus]) -> list[Notification]: ...

    def swap(self, current: Notification, new: Notification) -> bool:
        """Write ``new`` only if the row is still ``current`` (status, attempts): the claim."""


class GateRepository(Protocol):
    def pending(self) -> list[PendingGate]: ...


class NotificationUnitOfWork(Protocol):
    """What notifying needs of a unit of work (the SQL one gives it all)."""

    @property
    def outbox(self) -> NotificationOutbox: ...

    @property
    def gates(self) -> GateRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    html: str


class MessageRenderer(Protocol):
    def render(self, event: Event, lang: str, recipient: str) -> Message: ...


class Notifier(Protocol):
    def send(self, notification: Notification) -> Delivery:
        """Send one outbox row to its channel; a failure is a result, never an exception."""
