"""What the checkpoint's use cases give back: an ingest's summary, a campaign's outcome, the
fingerprint of the PV that outcome states (what approvers sign), and the PV as an approver reads it."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from amoa_workflow.checkpoint.assessment import Assessment
from amoa_workflow.domain.attachments import Attachment
from amoa_workflow.domain.exit_criteria import Recommendation
from amoa_workflow.domain.model import Gap, Release, RequirementCoverage, ScenarioResult
from amoa_workflow.domain.revisions import NotesChange


@dataclass(frozen=True)
class IngestSummary:
    release: str
    notes: str  # created | updated | unchanged
    revision: int
    items_by_kind: dict[str, int]
    requirements: int
    requirements_changed: int
    unknown_refs: tuple[str, ...]
    change: NotesChange | None = None


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
    assessment: Assessment | None = None
    attachments: tuple[Attachment, ...] = ()  # files testers attached to manual steps

    def attached(self, scenario_key: str) -> list[Attachment]:
        return [a for a in self.attachments if a.scenario_key == scenario_key]

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(r.status.value for r in self.results))


def pv_fingerprint(outcome: CampaignOutcome) -> str:
    """The SHA-256 of what the PV states was observed: the release and its notes, the requirements
    and their verdicts, each result and each gap of the campaign's run. Approvers sign it; it does
    not cover the decisions themselves (nor what they change, e.g. a gap accepted as a reservation),
    so one approver's decision does not make another's PV "older"; a new run, new notes or new
    requirements do."""
    content = {
        "project": outcome.project,
        "campaign": outcome.campaign_key,
        "attempt": outcome.attempt,
        "release": [outcome.release.version, outcome.release.released_on],
        "notes": [[i.kind.value, i.text, list(i.requirement_refs)] for i in outcome.release.items],
        "requirements": [
            [c.requirement.code, c.requirement.title, c.requirement.criticality.value, c.verdict.value]
            for c in outcome.coverage
        ],
        "results": sorted([r.key, r.status.value, r.message or ""] for r in outcome.results),
        "gaps": sorted([g.identity, g.type.value, g.severity.value] for g in outcome.gaps),
    }
    if outcome.attachments:  # the files testers attached are part of what is signed
        content["attachments"] = sorted([a.scenario_key, a.position, a.sha256] for a in outcome.attachments)
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PvRead:
    """The PV as an approver deciding now reads it: its fingerprint, its gaps, its recommendation."""

    fingerprint: str
    gaps: tuple[Gap, ...]
    recommendation: Recommendation | None  # None: no assessment (no release notes stored)


def as_held(run: Iterable[ScenarioResult], campaign: Sequence[ScenarioResult]) -> tuple[ScenarioResult, ...]:
    """A run's results as its campaign holds them once recorded: a manual scenario a tester
    recorded is what the tester recorded, not pending again because the runner listed it so."""
    held = {result.key: result for result in campaign}
    return tuple(held.get(result.key, result) for result in run)
