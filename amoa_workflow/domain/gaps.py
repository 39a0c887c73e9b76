"""Gap analysis: the joint reading of requirements, release notes and scenario results.

Pure functions over domain objects; the same inputs always give the same gaps, in the same
order, with identities that do not change between reruns or releases (``type:subject``), so
the same gap found again is recognised as the same gap.

The results are indexed once (by requirement code, by tag, release-note items by requirement),
and every rule reads the indexes: the analysis grows linearly with the number of requirements,
results and notes items, not with their product.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from amoa_workflow.domain.model import (
    Criticality,
    Gap,
    GapType,
    ItemKind,
    Release,
    Requirement,
    RequirementCoverage,
    ScenarioResult,
    Severity,
    Status,
    Verdict,
)

SeverityMatrix = Mapping[tuple[GapType, Criticality], Severity]

_BY_TYPE: dict[GapType, tuple[Severity, Severity, Severity]] = {
    # (critical, major, minor) requirement
    GapType.REQUIREMENT_FAILING: (Severity.BLOCKING, Severity.MAJOR, Severity.MINOR),
    GapType.REQUIREMENT_UNCOVERED: (Severity.MAJOR, Severity.MAJOR, Severity.MINOR),
    GapType.FIX_STILL_FAILING: (Severity.BLOCKING, Severity.BLOCKING, Severity.MAJOR),
    GapType.ANNOUNCED_UNTESTED: (Severity.MAJOR, Severity.MINOR, Severity.MINOR),
    GapType.REGRESSION: (Severity.BLOCKING, Severity.BLOCKING, Severity.MAJOR),
    GapType.UNANNOUNCED_CHANGE: (Severity.MAJOR, Severity.MINOR, Severity.MINOR),
    GapType.NOT_EXECUTABLE: (Severity.MAJOR, Severity.MAJOR, Severity.MINOR),
    GapType.FLAKY: (Severity.MINOR, Severity.MINOR, Severity.MINOR),
}
DEFAULT_SEVERITY: SeverityMatrix = {
    (kind, criticality): severities[index]
    for kind, severities in _BY_TYPE.items()
    for index, criticality in enumerate((Criticality.CRITICAL, Criticality.MAJOR, Criticality.MINOR))
}
BLOCKING_TYPES = frozenset(set(GapType) - {GapType.FLAKY})  # a flaky scenario is to confirm, not to block
_SEVERITY_ORDER = {Severity.BLOCKING: 0, Severity.MAJOR: 1, Severity.MINOR: 2}
_ANNOUNCING = (ItemKind.ADDED, ItemKind.CHANGED, ItemKind.FIXED, ItemKind.SECURITY)


@dataclass(frozen=True)
class Evidence:
    """What a campaign is judged on: this release's results and, when known, the previous ones."""

    requirements: Sequence[Requirement]
    release: Release
    results: Sequence[ScenarioResult]
    previous_results: Sequence[ScenarioResult] | None = None
    flaky_keys: frozenset[str] = field(default_factory=frozenset)


class ResultIndex:
    """Results by requirement code and by reference (tag or requirement code), in their order."""

    def __init__(self, results: Sequence[ScenarioResult]) -> None:
        self.results = results
        self.by_code: dict[str, list[ScenarioResult]] = defaultdict(list)
        self._by_reference: dict[str, list[int]] = defaultdict(list)
        for position, result in enumerate(results):
            for code in dict.fromkeys(result.requirement_codes):
                self.by_code[code].append(result)
            for reference in dict.fromkeys(result.tags + result.requirement_codes):
                self._by_reference[reference].append(position)

    def of(self, code: str) -> list[ScenarioResult]:
        return self.by_code.get(code, [])

    def concerning(self, references: frozenset[str]) -> list[ScenarioResult]:
        """The results that :meth:`~ScenarioResult.concerns` ``references``, in their order."""
        positions = sorted({p for ref in references for p in self._by_reference.get(ref, ())})
        return [self.results[p] for p in positions]


def coverage(
    requirements: Iterable[Requirement], results: Sequence[ScenarioResult] | ResultIndex
) -> list[RequirementCoverage]:
    """Each requirement with the scenarios that check it and how they ended, by requirement code."""
    index = results if isinstance(results, ResultIndex) else ResultIndex(results)
    rows = []
    for requirement in sorted(requirements, key=lambda r: r.code):
        mine = index.of(requirement.code)
        rows.append(
            RequirementCoverage(
                requirement=requirement,
                scenario_keys=tuple(r.key for r in mine),
                passed=sum(r.status is Status.PASSED for r in mine),
                failed=sum(r.status.is_failure for r in mine),
                other=sum(r.status is Status.SKIPPED for r in mine),
            )
        )
    return rows


def analyse(
    requirements: Sequence[Requirement],
    release: Release,
    results: Sequence[ScenarioResult],
    severity: SeverityMatrix = DEFAULT_SEVERITY,
    previous_results: Sequence[ScenarioResult] | None = None,
    flaky_keys: frozenset[str] = frozenset(),
) -> list[Gap]:
    """The gaps of one campaign, most severe first."""
    evidence = Evidence(requirements, release, results, previous_results, flaky_keys)
    return find_gaps(evidence, severity)


def find_gaps(evidence: Evidence, severity: SeverityMatrix = DEFAULT_SEVERITY) -> list[Gap]:
    by_code = {r.code: r for r in evidence.requirements}
    index = ResultIndex(evidence.results)
    now = {row.requirement.code: row for row in coverage(evidence.requirements, index)}
    announcing: dict[str, list[str]] = defaultdict(list)
    for item in evidence.release.items:
        if item.kind in _ANNOUNCING:
            for code in dict.fromkeys(item.requirement_refs):
                announcing[code].append(item.text)
    gaps: list[Gap] = []
    for code, row in now.items():
        requirement = row.requirement
        if not row.scenario_keys:
            gaps.append(_gap(GapType.REQUIREMENT_UNCOVERED, requirement, severity))
        elif row.failed:
            failing = _failing_keys(index, code)
            gaps.append(_gap(GapType.REQUIREMENT_FAILING, requirement, severity, scenario_keys=failing))
        if code in announcing and not row.passed and not row.failed:
            texts = tuple(announcing[code])
            gaps.append(_gap(GapType.ANNOUNCED_UNTESTED, requirement, severity, item_texts=texts))
    gaps.extend(_fixes_still_failing(by_code, evidence, index, severity))
    gaps.extend(_not_executable(by_code, evidence, severity))
    if evidence.previous_results is not None:
        gaps.extend(_changes_since_previous(now, evidence, index, severity))
    gaps.extend(_flaky(by_code, evidence, severity))
    return sorted(gaps, key=lambda g: (_SEVERITY_ORDER[g.severity], g.type, g.identity))


def _failing_keys(index: ResultIndex, code: str) -> tuple[str, ...]:
    return tuple(r.key for r in index.of(code) if r.status.is_failure)


def _fixes_still_failing(
    by_code: Mapping[str, Requirement], evidence: Evidence, index: ResultIndex, severity: SeverityMatrix
) -> list[Gap]:
    """A fix announced in the notes whose scenarios (by anomaly or requirement tag) still fail."""
    gaps = []
    for item in evidence.release.items:
        if item.kind is not ItemKind.FIXED:
            continue
        # An anomaly id is the most precise link; fall back on the requirement ids.
        codes = frozenset(item.anomaly_refs) or frozenset(item.requirement_refs)
        still = [r for r in index.concerning(codes) if r.status.is_failure]
        if not still:
            continue
        failing = tuple(r.key for r in still)
        requirement = next((by_code[c] for c in item.requirement_refs if c in by_code), None) or next(
            (by_code[c] for r in still for c in r.requirement_codes if c in by_code), None
        )
        criticality = requirement.criticality if requirement else Criticality.MAJOR
        gaps.append(
            Gap(
                identity=f"{GapType.FIX_STILL_FAILING}:{','.join(sorted(codes))}",
                type=GapType.FIX_STILL_FAILING,
                severity=severity[(GapType.FIX_STILL_FAILING, criticality)],
                requirement_code=requirement.code if requirement else None,
                scenario_keys=failing,
                item_texts=(item.text,),
                anomaly_refs=item.anomaly_refs,
            )
        )
    return gaps


def _not_executable(
    by_code: Mapping[str, Requirement], evidence: Evidence, severity: SeverityMatrix
) -> list[Gap]:
    """A scenario that could not run at all (undefined step, parse error) checks nothing."""
    return [
        _scenario_gap(GapType.NOT_EXECUTABLE, result, by_code, severity, Criticality.MAJOR)
        for result in evidence.results
        if result.status in (Status.UNDEFINED, Status.ERROR)
    ]


def _scenario_gap(
    kind: GapType,
    result: ScenarioResult,
    by_code: Mapping[str, Requirement],
    severity: SeverityMatrix,
    default: Criticality,
) -> Gap:
    """A gap about one scenario, judged by the criticality of its first known requirement."""
    requirement = next((by_code[c] for c in result.requirement_codes if c in by_code), None)
    return Gap(
        identity=f"{kind}:{result.key}",
        type=kind,
        severity=severity[(kind, requirement.criticality if requirement else default)],
        requirement_code=requirement.code if requirement else None,
        scenario_keys=(result.key,),
    )


def _changes_since_previous(
    now: Mapping[str, RequirementCoverage], evidence: Evidence, index: ResultIndex, severity: SeverityMatrix
) -> list[Gap]:
    """Regressions (OK before, failing now) and changes of verdict the notes do not announce."""
    before = {
        row.requirement.code: row for row in coverage(evidence.requirements, evidence.previous_results or ())
    }
    mentioned = {code for item in evidence.release.items for code in item.requirement_refs}
    gaps = []
    for code, row in now.items():
        previous = before.get(code)
        if previous is None or previous.verdict is row.verdict:
            continue
        if previous.verdict is Verdict.OK and row.verdict is Verdict.FAILING:
            failing = _failing_keys(index, code)
            gaps.append(_gap(GapType.REGRESSION, row.requirement, severity, scenario_keys=failing))
        verdicts = {previous.verdict, row.verdict}
        if code not in mentioned and verdicts == {Verdict.OK, Verdict.FAILING}:
            gaps.append(
                _gap(GapType.UNANNOUNCED_CHANGE, row.requirement, severity, scenario_keys=row.scenario_keys)
            )
    return gaps


def _flaky(by_code: Mapping[str, Requirement], evidence: Evidence, severity: SeverityMatrix) -> list[Gap]:
    return [
        _scenario_gap(GapType.FLAKY, result, by_code, severity, Criticality.MINOR)
        for result in evidence.results
        if result.key in evidence.flaky_keys
    ]


def _gap(
    kind: GapType,
    requirement: Requirement,
    severity: SeverityMatrix,
    scenario_keys: tuple[str, ...] = (),
    item_texts: tuple[str, ...] = (),
) -> Gap:
    return Gap(
        identity=f"{kind}:{requirement.code}",
        type=kind,
        severity=severity[(kind, requirement.criticality)],
        requirement_code=requirement.code,
        scenario_keys=scenario_keys,
        item_texts=item_texts,
    )
