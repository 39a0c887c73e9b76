"""Use cases of an acceptance checkpoint. Each takes its dependencies; none builds them.

Every step that writes does so in one ``with uow:`` block and commits once at the end, so a
failure midway leaves nothing half-written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from amoa_workflow.domain import gaps as gap_analysis
from amoa_workflow.domain.model import Gap, Release, Requirement, RequirementCoverage, ScenarioResult
from amoa_workflow.errors import ReleaseNotFound
from amoa_workflow.ports import UnitOfWork

ACTOR = "amoa-workflow"


class Sources(Protocol):
    """The analyst's and the vendor's inputs: requirements and release notes."""

    def requirements(self) -> list[Requirement]: ...

    def release(self, version: str) -> tuple[Release, str]:
        """The release and a fingerprint of its notes (changes when the notes change)."""


class ScenarioRunner(Protocol):
    def run(self, release: str, run_id: str) -> ScenarioRunLike: ...


class ScenarioRunLike(Protocol):
    @property
    def results(self) -> tuple[ScenarioResult, ...]: ...

    @property
    def folder(self) -> Path: ...


class Renderer(Protocol):
    def render(self, outcome: CampaignOutcome, target: Path) -> Path: ...


@dataclass(frozen=True)
class IngestSummary:
    release: str
    notes: str  # created | updated | unchanged
    items_by_kind: dict[str, int]
    requirements: int
    requirements_changed: int
    unknown_refs: tuple[str, ...]


@dataclass(frozen=True)
class CampaignOutcome:
    """Everything a report or a summary needs about one campaign."""

    project: str
    checkpoint: str
    campaign_key: str
    attempt: int
    release: Release
    results: tuple[ScenarioResult, ...]
    coverage: tuple[RequirementCoverage, ...]
    gaps: tuple[Gap, ...]
    run_folder: str

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(r.status.value for r in self.results))


def campaign_key(checkpoint: str, release: str) -> str:
    return f"{checkpoint}-{release}"


def ingest(uow: UnitOfWork, sources: Sources, version: str) -> IngestSummary:
    """Store the requirements and the release notes of ``version``; idempotent."""
    requirements = sources.requirements()
    release, fingerprint = sources.release(version)
    known = {r.code for r in requirements}
    referenced = [code for item in release.items for code in item.requirement_refs]
    with uow:
        changed = uow.requirements.save_all(requirements)
        notes = uow.releases.save(release, fingerprint)
        if changed:
            uow.audit.append(ACTOR, "requirements.ingested", "requirements", {"changed": changed})
        if notes != "unchanged":
            uow.audit.append(
                ACTOR, f"release.{notes}", version, {"items": len(release.items), "sha256": fingerprint}
            )
        uow.commit()
    return IngestSummary(
        release=version,
        notes=notes,
        items_by_kind=dict(Counter(item.kind.value for item in release.items)),
        requirements=len(requirements),
        requirements_changed=changed,
        unknown_refs=tuple(sorted(set(referenced) - known)),
    )


def run_scenarios(
    runner: ScenarioRunner, version: str, key: str, clock: Callable[[], datetime]
) -> ScenarioRunLike:
    """Run every scenario against ``version``; nothing is stored yet."""
    return runner.run(version, run_id=f"{key}/{clock().strftime('%Y%m%dT%H%M%S%fZ')}")


def record_campaign(
    uow: UnitOfWork,
    project: str,
    checkpoint: str,
    version: str,
    key: str,
    results: Sequence[ScenarioResult],
    run_folder: str,
) -> CampaignOutcome:
    """Store the results of a run and the gaps they reveal, in one transaction."""
    with uow:
        release = uow.releases.get(version)
        if release is None:
            raise ReleaseNotFound(version, "database", [])
        requirements = uow.requirements.all()
        attempt = uow.campaigns.start(key, version, checkpoint, run_folder)
        uow.campaigns.save_results(key, results)
        found = gap_analysis.analyse(requirements, release, results)
        uow.gaps.replace(key, found)
        uow.campaigns.finish(key)
        uow.audit.append(
            ACTOR,
            "campaign.recorded",
            key,
            {"attempt": attempt, "results": len(results), "gaps": [g.identity for g in found]},
        )
        uow.commit()
    return CampaignOutcome(
        project=project,
        checkpoint=checkpoint,
        campaign_key=key,
        attempt=attempt,
        release=release,
        results=tuple(results),
        coverage=tuple(gap_analysis.coverage(requirements, results)),
        gaps=tuple(found),
        run_folder=run_folder,
    )


def render_report(renderer: Renderer, outcome: CampaignOutcome, reports_dir: Path) -> Path:
    target = reports_dir / outcome.release.version / f"{outcome.campaign_key}.html"
    return renderer.render(outcome, target)


def utc_now() -> datetime:
    return datetime.now(UTC)
