"""SQL repositories: domain objects in, domain objects out, on one shared connection."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from amoa_workflow.domain.model import (
    Criticality,
    Gap,
    GapType,
    Requirement,
    Severity,
)
from amoa_workflow.store.campaigns import SqlCampaigns
from amoa_workflow.store.tables import (
    audit_log,
    gaps,
    requirements,
)

GENESIS = "0" * 64


def _now() -> datetime:
    return datetime.now(UTC)


class SqlRequirements:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def save_all(self, items: Sequence[Requirement]) -> int:
        existing = {row.code: row for row in self.connection.execute(select(requirements))}
        changed = 0
        for requirement in items:
            values = {
                "title": requirement.title,
                "criticality": requirement.criticality.value,
                "domain": requirement.domain,
                "description": requirement.description,
            }
            row = existing.get(requirement.code)
            if row is None:
                self.connection.execute(
                    insert(requirements).values(code=requirement.code, updated_at=_now(), **values)
                )
            elif any(getattr(row, k) != v for k, v in values.items()):
                self.connection.execute(
                    update(requirements)
                    .where(requirements.c.code == requirement.code)
                    .values(updated_at=_now(), **values)
                )
            else:
                continue
            changed += 1
        return changed

    def all(self) -> list[Requirement]:
        rows = self.connection.execute(select(requirements).order_by(requirements.c.code))
        return [
            Requirement(
                code=row.code,
                title=row.title,
                criticality=Criticality(row.criticality),
                domain=row.domain,
                description=row.description,
            )
            for row in rows
        ]


class SqlGaps:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def replace(self, campaign_key: str, found: Sequence[Gap]) -> None:
        campaign_id = SqlCampaigns(self.connection)._id(campaign_key)
        query = select(gaps.c.identity, gaps.c.id).where(gaps.c.campaign_id == campaign_id)
        rows = self.connection.execute(query).tuples()
        existing: dict[str, int] = {identity: gap_id for identity, gap_id in rows}  # noqa: C416 - see above
        wanted = {g.identity for g in found}
        stale = [gap_id for identity, gap_id in existing.items() if identity not in wanted]
        if stale:
            self.connection.execute(delete(gaps).where(gaps.c.id.in_(stale)))
        for gap in found:
            values = {
                "type": gap.type.value,
                "severity": gap.severity.value,
                "requirement_code": gap.requirement_code,
                "status": "open",
                "details": {
                    "scenario_keys": list(gap.scenario_keys),
                    "item_texts": list(gap.item_texts),
                    "anomaly_refs": list(gap.anomaly_refs),
                },
            }
            if gap.identity in existing:
                self.connection.execute(
                    update(gaps).where(gaps.c.id == existing[gap.identity]).values(**values)
                )
            else:
                self.connection.execute(
                    insert(gaps).values(campaign_id=campaign_id, identity=gap.identity, **values)
                )

    def for_campaign(self, campaign_key: str) -> list[Gap]:
        campaign_id = SqlCampaigns(self.connection)._id(campaign_key)
        rows = self.connection.execute(
            select(gaps).where(gaps.c.campaign_id == campaign_id).order_by(gaps.c.id)
        )
        return [
            Gap(
                identity=row.identity,
                type=GapType(row.type),
                severity=Severity(row.severity),
                requirement_code=row.requirement_code,
                scenario_keys=tuple(row.details.get("scenario_keys", ())),
                item_texts=tuple(row.details.get("item_texts", ())),
                anomaly_refs=tuple(row.details.get("anomaly_refs", ())),
            )
            for row in rows
        ]


class SqlAuditLog:
    """Append-only log; each entry's hash covers the previous hash (tamper-evident chain)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def append(self, actor: str, action: str, subject: str, details: dict[str, Any]) -> str:
        last_id = self.connection.execute(select(func.max(audit_log.c.id))).scalar()
        previous = GENESIS
        if last_id is not None:
            previous = self.connection.execute(
                select(audit_log.c.hash).where(audit_log.c.id == last_id)
            ).scalar_one()
        at = _now()
        payload = json.dumps(
            {"prev": previous, "at": at.isoformat(), "actor": actor, "action": action,
             "subject": subject, "details": details},
            sort_keys=True, ensure_ascii=False, default=str,
        )  # fmt: skip
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        self.connection.execute(
            insert(audit_log).values(
                at=at,
                actor=actor,
                action=action,
                subject=subject,
                details=details,
                prev_hash=previous,
                hash=digest,
            )
        )
        return digest
