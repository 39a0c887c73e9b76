"""In-memory fakes for notifying: an outbox with the SQL one's compare-and-set, gates, a notifier, a clock."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from amoa_workflow.domain.outbox import WAITING, Delivery, DeliveryStatus, Notification
from amoa_workflow.domain.reminders import PendingGate


class FakeOutbox:
    def __init__(self) -> None:
        self.rows: dict[int, Notification] = {}

    def add(self, notification: Notification) -> int | None:
        if any(r.key == notification.key for r in self.rows.values()):
            return None
        new_id = len(self.rows) + 1
        self.rows[new_id] = replace(notification, id=new_id)
        return new_id

    def get(self, notification_id: int) -> Notification | None:
        return self.rows.get(notification_id)

    def due(self, now: datetime, limit: int = 100) -> list[Notification]:
        due = [r for r in self.rows.values() if r.status in WAITING and (r.next_attempt_at or now) <= now]
        return sorted(due, key=lambda r: (r.next_attempt_at or now, r.id or 0))[:limit]

    def with_status(self, statuses: Sequence[DeliveryStatus]) -> list[Notification]:
        return [r for r in self.rows.values() if r.status in statuses]

    def swap(self, current: Notification, new: Notification) -> bool:
        stored = self.rows.get(current.id or 0)
        if stored is None or (stored.status, stored.attempts) != (current.status, current.attempts):
            return False
        self.rows[stored.id or 0] = replace(new, id=stored.id, key=stored.key, created_at=stored.created_at)
        return True


@dataclass
class FakeGates:
    open: list[PendingGate] = field(default_factory=list)

    def pending(self) -> list[PendingGate]:
        return list(self.open)


class FakeNotificationUow:
    """Shared state across units, like a database; what is not committed is rolled back on exit."""

    def __init__(self) -> None:
        self.outbox = FakeOutbox()
        self.gates = FakeGates()
        self.commits = 0
        self._snapshot: dict[int, Notification] = {}

    def __call__(self) -> Self:  # a factory of units of work over the same "database"
        return self

    def __enter__(self) -> Self:
        self._snapshot = copy.copy(self.outbox.rows)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.outbox.rows = self._snapshot

    def commit(self) -> None:
        self.commits += 1
        self._snapshot = copy.copy(self.outbox.rows)


@dataclass
class FakeNotifier:
    """Refuses the first ``down`` sends of each target, then delivers; keeps what it delivered."""

    down: int = 0
    delivered: list[Notification] = field(default_factory=list)
    tries: dict[str, int] = field(default_factory=dict)
    during_send: Callable[[Notification], None] | None = None

    def send(self, notification: Notification) -> Delivery:
        if self.during_send is not None:
            self.during_send(notification)
        self.tries[notification.target] = self.tries.get(notification.target, 0) + 1
        if self.tries[notification.target] <= self.down:
            return Delivery(False, "Connection refused")
        self.delivered.append(notification)
        return Delivery(True)


@dataclass
class Clock:
    now: datetime = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
