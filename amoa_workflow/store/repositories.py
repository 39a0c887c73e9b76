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
    ScenarioResult,
    Severity,
    Status,
    StepResult,
)
from amoa_workflow.store.releases import SqlReleases
from amoa_workflow.store.tables import (
    audit_log,
    campaigns,
    gaps,
    requirements,
    scenario_results,
    step_results,
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


class SqlCampaigns:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _id(self, key: str) -> int:
        campaign_id = self.connection.execute(select(campaigns.c.id).where(campaigns.c.key == key)).scalar()
        if campaign_id is None:
            raise LookupError(f"campaign {key} does not exist")
        return int(campaign_id)

    def start(self, key: str, version: str, checkpoint: str, run_folder: str) -> int:
        release_id = SqlReleases(self.connection).id_of(version)
        if release_id is None:
            raise LookupError(f"release {version} is not ingested")
        row = self.connection.execute(select(campaigns).where(campaigns.c.key == key)).first()
        if row is None:
            self.connection.execute(
                insert(campaigns).values(
                    key=key, release_id=release_id, checkpoint=checkpoint, attempt=1,
                    started_at=_now(), run_folder=run_folder,
                )
            )  # fmt: skip
            return 1
        attempt = int(row.attempt) + 1
        self.connection.execute(
            update(campaigns)
            .where(campaigns.c.id == row.id)
            .values(attempt=attempt, started_at=_now(), finished_at=None, run_folder=run_folder)
        )
        return attempt

    def finish(self, key: str) -> None:
        self.connection.execute(update(campaigns).where(campaigns.c.key == key).values(finished_at=_now()))

    def save_results(self, key: str, results: Sequence[ScenarioResult]) -> None:
        campaign_id = self._id(key)
        query = select(scenario_results.c.scenario_key, scenario_results.c.id).where(
            scenario_results.c.campaign_id == campaign_id
        )
        existing: dict[str, int] = {key: row_id for key, row_id in self.connection.execute(query).tuples()}  # noqa: C416 - dict(Result) would call Result.keys()
        wanted = {r.key for r in results}
        stale = [row_id for scenario_key, row_id in existing.items() if scenario_key not in wanted]
        if stale:
            self.connection.execute(delete(step_results).where(step_results.c.result_id.in_(stale)))
            self.connection.execute(delete(scenario_results).where(scenario_results.c.id.in_(stale)))
        for result in results:
            values = _result_values(result)
            result_id = existing.get(result.key)
            if result_id is None:
                result_id = self.connection.execute(
                    insert(scenario_results).values(
                        campaign_id=campaign_id, scenario_key=result.key, **values
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
            else:
                self.connection.execute(
                    update(scenario_results).where(scenario_results.c.id == result_id).values(**values)
                )
                self.connection.execute(delete(step_results).where(step_results.c.result_id == result_id))
            if result.steps:
                self.connection.execute(
                    insert(step_results),
                    [
                        {
                            "result_id": result_id, "position": s.position, "keyword": s.keyword,
                            "text": s.text, "line": s.line, "status": s.status.value,
                            "duration": s.duration, "error": s.error,
                        }
                        for s in result.steps
                    ],
                )  # fmt: skip

    def results(self, key: str) -> list[ScenarioResult]:
        campaign_id = self._id(key)
        rows = self.connection.execute(
            select(scenario_results)
            .where(scenario_results.c.campaign_id == campaign_id)
            .order_by(scenario_results.c.scenario_key)
        ).all()
        steps: dict[int, list[StepResult]] = {}
        step_rows = self.connection.execute(
            select(step_results)
            .where(step_results.c.result_id.in_([row.id for row in rows]))
            .order_by(step_results.c.result_id, step_results.c.position)
        )
        for s in step_rows:
            steps.setdefault(s.result_id, []).append(
                StepResult(s.position, s.keyword, s.text, s.line, Status(s.status), s.duration, s.error)
            )
        return [
            ScenarioResult(
                key=row.scenario_key, feature_path=row.feature_path, feature_name=row.feature_name,
                scenario=row.scenario, line=row.line, status=Status(row.status), tags=tuple(row.tags),
                requirement_codes=tuple(row.requirement_codes),
                example=tuple((str(k), str(v)) for k, v in row.example),
                duration=row.duration, message=row.message, steps=tuple(steps.get(row.id, ())),
            )
            for row in rows
        ]  # fmt: skip


def _result_values(result: ScenarioResult) -> dict[str, Any]:
    return {
        "feature_path": result.feature_path,
        "feature_name": result.feature_name,
        "scenario": result.scenario,
        "line": result.line,
        "status": result.status.value,
        "tags": list(result.tags),
        "requirement_codes": list(result.requirement_codes),
        "example": [list(pair) for pair in result.example],
        "duration": result.duration,
        "message": result.message,
    }


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
