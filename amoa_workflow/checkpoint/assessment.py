"""Judging a campaign: its gaps (against the previous release too), their lifecycle, the exit
criteria and the trend. Called inside the unit of work of the use case that records results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amoa_workflow.domain import flakiness
from amoa_workflow.domain import gaps as gap_analysis
from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.exit_criteria import Recommendation, evaluate
from amoa_workflow.domain.flakiness import Flakiness
from amoa_workflow.domain.gap_lifecycle import TrackedGap, reconcile
from amoa_workflow.domain.model import Gap, GapType, Release, Requirement, RequirementCoverage, ScenarioResult
from amoa_workflow.domain.planning import due_now
from amoa_workflow.domain.release_diff import RequirementChange, TrendPoint, compare_releases
from amoa_workflow.ports import UnitOfWork


@dataclass(frozen=True)
class Assessment:
    gaps: tuple[Gap, ...]
    tracked: tuple[TrackedGap, ...]  # the lifecycle of this campaign's gaps (and reservations)
    recommendation: Recommendation
    coverage: tuple[RequirementCoverage, ...]
    previous_release: str | None = None
    changes: tuple[RequirementChange, ...] = ()
    trend: tuple[TrendPoint, ...] = ()
    # The approvers' reservations in their own words on this release (no analysis finds them).
    free_reservations: tuple[TrackedGap, ...] = ()
    # Each scenario's flips over the campaign's last runs, most first; none before the campaign has
    # had more runs than the threshold (none can be flaky then, and the run history is not read).
    flakiness: tuple[Flakiness, ...] = ()


def assess(
    uow: UnitOfWork,
    requirements: Sequence[Requirement],
    release: Release,
    key: str,
    results: Sequence[ScenarioResult],
    rules: AcceptanceRules,
    track: bool = True,
) -> Assessment:
    """Find the gaps and judge the campaign; with ``track``, move the tracked gaps (and store them)."""
    previous = uow.release_history.previous_results(release.version)
    # A scenario flips at most once less than the campaign's runs: before more runs than the
    # threshold, none can be flaky, and the run history (a window over every run) is not read.
    enough = uow.campaigns.run_count(key) > rules.flaky_threshold
    history = uow.campaigns.history(rules.flaky_window, key) if enough else {}
    flips = tuple(flakiness.assess(history, rules.flaky_window, rules.flaky_threshold))
    flaky = frozenset(f.key for f in flips if f.flaky)
    evidence = gap_analysis.Evidence(
        requirements, release, results, previous_results=previous[1] if previous else None, flaky_keys=flaky
    )
    analysis = gap_analysis.analysis(evidence, rules.severity)
    found = analysis.gaps
    known = uow.tracked_gaps.all()
    if track:
        moved = reconcile(known, found, release.version)
        uow.tracked_gaps.save_all(moved)
    else:
        moved = known
    by_identity = {g.identity: g for g in moved}
    mine = tuple(by_identity[g.identity] for g in found if g.identity in by_identity)
    free = tuple(g for g in moved if g.type is GapType.RESERVATION and g.first_release == release.version)
    coverage = tuple(analysis.coverage)
    changes: tuple[RequirementChange, ...] = ()
    if previous is not None:
        before = gap_analysis.coverage(requirements, previous[1])
        changes = tuple(compare_releases(before, coverage))
    return Assessment(
        gaps=tuple(found),
        tracked=mine,
        # A requirement planned for a later lot is shown, never counted against this release.
        recommendation=evaluate(
            rules.exit_criteria, due_now(coverage, release.version), results, mine + free
        ),
        coverage=coverage,
        previous_release=previous[0] if previous else None,
        changes=changes,
        free_reservations=free,
        flakiness=flips,
    )
