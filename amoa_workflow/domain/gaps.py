"""Gap analysis: the joint reading of requirements, release notes and scenario results.

One defect, one gap. Every failing scenario (failed, undefined step, error) is described by
exactly one gap, named after its cause; what else holds for it is a *fact* of that gap, and the
gap's severity is the worst of its cause's and its facts' severities. The cause of a failing
scenario, first rule that applies, by its first known requirement (its *requirement*):

1. the notes announce a fix of it (``fixed`` item, by anomaly id, else by requirement id):
   ``fix_still_failing:ANO-…``, one gap per announced fix;
2. its requirement is planned for a later lot or release: ``not_due:EXG-…`` (always minor);
3. it could not run (undefined step, error): ``not_executable:<scenario>``;
4. it passed in the previous release: ``regression:EXG-…``;
5. otherwise ``requirement_failing:EXG-…``. A failing scenario tied to no known requirement
   and no fix gives no gap (the analysts' lint reports it).

Facts: ``requirement_failing`` (it fails a requirement), ``not_executable``, ``regression``
(it passed before), ``unannounced_change`` (it passed before and no notes item names its
requirement), ``flaky``. Per requirement, with no failing scenario: no scenario at all is
``requirement_uncovered``; announced by the notes and none of its scenarios ran is
``announced_untested`` (one gap, the other as its fact); before its target, ``not_due``.
A scenario whose outcome went from failing to passed without the notes naming its requirement
is an ``unannounced_change:EXG-…``; a flaky scenario that passes is ``flaky:<scenario>``.
Last, a gap the notes declare under ``known_issue`` (by requirement or anomaly id) becomes
``known_limitation:<same subject>``, its former cause a fact, one severity level lower unless
``[severity] known_limitation`` says otherwise.

The results are indexed once: the analysis grows linearly with the number of requirements,
results and notes items, not with their product. Gaps come most severe first, then by type
and identity; identities (``type:subject``) do not change between reruns or releases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from amoa_workflow.domain.gap_drafts import Drafts
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
from amoa_workflow.domain.planning import is_due

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
NEVER_BLOCKING = frozenset({GapType.FLAKY, GapType.NOT_DUE})  # to confirm, or not expected yet
_SEVERITY_ORDER = {Severity.BLOCKING: 0, Severity.MAJOR: 1, Severity.MINOR: 2}
# Where coverage counts a status: passed, failed, other (neither ran nor says something), or none.
_COUNTED = {
    status: 0 if status is Status.PASSED else 1 if status.is_failure else 3 if status.executed else 2
    for status in Status
}
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
    """Results by requirement code, in their order."""

    def __init__(self, results: Sequence[ScenarioResult]) -> None:
        self.results = results
        self.by_code: dict[str, list[ScenarioResult]] = defaultdict(list)
        for result in results:
            for code in dict.fromkeys(result.requirement_codes):
                self.by_code[code].append(result)

    def of(self, code: str) -> list[ScenarioResult]:
        return self.by_code.get(code, [])


def coverage(
    requirements: Iterable[Requirement], results: Sequence[ScenarioResult] | ResultIndex
) -> list[RequirementCoverage]:
    """Each requirement with the scenarios that check it and how they ended, by requirement code."""
    index = results if isinstance(results, ResultIndex) else ResultIndex(results)
    rows = []
    for requirement in sorted(requirements, key=lambda r: r.code):
        mine = index.of(requirement.code)
        counts = [0, 0, 0, 0]  # passed, failed, other (skipped, or manual and pending), the rest
        for result in mine:
            counts[_COUNTED[result.status]] += 1
        rows.append(
            RequirementCoverage(requirement, tuple(r.key for r in mine), counts[0], counts[1], counts[2])
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


@dataclass(frozen=True)
class Analysis:
    """The gaps of a campaign and the coverage they were found from (computed once for both)."""

    gaps: list[Gap]
    coverage: list[RequirementCoverage]


def find_gaps(evidence: Evidence, severity: SeverityMatrix = DEFAULT_SEVERITY) -> list[Gap]:
    return analysis(evidence, severity).gaps


def analysis(evidence: Evidence, severity: SeverityMatrix = DEFAULT_SEVERITY) -> Analysis:
    """The gaps, most severe first, and each requirement's coverage by this release's results."""
    by_code = {r.code: r for r in evidence.requirements}
    due = {code: is_due(r, evidence.release.version) for code, r in by_code.items()}
    rows = coverage(evidence.requirements, evidence.results)
    drafts = Drafts()
    previous = _previous(evidence)  # each scenario's status in the previous release, once for both
    _failing_scenarios(evidence, by_code, due, previous or {}, drafts)
    _requirements_not_checked(evidence, rows, due, drafts)
    _other_scenarios(evidence, by_code, previous, drafts)
    _known_limitations(evidence, drafts)
    gaps = [draft.gap(severity) for draft in drafts]
    return Analysis(sorted(gaps, key=lambda g: (_SEVERITY_ORDER[g.severity], g.type, g.identity)), rows)


def _primary(result: ScenarioResult, by_code: Mapping[str, Requirement]) -> Requirement | None:
    return next((by_code[c] for c in result.requirement_codes if c in by_code), None)


def _previous(evidence: Evidence) -> dict[str, Status] | None:
    if evidence.previous_results is None:
        return None
    return {r.key: r.status for r in evidence.previous_results}


def _failing_scenarios(
    evidence: Evidence,
    by_code: Mapping[str, Requirement],
    due: Mapping[str, bool],
    previous: Mapping[str, Status],
    drafts: Drafts,
) -> None:
    fixes = [i for i in evidence.release.items if i.kind is ItemKind.FIXED]
    fix_by_code: dict[str, int] = {}
    for position, item in enumerate(fixes):
        # An anomaly id is the most precise link; fall back on the requirement ids.
        for code in item.anomaly_refs or item.requirement_refs:
            fix_by_code.setdefault(code, position)
    mentioned = {code for item in evidence.release.items for code in item.requirement_refs}
    for result in evidence.results:
        if not result.status.is_failure:
            continue
        primary = _primary(result, by_code)
        regressed = previous.get(result.key) is Status.PASSED
        runnable = result.status is Status.FAILED
        facts = [GapType.REQUIREMENT_FAILING] if primary else []
        facts += [GapType.NOT_EXECUTABLE] if not runnable else []
        facts += [GapType.REGRESSION] if regressed else []
        silent = regressed and primary is not None and primary.code not in mentioned
        facts += [GapType.UNANNOUNCED_CHANGE] if silent else []
        facts += [GapType.FLAKY] if result.key in evidence.flaky_keys else []
        chosen = [fix_by_code[c] for c in result.tags + result.requirement_codes if c in fix_by_code]
        if chosen:
            item = fixes[min(chosen)]
            codes = sorted(set(item.anomaly_refs or item.requirement_refs))
            owner = next((by_code[c] for c in item.requirement_refs if c in by_code), None) or primary
            draft = drafts.add(f"{GapType.FIX_STILL_FAILING}:{','.join(codes)}", GapType.FIX_STILL_FAILING,
                               owner, Criticality.MAJOR, result.key, facts)  # fmt: skip
            draft.add_texts((item.text,), item.anomaly_refs)
        elif primary and not due[primary.code]:
            drafts.add(f"{GapType.NOT_DUE}:{primary.code}", GapType.NOT_DUE, primary, None, result.key, facts)
        elif not runnable:
            kind = GapType.NOT_EXECUTABLE
            drafts.add(f"{kind}:{result.key}", kind, primary, Criticality.MAJOR, result.key, facts)
        elif primary:
            kind = GapType.REGRESSION if regressed else GapType.REQUIREMENT_FAILING
            drafts.add(f"{kind}:{primary.code}", kind, primary, None, result.key, facts)


def _requirements_not_checked(
    evidence: Evidence, rows: Sequence[RequirementCoverage], due: Mapping[str, bool], drafts: Drafts
) -> None:
    """Requirements with no scenario, or announced by the notes and none of whose scenarios ran."""
    announcing: dict[str, list[str]] = defaultdict(list)
    for item in evidence.release.items:
        if item.kind in _ANNOUNCING:
            for code in dict.fromkeys(item.requirement_refs):
                announcing[code].append(item.text)
    for row in rows:
        code, texts = row.requirement.code, tuple(announcing.get(row.requirement.code, ()))
        ran = row.passed or row.failed
        facts = [GapType.REQUIREMENT_UNCOVERED] if not row.scenario_keys else []
        facts += [GapType.ANNOUNCED_UNTESTED] if texts and not ran else []
        if not facts:
            continue
        kind = GapType.NOT_DUE if not due[code] else facts[-1]
        drafts.add(f"{kind}:{code}", kind, row.requirement, None, None, facts).add_texts(texts, ())


def _other_scenarios(
    evidence: Evidence,
    by_code: Mapping[str, Requirement],
    previous: Mapping[str, Status] | None,
    drafts: Drafts,
) -> None:
    """Passing scenarios that failed before unannounced, and flaky scenarios that pass now."""
    mentioned = {code for item in evidence.release.items for code in item.requirement_refs}
    for result in evidence.results:
        if result.status.is_failure:
            continue
        before = previous.get(result.key) if previous is not None else None
        fixed = result.status is Status.PASSED and before is not None and before.is_failure
        flaky = result.key in evidence.flaky_keys
        if not (fixed or flaky):  # most results: passed as before, nothing to say
            continue
        primary = _primary(result, by_code)
        if primary and fixed and primary.code not in mentioned:
            kind = GapType.UNANNOUNCED_CHANGE
            drafts.add(f"{kind}:{primary.code}", kind, primary, None, result.key, ())
        if flaky:
            kind = GapType.FLAKY
            drafts.add(f"{kind}:{result.key}", kind, primary, Criticality.MINOR, result.key, ())


def _known_limitations(evidence: Evidence, drafts: Drafts) -> None:
    """Gaps the notes declare as known issues, by requirement or anomaly id."""
    by_requirement: dict[str, list[str]] = defaultdict(list)
    by_anomaly: dict[str, list[str]] = defaultdict(list)
    for item in evidence.release.items:
        if item.kind is ItemKind.KNOWN_ISSUE:
            for code in dict.fromkeys(item.requirement_refs):
                by_requirement[code].append(item.text)
            for ref in dict.fromkeys(item.anomaly_refs):
                by_anomaly[ref].append(item.text)
    if not by_requirement and not by_anomaly:
        return
    tags = {r.key: r.tags for r in evidence.results}
    drafts.declare_known(by_requirement, by_anomaly, tags)
