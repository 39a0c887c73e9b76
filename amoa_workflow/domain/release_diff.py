"""What changed for each requirement from one release to the next, and the trend across releases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from amoa_workflow.domain.model import RequirementCoverage, ScenarioResult, Status, Verdict


class Change(StrEnum):
    REGRESSED = "regressed"
    NEWLY_OK = "newly_ok"
    STILL_FAILING = "still_failing"
    NEWLY_FAILING = "newly_failing"  # not run before (skipped), failing now
    NEWLY_UNCOVERED = "newly_uncovered"
    NEWLY_COVERED = "newly_covered"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class RequirementChange:
    code: str
    title: str
    before: Verdict | None
    after: Verdict
    change: Change


def compare_releases(
    before: Sequence[RequirementCoverage], after: Sequence[RequirementCoverage]
) -> list[RequirementChange]:
    previous = {row.requirement.code: row.verdict for row in before}
    changes = []
    for row in after:
        was, now = previous.get(row.requirement.code), row.verdict
        if now is Verdict.FAILING:
            moves: dict[Verdict | None, Change] = {
                Verdict.OK: Change.REGRESSED,
                Verdict.FAILING: Change.STILL_FAILING,
                Verdict.NOT_RUN: Change.NEWLY_FAILING,
            }
            change = moves.get(was, Change.NEWLY_COVERED)  # never covered before: covered now (and failing)
        elif now is Verdict.NOT_COVERED:
            change = Change.UNCHANGED if was in (None, Verdict.NOT_COVERED) else Change.NEWLY_UNCOVERED
        elif now is Verdict.OK and was in (Verdict.FAILING, Verdict.NOT_RUN):
            change = Change.NEWLY_OK
        elif was in (None, Verdict.NOT_COVERED):
            change = Change.NEWLY_COVERED
        else:
            change = Change.UNCHANGED
        changes.append(RequirementChange(row.requirement.code, row.requirement.title, was, now, change))
    return changes


@dataclass(frozen=True, slots=True)
class TrendPoint:
    release: str
    passed: int
    failed: int
    other: int

    @property
    def pass_rate(self) -> float:
        executed = self.passed + self.failed
        return 100.0 * self.passed / executed if executed else 0.0


def trend_point(release: str, results: Sequence[ScenarioResult]) -> TrendPoint:
    return TrendPoint(
        release=release,
        passed=sum(r.status is Status.PASSED for r in results),
        failed=sum(r.status.is_failure for r in results),
        other=sum(r.status is Status.SKIPPED for r in results),
    )
