"""Exit criteria: whether a release can be accepted, with every reason listed.

    no blocking gap · 100 % of critical requirements OK · ≥ 95 % of scenarios passed · ≤ N major gaps

All met and nothing open: go. All met with gaps still open or accepted as reservations:
go with reservations. Any criterion missed: no-go. While manual executions are pending the
campaign is not finished: ``manual_pending`` is then a missed criterion, so never go.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from amoa_workflow.domain.gap_lifecycle import GapStatus, TrackedGap
from amoa_workflow.domain.model import (
    Criticality,
    RequirementCoverage,
    ScenarioResult,
    Severity,
    Status,
    Verdict,
)


class Outcome(StrEnum):
    GO = "go"
    GO_WITH_RESERVATIONS = "go_with_reservations"
    NO_GO = "no_go"


@dataclass(frozen=True)
class ExitCriteria:
    max_blocking: int = 0
    critical_requirements_ok: float = 100.0  # percent
    min_pass_rate: float = 95.0  # percent of executed scenarios
    max_major: int | None = None


@dataclass(frozen=True)
class CriterionResult:
    name: str  # max_blocking, critical_requirements_ok, min_pass_rate, max_major
    expected: float
    actual: float
    met: bool


@dataclass(frozen=True)
class Recommendation:
    outcome: Outcome
    criteria: tuple[CriterionResult, ...]
    open_gaps: int
    reservations: int

    @property
    def missed(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if not c.met)


def evaluate(
    criteria: ExitCriteria,
    coverage: Sequence[RequirementCoverage],
    results: Sequence[ScenarioResult],
    gaps: Sequence[TrackedGap],
) -> Recommendation:
    open_gaps = [g for g in gaps if g.status in (GapStatus.OPEN, GapStatus.REOPENED)]
    reservations = [g for g in gaps if g.status is GapStatus.ACCEPTED]
    blocking = sum(g.severity is Severity.BLOCKING for g in open_gaps)
    major = sum(g.severity is Severity.MAJOR for g in open_gaps)
    critical = [row for row in coverage if row.requirement.criticality is Criticality.CRITICAL]
    critical_ok = (
        100.0 * sum(row.verdict is Verdict.OK for row in critical) / len(critical) if critical else 100.0
    )
    executed = [r for r in results if r.status.executed]
    pending = sum(r.status is Status.PENDING for r in results)
    pass_rate = 100.0 * sum(r.status is Status.PASSED for r in executed) / len(executed) if executed else 0.0
    checks = [
        CriterionResult("max_blocking", criteria.max_blocking, blocking, blocking <= criteria.max_blocking),
        CriterionResult(
            "critical_requirements_ok",
            criteria.critical_requirements_ok,
            round(critical_ok, 1),
            critical_ok + 1e-9 >= criteria.critical_requirements_ok,
        ),
        CriterionResult(
            "min_pass_rate",
            criteria.min_pass_rate,
            round(pass_rate, 1),
            pass_rate + 1e-9 >= criteria.min_pass_rate,
        ),
    ]
    if criteria.max_major is not None:
        checks.append(CriterionResult("max_major", criteria.max_major, major, major <= criteria.max_major))
    if pending:  # a campaign whose manual part is not done cannot be judged GO
        checks.append(CriterionResult("manual_pending", 0, pending, False))
    if not all(c.met for c in checks):
        outcome = Outcome.NO_GO
    elif open_gaps or reservations:
        outcome = Outcome.GO_WITH_RESERVATIONS
    else:
        outcome = Outcome.GO
    return Recommendation(outcome, tuple(checks), len(open_gaps), len(reservations))
