"""Gap analysis: the joint reading of requirements, release notes and scenario results.

Pure functions over domain objects; the same inputs always give the same gaps, in the same
order, with identities that do not change between reruns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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
)

SeverityMatrix = Mapping[tuple[GapType, Criticality], Severity]

DEFAULT_SEVERITY: SeverityMatrix = {
    (GapType.REQUIREMENT_FAILING, Criticality.CRITICAL): Severity.BLOCKING,
    (GapType.REQUIREMENT_FAILING, Criticality.MAJOR): Severity.MAJOR,
    (GapType.REQUIREMENT_FAILING, Criticality.MINOR): Severity.MINOR,
    (GapType.REQUIREMENT_UNCOVERED, Criticality.CRITICAL): Severity.MAJOR,
    (GapType.REQUIREMENT_UNCOVERED, Criticality.MAJOR): Severity.MAJOR,
    (GapType.REQUIREMENT_UNCOVERED, Criticality.MINOR): Severity.MINOR,
    (GapType.FIX_STILL_FAILING, Criticality.CRITICAL): Severity.BLOCKING,
    (GapType.FIX_STILL_FAILING, Criticality.MAJOR): Severity.BLOCKING,
    (GapType.FIX_STILL_FAILING, Criticality.MINOR): Severity.MAJOR,
}

_SEVERITY_ORDER = {Severity.BLOCKING: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


def coverage(
    requirements: Iterable[Requirement], results: Sequence[ScenarioResult]
) -> list[RequirementCoverage]:
    """Each requirement with the scenarios that check it and how they ended, by requirement code."""
    rows = []
    for requirement in sorted(requirements, key=lambda r: r.code):
        mine = [r for r in results if requirement.code in r.requirement_codes]
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
) -> list[Gap]:
    """The gaps of one campaign, most severe first."""
    by_code = {r.code: r for r in requirements}
    gaps: list[Gap] = []
    for row in coverage(requirements, results):
        requirement = row.requirement
        if not row.scenario_keys:
            gaps.append(_gap(GapType.REQUIREMENT_UNCOVERED, requirement, severity))
        elif row.failed:
            failing = tuple(r.key for r in results if r.key in row.scenario_keys and r.status.is_failure)
            gaps.append(_gap(GapType.REQUIREMENT_FAILING, requirement, severity, scenario_keys=failing))
    gaps.extend(_fixes_still_failing(by_code, release, results, severity))
    return sorted(gaps, key=lambda g: (_SEVERITY_ORDER[g.severity], g.type, g.identity))


def _fixes_still_failing(
    by_code: Mapping[str, Requirement],
    release: Release,
    results: Sequence[ScenarioResult],
    severity: SeverityMatrix,
) -> list[Gap]:
    """A fix announced in the notes whose scenarios (by anomaly or requirement tag) still fail."""
    gaps = []
    for item in release.items:
        if item.kind is not ItemKind.FIXED:
            continue
        # An anomaly id is the most precise link; fall back on the requirement ids.
        codes = frozenset(item.anomaly_refs) or frozenset(item.requirement_refs)
        failing = tuple(r.key for r in results if r.concerns(codes) and r.status.is_failure)
        if not failing:
            continue
        requirement = next((by_code[c] for c in item.requirement_refs if c in by_code), None)
        if requirement is None:
            requirement = next(
                (
                    by_code[c]
                    for r in results
                    if r.key in failing
                    for c in r.requirement_codes
                    if c in by_code
                ),
                None,
            )
        criticality = requirement.criticality if requirement else Criticality.MAJOR
        subject = ",".join(sorted(codes))
        gaps.append(
            Gap(
                identity=f"{GapType.FIX_STILL_FAILING}:{subject}",
                type=GapType.FIX_STILL_FAILING,
                severity=severity[(GapType.FIX_STILL_FAILING, criticality)],
                requirement_code=requirement.code if requirement else None,
                scenario_keys=failing,
                item_texts=(item.text,),
                anomaly_refs=item.anomaly_refs,
            )
        )
    return gaps


def _gap(
    kind: GapType,
    requirement: Requirement,
    severity: SeverityMatrix,
    scenario_keys: tuple[str, ...] = (),
) -> Gap:
    return Gap(
        identity=f"{kind}:{requirement.code}",
        type=kind,
        severity=severity[(kind, requirement.criticality)],
        requirement_code=requirement.code,
        scenario_keys=scenario_keys,
    )
