"""The indexed gap analysis finds exactly what a naive reading finds, on generated histories.

The reference below reads the rules in their plainest form: every rule scans every result
(quadratic, obviously right). The analysis in :mod:`amoa_workflow.domain.gaps` indexes the
results once; on any history hypothesis makes up, both give the same gaps in the same order.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from amoa_workflow.domain.gaps import DEFAULT_SEVERITY, Evidence, coverage, find_gaps
from amoa_workflow.domain.model import (
    Criticality,
    Gap,
    GapType,
    ItemKind,
    Release,
    ReleaseNoteItem,
    Requirement,
    ScenarioResult,
    Status,
    Verdict,
)

CODES = [f"EXG-{n:03d}" for n in range(8)]
ANOMALIES = [f"ANO-{n}" for n in range(4)]
ORDER = {"blocking": 0, "major": 1, "minor": 2}


def naive(evidence: Evidence) -> list[Gap]:
    by_code = {r.code: r for r in evidence.requirements}
    results = list(evidence.results)

    def of(code: str, pool: list[ScenarioResult]) -> list[ScenarioResult]:
        return [r for r in pool if code in r.requirement_codes]

    def gap(kind: GapType, req: Requirement, keys: tuple[str, ...] = (), texts: tuple[str, ...] = ()) -> Gap:
        severity = DEFAULT_SEVERITY[(kind, req.criticality)]
        return Gap(f"{kind}:{req.code}", kind, severity, req.code, keys, texts)

    def scenario_gap(kind: GapType, result: ScenarioResult, default: Criticality) -> Gap:
        req = next((by_code[c] for c in result.requirement_codes if c in by_code), None)
        severity = DEFAULT_SEVERITY[(kind, req.criticality if req else default)]
        return Gap(f"{kind}:{result.key}", kind, severity, req.code if req else None, (result.key,))

    found: list[Gap] = []
    rows = {row.requirement.code: row for row in coverage(evidence.requirements, results)}
    for req in sorted(evidence.requirements, key=lambda r: r.code):
        mine = of(req.code, results)
        failing = tuple(r.key for r in mine if r.status.is_failure)
        if not mine:
            found.append(gap(GapType.REQUIREMENT_UNCOVERED, req))
        elif failing:
            found.append(gap(GapType.REQUIREMENT_FAILING, req, failing))
        texts = tuple(
            i.text for i in evidence.release.items
            if i.kind in (ItemKind.ADDED, ItemKind.CHANGED, ItemKind.FIXED, ItemKind.SECURITY)
            and req.code in i.requirement_refs
        )  # fmt: skip
        ran = [r for r in mine if r.status is Status.PASSED or r.status.is_failure]
        if texts and not ran:
            found.append(gap(GapType.ANNOUNCED_UNTESTED, req, texts=texts))
        if evidence.previous_results is not None:
            before = coverage([req], list(evidence.previous_results))[0].verdict
            now = rows[req.code].verdict
            if before is Verdict.OK and now is Verdict.FAILING:
                found.append(gap(GapType.REGRESSION, req, failing))
            mentioned = any(req.code in i.requirement_refs for i in evidence.release.items)
            if {before, now} == {Verdict.OK, Verdict.FAILING} and not mentioned:
                found.append(gap(GapType.UNANNOUNCED_CHANGE, req, tuple(r.key for r in mine)))
    for item in evidence.release.items:
        if item.kind is ItemKind.FIXED:
            codes = frozenset(item.anomaly_refs) or frozenset(item.requirement_refs)
            still = [r for r in results if r.concerns(codes) and r.status.is_failure]
            if still:
                req = next((by_code[c] for c in item.requirement_refs if c in by_code), None) or next(
                    (by_code[c] for r in still for c in r.requirement_codes if c in by_code), None
                )
                kind = GapType.FIX_STILL_FAILING
                found.append(Gap(
                    f"{kind}:{','.join(sorted(codes))}", kind,
                    DEFAULT_SEVERITY[(kind, req.criticality if req else Criticality.MAJOR)],
                    req.code if req else None, tuple(r.key for r in still), (item.text,), item.anomaly_refs,
                ))  # fmt: skip
    found += [scenario_gap(GapType.NOT_EXECUTABLE, r, Criticality.MAJOR) for r in results
              if r.status in (Status.UNDEFINED, Status.ERROR)]  # fmt: skip
    found += [
        scenario_gap(GapType.FLAKY, r, Criticality.MINOR) for r in results if r.key in evidence.flaky_keys
    ]
    return sorted(found, key=lambda g: (ORDER[g.severity.value], g.type, g.identity))


requirements = st.lists(
    st.builds(Requirement, st.sampled_from(CODES), st.just("Exigence"), st.sampled_from(list(Criticality)),
              st.just("Paie")),
    unique_by=lambda r: r.code, max_size=len(CODES),
)  # fmt: skip
references = st.lists(st.sampled_from(CODES), max_size=2).map(tuple)
statuses = st.sampled_from(list(Status))


@st.composite
def results(draw: st.DrawFn) -> list[ScenarioResult]:
    count = draw(st.integers(0, 25))
    return [
        ScenarioResult(
            key=f"f{n % 3}.feature::s{n}",
            feature_path=f"f{n % 3}.feature",
            feature_name="F",
            scenario=f"s{n}",
            line=n,
            status=draw(statuses),
            tags=draw(st.lists(st.sampled_from(CODES + ANOMALIES), max_size=3).map(tuple)),
            requirement_codes=draw(references),
        )
        for n in range(count)
    ]


items = st.lists(
    st.builds(ReleaseNoteItem, st.sampled_from(list(ItemKind)), st.just("Notes"), st.text(max_size=5),
              st.integers(1, 99), references, st.lists(st.sampled_from(ANOMALIES), max_size=2).map(tuple)),
    max_size=6,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(requirements, items, results(), st.one_of(st.none(), results()), st.data())
def test_the_indexed_analysis_finds_what_the_naive_reading_finds(
    reqs: list[Requirement],
    notes: list[ReleaseNoteItem],
    now: list[ScenarioResult],
    before: list[ScenarioResult] | None,
    data: st.DataObject,
) -> None:
    flaky = frozenset(data.draw(st.lists(st.sampled_from([r.key for r in now] or ["-"]), max_size=3)))
    evidence = Evidence(reqs, Release("1.1.0", None, tuple(notes)), now, before, flaky)

    assert find_gaps(evidence) == naive(evidence)
