"""Gaps tracked across releases, with the history of their moves (append-only events)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from amoa_workflow.domain.gap_lifecycle import GapEvent, GapStatus, TrackedGap
from amoa_workflow.domain.model import GapType, Severity
from amoa_workflow.store.bulk import insert_rows, update_rows
from amoa_workflow.store.tables import gap_events, tracked_gaps


class SqlTrackedGaps:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def all(self) -> list[TrackedGap]:
        rows = self.connection.execute(select(tracked_gaps).order_by(tracked_gaps.c.identity)).all()
        events: dict[int, list[GapEvent]] = {}
        query = select(gap_events).order_by(gap_events.c.gap_id, gap_events.c.position)
        for event in self.connection.execute(query):
            events.setdefault(event.gap_id, []).append(
                GapEvent(event.release, GapStatus(event.status), event.note, event.by or "")
            )
        return [
            TrackedGap(
                identity=row.identity,
                type=GapType(row.type),
                severity=Severity(row.severity),
                requirement_code=row.requirement_code,
                status=GapStatus(row.status),
                first_release=row.first_release,
                last_release=row.last_release,
                owner=row.owner,
                due=row.due,
                reason=row.reason,
                history=tuple(events.get(row.id, ())),
            )
            for row in rows
        ]

    def save_all(self, gaps: Sequence[TrackedGap]) -> None:
        """Insert or update each gap by identity; only history events not stored yet are added."""
        now = datetime.now(UTC)
        known = {
            identity: (gap_id, count)
            for identity, gap_id, count in self.connection.execute(
                select(tracked_gaps.c.identity, tracked_gaps.c.id, func.count(gap_events.c.id))
                .select_from(tracked_gaps.outerjoin(gap_events))
                .group_by(tracked_gaps.c.identity, tracked_gaps.c.id)
            ).tuples()
        }
        updated: list[dict[str, Any]] = []
        added: list[TrackedGap] = []
        for gap in gaps:
            if gap.identity in known:
                updated.append({"id": known[gap.identity][0], **_values(gap, now)})
            else:
                added.append(gap)
        update_rows(self.connection, tracked_gaps, updated)
        if added:  # without RETURNING: SQLite would then insert row by row to keep their order
            last = self.connection.execute(select(func.max(tracked_gaps.c.id))).scalar() or 0
            insert_rows(
                self.connection,
                tracked_gaps,
                [{"identity": gap.identity, **_values(gap, now)} for gap in added],
            )
            new = {gap.identity for gap in added}
            query = select(tracked_gaps.c.identity, tracked_gaps.c.id).where(tracked_gaps.c.id > last)
            known.update(
                {identity: (gap_id, 0) for identity, gap_id in self.connection.execute(query).tuples()
                 if identity in new}
            )  # fmt: skip
        fresh = [
            {"gap_id": known[gap.identity][0], "position": position, "release": event.release}
            | {"status": event.status.value, "note": event.note, "at": now, "by": event.by or None}
            for gap in gaps
            for position, event in enumerate(gap.history)
            if position >= known[gap.identity][1]
        ]
        insert_rows(self.connection, gap_events, fresh)

    def restate(self, gaps: Sequence[TrackedGap], dropped: Sequence[str]) -> None:
        """Rewrite these gaps with their whole history, and delete the ``dropped`` ones."""
        identities = [gap.identity for gap in gaps]
        if dropped:
            self.connection.execute(delete(tracked_gaps).where(tracked_gaps.c.identity.in_(list(dropped))))
        if identities:
            ids = select(tracked_gaps.c.id).where(tracked_gaps.c.identity.in_(identities))
            self.connection.execute(delete(gap_events).where(gap_events.c.gap_id.in_(ids)))
            self.save_all(gaps)


def _values(gap: TrackedGap, now: datetime) -> dict[str, Any]:
    return {
        "type": gap.type.value,
        "severity": gap.severity.value,
        "requirement_code": gap.requirement_code,
        "status": gap.status.value,
        "first_release": gap.first_release,
        "last_release": gap.last_release,
        "owner": gap.owner,
        "due": gap.due,
        "reason": gap.reason,
        "updated_at": now,
    }
