"""The manual part of campaigns: explicit assignments and the testers' recorded executions.

One row per (campaign, scenario key) in each table: assigning again moves the scenario to the
new tester, recording again replaces the previous execution (its audit entry stays).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from amoa_workflow.domain.attachments import Attachment
from amoa_workflow.domain.manual import ManualExecution, StepOutcome, StepVerdict, apply
from amoa_workflow.domain.manual_invitations import ManualOpening
from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.store.tables import (
    audit_log,
    campaigns,
    manual_assignments,
    manual_attachments,
    manual_executions,
    releases,
)


class SqlManualWork:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _campaign(self, key: str) -> int | None:
        return self.connection.execute(select(campaigns.c.id).where(campaigns.c.key == key)).scalar()

    def release_of(self, key: str) -> str | None:
        """The release a campaign checks."""
        query = select(releases.c.version).join(campaigns, campaigns.c.release_id == releases.c.id)
        return self.connection.execute(query.where(campaigns.c.key == key)).scalar()

    def assignments(self, key: str) -> dict[str, str]:
        query = (
            select(manual_assignments.c.scenario_key, manual_assignments.c.tester)
            .join(campaigns, campaigns.c.id == manual_assignments.c.campaign_id)
            .where(campaigns.c.key == key)
        )
        return {row.scenario_key: row.tester for row in self.connection.execute(query)}

    def assign(self, key: str, scenario_keys: Sequence[str], tester: str, by: str, at: datetime) -> None:
        campaign = self._campaign(key)
        if campaign is None or not scenario_keys:
            return
        table = manual_assignments
        self.connection.execute(
            delete(table).where(
                table.c.campaign_id == campaign, table.c.scenario_key.in_(list(scenario_keys))
            )
        )
        self.connection.execute(
            insert(table),
            [
                {"campaign_id": campaign, "scenario_key": scenario, "tester": tester, "assigned_by": by,
                 "assigned_at": at}
                for scenario in scenario_keys
            ],
        )  # fmt: skip

    def executions(self, key: str) -> dict[str, ManualExecution]:
        table = manual_executions
        query = (
            select(table)
            .join(campaigns, campaigns.c.id == table.c.campaign_id)
            .where(campaigns.c.key == key)
            .order_by(table.c.scenario_key)
        )
        return {row.scenario_key: _execution(row._mapping) for row in self.connection.execute(query)}

    def record(self, key: str, executions: Sequence[ManualExecution]) -> None:
        campaign = self._campaign(key)
        if campaign is None or not executions:
            return
        table = manual_executions
        keys = [e.scenario_key for e in executions]
        self.connection.execute(
            delete(table).where(table.c.campaign_id == campaign, table.c.scenario_key.in_(keys))
        )
        self.connection.execute(insert(table), [_row(campaign, e) for e in executions])

    def opening(self, key: str) -> ManualOpening | None:
        """When the campaign's manual part was opened for testers, and until when (audited once)."""
        return next((o for o in self.openings() if o.campaign == key), None)

    def openings(self) -> list[ManualOpening]:
        query = select(audit_log.c.subject, audit_log.c.details).where(audit_log.c.action == OPENED)
        found: dict[str, ManualOpening] = {}
        for row in self.connection.execute(query.order_by(audit_log.c.id)):
            details = row.details
            found.setdefault(row.subject, ManualOpening(
                row.subject, details["release"], details["checkpoint"],
                datetime.fromisoformat(details["opened_at"]), datetime.fromisoformat(details["deadline"]),
            ))  # fmt: skip
        return list(found.values())

    def attach(self, key: str, attachment: Attachment, content: bytes) -> Attachment:
        """Keep a file attached to a step; the attachment with its id."""
        campaign = self._campaign(key)
        if campaign is None:
            return attachment
        values = {name: getattr(attachment, name) for name in _ATTACHMENT_FIELDS}
        inserted = self.connection.execute(
            insert(manual_attachments).values(campaign_id=campaign, content=content, **values)
        )
        key_id = inserted.inserted_primary_key
        return replace(attachment, id=int(key_id[0]) if key_id else 0)

    def attachments(self, key: str) -> tuple[Attachment, ...]:
        """The campaign's attachments (without their bytes), in the order they were kept."""
        table = manual_attachments
        query = (
            select(table.c.id, *(table.c[name] for name in _ATTACHMENT_FIELDS))
            .join(campaigns, campaigns.c.id == table.c.campaign_id)
            .where(campaigns.c.key == key)
            .order_by(table.c.id)
        )
        return tuple(_attachment(row._mapping) for row in self.connection.execute(query))

    def attachment(self, key: str, attachment_id: int) -> tuple[Attachment, bytes] | None:
        """One attachment of the campaign and its bytes; None when the campaign has no such file."""
        table = manual_attachments
        query = (
            select(table.c.id, table.c.content, *(table.c[name] for name in _ATTACHMENT_FIELDS))
            .join(campaigns, campaigns.c.id == table.c.campaign_id)
            .where(campaigns.c.key == key, table.c.id == attachment_id)
        )
        row = self.connection.execute(query).first()
        return (_attachment(row._mapping), bytes(row.content)) if row else None


OPENED = "manual.opened"
_ATTACHMENT_FIELDS = (
    "scenario_key", "position", "tester", "name", "media_type", "size", "sha256", "recorded_at",
)  # fmt: skip


def _attachment(row: Any) -> Attachment:
    recorded = row["recorded_at"]
    if recorded.tzinfo is None:  # SQLite gives naive datetimes back
        recorded = recorded.replace(tzinfo=UTC)
    values = {name: row[name] for name in _ATTACHMENT_FIELDS} | {"recorded_at": recorded}
    return Attachment(**values, id=int(row["id"]))


def _row(campaign: int, execution: ManualExecution) -> dict[str, Any]:
    return {
        "campaign_id": campaign,
        "scenario_key": execution.scenario_key,
        "tester": execution.tester,
        "status": execution.status.value,
        "steps": [
            {"position": s.position, "verdict": s.verdict.value if s.verdict else None, "comment": s.comment}
            for s in execution.steps
        ],
        "comment": execution.comment,
        "source": execution.source,
        "recorded_at": execution.recorded_at,
    }


def _execution(row: Any) -> ManualExecution:
    recorded = row["recorded_at"]
    if recorded.tzinfo is None:  # SQLite gives naive datetimes back
        recorded = recorded.replace(tzinfo=UTC)
    steps = tuple(
        StepOutcome(
            int(s["position"]), StepVerdict(s["verdict"]) if s["verdict"] else None, s.get("comment") or ""
        )
        for s in row["steps"]
    )
    return ManualExecution(row["scenario_key"], row["tester"], steps, recorded, row["source"], row["comment"])


def with_executions(
    connection: Connection, campaign_id: int, results: list[ScenarioResult]
) -> list[ScenarioResult]:
    """The campaign's results with the testers' recorded executions applied to its manual
    scenarios: a rerun of the automated scenarios does not undo what testers recorded, and the
    results say who executed them."""
    table = manual_executions
    rows = connection.execute(select(table).where(table.c.campaign_id == campaign_id)).all()
    if not rows:
        return results
    done = {row.scenario_key: _execution(row._mapping) for row in rows}
    return [apply(r, done[r.key]) if r.key in done and _recorded(r, done[r.key]) else r for r in results]


def _recorded(result: ScenarioResult, execution: ManualExecution) -> bool:
    """Pending (the runner's), or stored from this execution (a partial run of manual results)."""
    return result.status is Status.PENDING or result.status is apply(result, execution).status
