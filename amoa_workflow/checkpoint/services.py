"""Use cases of an acceptance checkpoint. Each takes its dependencies; none builds them.

Every step that writes does so in one ``with uow:`` block and commits once at the end, so a
failure midway leaves nothing half-written. What they give back is in ``outcomes.py``; the
runner's port and the ids of runs in ``scenario_runs.py``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from amoa_workflow.checkpoint.assessment import assess

# What the use cases give back: callers name them services.CampaignOutcome, services.IngestSummary.
from amoa_workflow.checkpoint.outcomes import CampaignOutcome as CampaignOutcome
from amoa_workflow.checkpoint.outcomes import IngestSummary as IngestSummary
from amoa_workflow.checkpoint.outcomes import PvRead as PvRead
from amoa_workflow.checkpoint.outcomes import as_held, pv_fingerprint
from amoa_workflow.checkpoint.scenario_runs import ScenarioRunLike, ScenarioRunner, new_run_id, run_started
from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.file_names import file_name, inside
from amoa_workflow.domain.gates import GateState
from amoa_workflow.domain.model import Gap, Release, Requirement, ScenarioResult
from amoa_workflow.domain.revisions import compare
from amoa_workflow.domain.selection import EVERYTHING, Selection
from amoa_workflow.errors import CampaignNotFound, ReleaseNotStored
from amoa_workflow.ports import UnitOfWork

ACTOR = "amoa-workflow"


class Sources(Protocol):
    """The analyst's and the vendor's inputs: requirements and release notes."""

    def requirements(self) -> list[Requirement]: ...

    def release(self, version: str) -> tuple[Release, str]:
        """The release and a fingerprint of its notes (changes when the notes change)."""


class Renderer(Protocol):
    def render(
        self,
        outcome: CampaignOutcome,
        target: Path,
        *,
        gates: Sequence[GateState] = ...,
        audit_head: str | None = ...,
    ) -> Path: ...


def current_pv(uow: UnitOfWork, project: str, checkpoint: str, version: str, rules: AcceptanceRules) -> str:
    """The fingerprint of the PV a gate of ``checkpoint`` on ``version`` is about, as it stands."""
    return pv_seen(uow, project, checkpoint, version, rules)[0]


def pv_seen(
    uow: UnitOfWork, project: str, checkpoint: str, version: str, rules: AcceptanceRules
) -> tuple[str, tuple[Gap, ...]]:
    """The PV a gate of ``checkpoint`` on ``version`` is about, as it stands: its fingerprint and the
    gaps it shows (what an approver deciding now sees)."""
    read = pv_read(uow, project, checkpoint, version, rules)
    return read.fingerprint, read.gaps


def pv_read(uow: UnitOfWork, project: str, checkpoint: str, version: str, rules: AcceptanceRules) -> PvRead:
    """:func:`pv_seen`, with the PV's recommendation (an approver is told a NO GO before signing)."""
    outcome = campaign_outcome(uow, project, checkpoint, version, campaign_key(checkpoint, version), rules)
    recommendation = outcome.assessment.recommendation if outcome.assessment else None
    return PvRead(pv_fingerprint(outcome), outcome.gaps, recommendation)


def campaign_key(checkpoint: str, release: str) -> str:
    return f"{checkpoint}-{release}"


def ingest(uow: UnitOfWork, sources: Sources, version: str) -> IngestSummary:
    """Store the requirements and the release notes of ``version``; idempotent."""
    requirements = sources.requirements()
    release, fingerprint = sources.release(version)
    with uow:
        uow.lock("ingest")  # two ingests at once take turns: requirements and releases are shared
        changed = uow.requirements.save_all(requirements)
        if changed:
            uow.audit.append(ACTOR, "requirements.ingested", "requirements", {"changed": changed})
        summary = _store_release(uow, release, fingerprint, {r.code for r in requirements})
        uow.requirements.snapshot(release.version, requirements)  # as stored: v1.1.0 asked is 1.1.0
        uow.commit()
    return replace(summary, requirements=len(requirements), requirements_changed=changed)


def ingest_notes(
    uow: UnitOfWork, release: Release, fingerprint: str, known: set[str] | None = None
) -> IngestSummary:
    """Store a release's notes alone (``amoa ingest``); changed notes become a new revision.

    References are checked against ``known`` requirement codes, or the stored requirements.
    """
    with uow:
        uow.lock("ingest")
        codes = known if known is not None else {r.code for r in uow.requirements.all()}
        summary = _store_release(uow, release, fingerprint, codes)
        uow.commit()
    return summary


def _store_release(uow: UnitOfWork, release: Release, fingerprint: str, known: set[str]) -> IngestSummary:
    file_name(release.version, "release", release.source or "--release")  # it names reports and runs
    saved = uow.releases.save(release, fingerprint)
    change = compare(saved.previous.items, release.items) if saved.previous else None
    if saved.outcome != "unchanged":
        details: dict[str, object] = {
            "revision": saved.revision,
            "items": len(release.items),
            "sha256": fingerprint,
        }
        if change is not None:
            details |= {"added": len(change.added), "removed": len(change.removed)}
        uow.audit.append(ACTOR, f"release.{saved.outcome}", release.version, details)
    referenced = {code for item in release.items for code in item.requirement_refs}
    return IngestSummary(
        release=release.version,
        notes=saved.outcome,
        revision=saved.revision,
        items_by_kind=dict(Counter(item.kind.value for item in release.items)),
        requirements=len(known),
        requirements_changed=0,
        unknown_refs=tuple(sorted(referenced - known)),
        change=change,
    )


def run_scenarios(
    runner: ScenarioRunner,
    version: str,
    key: str,
    clock: Callable[[], datetime],
    selection: Selection = EVERYTHING,
    shards: int = 1,
    workers: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioRunLike:
    """Run the selected scenarios against ``version``; nothing is stored yet."""
    return runner.run(version, new_run_id(key, clock), selection, shards, workers, progress)


def record_campaign(
    uow: UnitOfWork,
    project: str,
    checkpoint: str,
    version: str,
    key: str,
    results: Sequence[ScenarioResult],
    run_folder: str,
    selection: Selection = EVERYTHING,
    shards: int = 1,
    rules: AcceptanceRules | None = None,
) -> CampaignOutcome:
    """Store the results of a run and the gaps they reveal, in one transaction.

    The run is added to the campaign's history, each of its scenarios as the campaign then holds
    it (the testers' recorded executions applied to manual ones). A full run makes the campaign's
    current results exactly its own; a partial one (a selection) updates only the scenarios it ran,
    and the gaps are found again on the whole. Recording the same run twice changes nothing.
    """
    partial = not selection.is_everything
    with uow:
        uow.lock("record")  # runs recorded at once take turns: attempts, current results, tracked gaps
        release = uow.releases.get(version)
        if release is None:
            raise ReleaseNotStored(version, uow.releases.versions())
        requirements = uow.requirements.as_of(version) or uow.requirements.all()
        run_key = f"{key}/{Path(run_folder).name}"
        attempt = uow.campaigns.start(
            key,
            version,
            checkpoint,
            run_folder,
            run_key,
            selection.describe(),
            shards,
            run_started(run_folder),
        )
        uow.campaigns.save_results(key, results, partial=partial)
        # With what testers recorded for manual scenarios; a full run's are its own, not read back.
        current = uow.campaigns.results(key) if partial else uow.campaigns.as_saved(key, results)
        # The run's history line says what it left in the campaign, as the PV does.
        uow.campaigns.record_run(key, attempt, as_held(results, current))
        judged = assess(uow, requirements, release, key, current, rules or AcceptanceRules())
        found = list(judged.gaps)
        uow.gaps.replace(key, found)
        uow.campaigns.finish(key)
        uow.audit.append(
            ACTOR,
            "campaign.recorded",
            key,
            {"attempt": attempt, "results": len(results), "selection": selection.describe(),
             "gaps": [g.identity for g in found]},
        )  # fmt: skip
        judged = replace(judged, trend=tuple(uow.release_history.trend()))
        attachments = uow.campaigns.attachments(key)
        uow.commit()
    return CampaignOutcome(
        project=project,
        checkpoint=checkpoint,
        campaign_key=key,
        attempt=attempt,
        release=release,
        results=tuple(current),
        coverage=judged.coverage,
        gaps=tuple(found),
        run_folder=run_folder,
        assessment=judged,
        attachments=attachments,
    )


def campaign_outcome(
    uow: UnitOfWork, project: str, checkpoint: str, version: str, key: str, rules: AcceptanceRules
) -> CampaignOutcome:
    """A recorded campaign as a report needs it, judged again from the database (nothing is moved)."""
    with uow:
        release = uow.releases.get(version)
        if release is None:
            raise ReleaseNotStored(version, uow.releases.versions())
        if uow.campaigns.find(key) is None:
            raise CampaignNotFound(key, uow.campaigns.keys())
        requirements = uow.requirements.as_of(version) or uow.requirements.all()
        results = uow.campaigns.results(key)
        judged = assess(uow, requirements, release, key, results, rules, track=False)
        judged = replace(judged, trend=tuple(uow.release_history.trend()))
        runs = uow.campaigns.runs(key)
        attachments = uow.campaigns.attachments(key)
    return CampaignOutcome(
        project=project,
        checkpoint=checkpoint,
        campaign_key=key,
        attempt=runs[-1].attempt if runs else 0,
        release=release,
        results=tuple(results),
        coverage=judged.coverage,
        gaps=judged.gaps,
        run_folder=runs[-1].run_key if runs else "",
        assessment=judged,
        attachments=attachments,
    )


def current_results(uow: UnitOfWork, key: str) -> list[ScenarioResult]:
    """The campaign's current result for each scenario."""
    with uow:
        if uow.campaigns.find(key) is None:
            raise CampaignNotFound(key, uow.campaigns.keys())
        return uow.campaigns.results(key)


def recorded_run(
    uow: UnitOfWork,
    project: str,
    checkpoint: str,
    version: str,
    key: str,
    run_key: str,
    rules: AcceptanceRules,
) -> CampaignOutcome | None:
    """The campaign as recorded by run ``run_key``, if that run was recorded already, else None.

    A flow suspended at its gate runs again from the top when resumed: this keeps it from running
    the scenarios a second time.
    """
    with uow:
        known = uow.campaigns.find(key) is not None and any(
            r.run_key == run_key for r in uow.campaigns.runs(key)
        )
    return campaign_outcome(uow, project, checkpoint, version, key, rules) if known else None


def render_report(
    renderer: Renderer,
    outcome: CampaignOutcome,
    reports_dir: Path,
    gates: Sequence[GateState] = (),
    audit_head: str | None = None,
) -> Path:
    """Write the PV (HTML and Markdown), with the gates' decisions when there are some."""
    source = outcome.release.source or "release"
    folder = inside(reports_dir, (outcome.release.version,), "release", source)
    target = inside(folder, (f"{outcome.campaign_key}.html",), "campaign", source)
    return renderer.render(outcome, target, gates=gates, audit_head=audit_head)


def utc_now() -> datetime:
    return datetime.now(UTC)
