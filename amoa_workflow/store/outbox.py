"""The notification outbox in SQL.

Every change of a row is a compare-and-set on its status and attempt count
(:meth:`SqlOutbox.swap`): when two deliverers reach for the same row, one update matches and the
other finds nothing to change, so a row is sent by one of them only. Times are stored in UTC
(SQLite keeps them without their zone: they are read back as UTC).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import import_module
from typing import Any

from sqlalchemy import Connection, Row, insert, or_, select, update

from amoa_workflow.domain.outbox import WAITING, DeliveryStatus, Notification
from amoa_workflow.store.tables import notifications


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _values(notification: Notification) -> dict[str, Any]:
    return {
        "idempotency_key": notification.key,
        "event": notification.event,
        "subject": notification.subject,
        "recipient": notification.recipient,
        "target": notification.target,
        "lang": notification.lang,
        "title": notification.title,
        "body": notification.text,
        "body_html": notification.html,
        "attachment": notification.attachment,
        "status": notification.status.value,
        "attempts": notification.attempts,
        "next_attempt_at": _utc(notification.next_attempt_at),
        "claimed_at": _utc(notification.claimed_at),
        "last_error": notification.last_error,
        "created_at": _utc(notification.created_at),
        "sent_at": _utc(notification.sent_at),
    }


def _notification(row: Row[Any]) -> Notification:
    return Notification(
        id=row.id,
        key=row.idempotency_key,
        event=row.event,
        subject=row.subject,
        recipient=row.recipient,
        target=row.target,
        lang=row.lang,
        title=row.title,
        text=row.body,
        html=row.body_html,
        attachment=row.attachment,
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=_utc(row.next_attempt_at),
        claimed_at=_utc(row.claimed_at),
        last_error=row.last_error,
        created_at=_utc(row.created_at) or datetime.min.replace(tzinfo=UTC),  # NOT NULL: never the default
        sent_at=_utc(row.sent_at),
    )


class SqlOutbox:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, notification: Notification) -> int | None:
        """Insert the row unless its idempotency key is already there; its id, or None."""
        values = _values(notification)
        dialect = self.connection.dialect.name
        if dialect in ("postgresql", "sqlite"):
            module = import_module(f"sqlalchemy.dialects.{dialect}")  # the one in use: imported already
            statement = (
                module.insert(notifications)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["idempotency_key"])
                .returning(notifications.c.id)
            )
            new_id = self.connection.execute(statement).scalar()
            return None if new_id is None else int(new_id)
        if self.connection.execute(
            select(notifications.c.id).where(notifications.c.idempotency_key == notification.key)
        ).first():
            return None
        key = self.connection.execute(insert(notifications).values(**values)).inserted_primary_key
        return None if key is None else int(key[0])

    def get(self, notification_id: int) -> Notification | None:
        row = self.connection.execute(
            select(notifications).where(notifications.c.id == notification_id)
        ).first()
        return None if row is None else _notification(row)

    def due(self, now: datetime, limit: int = 100) -> list[Notification]:
        """Waiting rows whose time has come, oldest first."""
        query = (
            select(notifications)
            .where(notifications.c.status.in_([s.value for s in WAITING]))
            .where(
                or_(notifications.c.next_attempt_at.is_(None), notifications.c.next_attempt_at <= _utc(now))
            )
            .order_by(notifications.c.next_attempt_at, notifications.c.id)
            .limit(limit)
        )
        return [_notification(row) for row in self.connection.execute(query)]

    def with_status(self, statuses: Sequence[DeliveryStatus]) -> list[Notification]:
        query = (
            select(notifications)
            .where(notifications.c.status.in_([s.value for s in statuses]))
            .order_by(notifications.c.id)
        )
        return [_notification(row) for row in self.connection.execute(query)]

    def swap(self, current: Notification, new: Notification) -> bool:
        """Write ``new`` if the row is still as ``current`` (same status and attempts); False otherwise."""
        values = _values(new)
        for unchanged in ("idempotency_key", "created_at"):
            values.pop(unchanged)
        result = self.connection.execute(
            update(notifications)
            .where(notifications.c.id == current.id)
            .where(notifications.c.status == current.status.value)
            .where(notifications.c.attempts == current.attempts)
            .values(**values)
        )
        return result.rowcount == 1
