"""SQL repositories: domain objects in, domain objects out, on one shared connection."""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, bindparam, delete, func, insert, select, text, update

from amoa_workflow.domain import audit
from amoa_workflow.domain.model import (
    Criticality,
    Gap,
    GapType,
    Requirement,
    Severity,
)
from amoa_workflow.errors import ReleaseNotStored
from amoa_workflow.store.bulk import insert_rows, update_rows
from amoa_workflow.store.campaigns import SqlCampaigns, chunks
from amoa_workflow.store.releases import SqlReleases
from amoa_workflow.store.tables import (
    audit_log,
    gaps,
    releases,
    requirement_versions,
    requirements,
)

GENESIS = audit.GENESIS


def _now() -> datetime:
    return datetime.now(UTC)


class SqlRequirements:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def save_all(self, items: Sequence[Requirement]) -> int:
        """Insert the new requirements and update the changed ones: one statement each, in bulk."""
        columns = (requirements.c.code, requirements.c.title, requirements.c.criticality,
                   requirements.c.domain, requirements.c.description, requirements.c.target)  # fmt: skip
        existing = {row[0]: tuple(row[1:]) for row in self.connection.execute(select(*columns)).tuples()}
        now = _now()
        added: dict[str, dict[str, Any]] = {}
        changed: dict[str, dict[str, Any]] = {}
        for requirement in items:
            values = (requirement.title, requirement.criticality.value, requirement.domain,
                      requirement.description, requirement.target)  # fmt: skip
            known = existing.get(requirement.code)
            if known == values:
                continue
            row = {"title": values[0], "criticality": values[1], "domain": values[2],
                   "description": values[3], "target": values[4], "updated_at": now}  # fmt: skip
            if known is None:
                added[requirement.code] = {"code": requirement.code, **row}
            else:
                changed[requirement.code] = {"old_code": requirement.code, **row}
        insert_rows(self.connection, requirements, list(added.values()))
        if changed:
            self.connection.execute(
                update(requirements).where(requirements.c.code == bindparam("old_code")),
                list(changed.values()),
            )
        return len(added) + len(changed)

    def all(self) -> list[Requirement]:
        return _requirements(self.connection.execute(select(requirements).order_by(requirements.c.code)))

    def snapshot(self, version: str, items: Sequence[Requirement]) -> None:
        """Keep ``items`` as the requirements of release ``version`` (replacing an earlier snapshot)."""
        query = select(releases.c.id).where(releases.c.version == version)
        release_id = self.connection.execute(query).scalar()
        if release_id is None:
            raise ReleaseNotStored(version, SqlReleases(self.connection).versions())
        versions = requirement_versions
        self.connection.execute(delete(versions).where(versions.c.release_id == release_id))
        rows = [
            {"release_id": release_id, "code": r.code, "title": r.title}
            | {"criticality": r.criticality.value, "domain": r.domain, "description": r.description}
            | {"target": r.target}
            for r in items
        ]
        insert_rows(self.connection, versions, rows)

    def as_of(self, version: str) -> list[Requirement] | None:
        """The requirements as they stood for release ``version``; None if none were kept for it."""
        rows = self.connection.execute(
            select(requirement_versions)
            .join(releases, releases.c.id == requirement_versions.c.release_id)
            .where(releases.c.version == version)
            .order_by(requirement_versions.c.code)
        ).all()
        return _requirements(rows) if rows else None


def _requirements(rows: Iterable[Any]) -> list[Requirement]:
    return [
        Requirement(
            code=row.code,
            title=row.title,
            criticality=Criticality(row.criticality),
            domain=row.domain,
            description=row.description,
            target=row.target,
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
        for chunk in chunks(stale):
            self.connection.execute(delete(gaps).where(gaps.c.id.in_(chunk)))
        updated: list[dict[str, Any]] = []
        added: list[dict[str, Any]] = []
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
                    "facts": [fact.value for fact in gap.facts],
                },
            }
            if gap.identity in existing:
                updated.append({"id": existing[gap.identity], **values})
            else:
                added.append({"campaign_id": campaign_id, "identity": gap.identity, **values})
        update_rows(self.connection, gaps, updated)
        insert_rows(self.connection, gaps, added)

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
                facts=tuple(GapType(fact) for fact in row.details.get("facts", ())),
            )
            for row in rows
        ]


class SqlAuditLog:
    """Append-only log; each entry's hash covers the previous hash (tamper-evident chain).

    Appending is serialised across processes (a PostgreSQL advisory lock, SQLite's write lock), so
    two writers never chain to the same entry. The time is hashed and stored as ISO text
    (``hashed_at``): :meth:`entries` gives back exactly what was hashed, on SQLite and PostgreSQL.
    With a key (``AMOA_AUDIT_KEY``) each entry also gets its MAC. The entries appended in the
    transaction are kept in :attr:`appended`, for the unit of work to anchor once committed.
    """

    def __init__(self, connection: Connection, key: bytes | None = None) -> None:
        self.connection = connection
        self.key = key
        self.appended: list[tuple[int, str, str]] = []  # (id, hash, time) of this transaction
        self._first_keyed: int | None = None

    def head(self) -> tuple[int, str] | None:
        """The last entry's id and hash (what a PV or a message prints), None for an empty log."""
        row = self.connection.execute(
            select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
        ).first()
        return (row.id, row.hash) if row is not None else None

    def append(self, actor: str, action: str, subject: str, details: dict[str, Any]) -> str:
        self._lock()
        last_id = self.connection.execute(select(func.max(audit_log.c.id))).scalar()
        previous = GENESIS
        if last_id is not None:
            previous = self.connection.execute(
                select(audit_log.c.hash).where(audit_log.c.id == last_id)
            ).scalar_one()
        at = _now()
        stamp, content = at.isoformat(), audit.as_json(details)
        digest = audit.chain_hash(previous, stamp, actor, action, subject, content)
        inserted = self.connection.execute(
            insert(audit_log).values(
                at=at,
                hashed_at=stamp,
                actor=actor,
                action=action,
                subject=subject,
                details=content,
                prev_hash=previous,
                hash=digest,
                mac=audit.mac(self.key, digest) if self.key else None,
            )
        )
        key = inserted.inserted_primary_key
        assert key is not None
        self.appended.append((int(key[0]), digest, stamp))
        return digest

    def entries(self) -> list[audit.AuditEntry]:
        """Every entry in order. A time column changed behind our back shows as an altered entry."""
        return self._entries(select(audit_log).order_by(audit_log.c.id))

    def about(self, subjects: Sequence[str]) -> list[audit.AuditEntry]:
        """The entries about ``subjects``, in order (what a gate's check reads, not the whole log)."""
        if not subjects:
            return []
        return self._entries(
            select(audit_log).where(audit_log.c.subject.in_(list(subjects))).order_by(audit_log.c.id)
        )

    def sealed(self, entry: audit.AuditEntry) -> bool:
        """With the key: the entry's MAC holds; one without a MAC only before the first keyed entry."""
        if self.key is None:
            return True
        if entry.mac is not None:
            return hmac.compare_digest(audit.mac(self.key, entry.hash), entry.mac)
        if self._first_keyed is None:
            first = self.connection.execute(
                select(func.min(audit_log.c.id)).where(audit_log.c.mac.is_not(None))
            ).scalar()
            self._first_keyed = first if first is not None else 0  # none keyed: the MACs were removed
        return entry.id < self._first_keyed

    def _entries(self, query: Select[Any]) -> list[audit.AuditEntry]:
        rows = self.connection.execute(query)
        return [
            audit.AuditEntry(
                id=row.id,
                at=row.hashed_at if _same_time(row.at, row.hashed_at) else _utc(row.at).isoformat(),
                actor=row.actor,
                action=row.action,
                subject=row.subject,
                details=row.details,
                prev_hash=row.prev_hash,
                hash=row.hash,
                mac=row.mac,
            )
            for row in rows
        ]

    def _lock(self) -> None:
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
        else:  # SQLite: any write takes the database's write lock until the transaction ends
            self.connection.execute(
                update(audit_log).where(audit_log.c.id < 0).values(actor=audit_log.c.actor)
            )


AUDIT_LOCK = 0x616D6F61  # "amoa": the advisory lock key of the audit chain


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _same_time(column: datetime, stamp: str) -> bool:
    try:
        return _utc(column) == _utc(datetime.fromisoformat(stamp))
    except ValueError:
        return False
