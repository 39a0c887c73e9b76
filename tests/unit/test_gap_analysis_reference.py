"""The indexed gap analysis finds exactly what a naive reading finds, on generated histories.

The reference below reads the rules in their plainest form: every rule scans every result
(quadratic, obviously right). The analysis in :mod:`amoa_workflow.domain.gaps` indexes the
results once; on any history hypothesis makes up, both give the same gaps in the same order.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from amoa_workflow.domain.gaps import DEFAULT_SEVERITY, Evidence, find_gaps
from amoa_workflow.domain.model import (
    Criticality,
    Gap,
    GapType,
    ItemKind,
    Release,
    ReleaseNoteItem,
    Requirement,
    ScenarioResult,
    Severity,
    Status,
)

CODES = [f"EXG-{n:03d}" for n in range(8)]
ANOMALIES = [f"ANO-{n}" for n in range(4)]
ORDER = {"blocking": 0, "major": 1, "minor": 2}


def naive(evidence: Evidence) -> list[Gap]:
    """The documented rules (see amoa_workflow.domain.gaps), each read by scanning everything."""
    reqs = {r.code: r for r in evidence.requirements}
    results = list(evidence.results)
    items = list(evidence.release.items)
    version = tuple(int(n) for n in re.findall(r"\d+", evidence.release.version))

    def due(req: Requirement) -> bool:
        if not req.target:
            return True
        target = [int(n) for n in re.findall(r"\d+", req.target)]
        mine = list(version)
        while target and target[-1] == 0:
            target.pop()
        while mine and mine[-1] == 0:
            mine.pop()
        return mine >= target

    def primary(r: ScenarioResult) -> Requirement | None:
        known = [reqs[c] for c in r.requirement_codes if c in reqs]
        return known[0] if known else None

    def before(r: ScenarioResult) -> Status | None:
        olds = [o for o in evidence.previous_results or [] if o.key == r.key]
        return olds[-1].status if olds else None

    def named(code: str) -> bool:
        return any(code in i.requirement_refs for i in items)

    gaps: dict[str, dict[str, Any]] = {}  # identity -> the parts of the gap, in first-found order

    def add(identity: str, kind: GapType, req: Requirement | None, default: Criticality) -> dict[str, Any]:
        if identity not in gaps:
            gaps[identity] = {"kind": kind, "req": req, "default": default, "keys": [], "facts": set(),
                              "texts": [], "anomalies": []}  # fmt: skip
        if gaps[identity]["req"] is None:
            gaps[identity]["req"] = req
        return gaps[identity]

    fixes = [i for i in items if i.kind is ItemKind.FIXED]
    for r in results:
        if not r.status.is_failure:
            continue
        req = primary(r)
        regressed = before(r) is Status.PASSED
        facts = set()
        if req:
            facts.add(GapType.REQUIREMENT_FAILING)
        if r.status is not Status.FAILED:
            facts.add(GapType.NOT_EXECUTABLE)
        if regressed:
            facts.add(GapType.REGRESSION)
            if req and not named(req.code):
                facts.add(GapType.UNANNOUNCED_CHANGE)
        if r.key in evidence.flaky_keys:
            facts.add(GapType.FLAKY)
        mine = [i for i in fixes if r.concerns(frozenset(i.anomaly_refs or i.requirement_refs))]
        if mine:
            item = mine[0]
            owner = next((reqs[c] for c in item.requirement_refs if c in reqs), None) or req
            codes = ",".join(sorted(set(item.anomaly_refs or item.requirement_refs)))
            gap = add(f"fix_still_failing:{codes}", GapType.FIX_STILL_FAILING, owner, Criticality.MAJOR)
            gap["texts"].append(item.text)
            gap["anomalies"] += item.anomaly_refs
        elif req and not due(req):
            gap = add(f"not_due:{req.code}", GapType.NOT_DUE, req, Criticality.MAJOR)
        elif r.status is not Status.FAILED:
            gap = add(f"not_executable:{r.key}", GapType.NOT_EXECUTABLE, req, Criticality.MAJOR)
        elif req and regressed:
            gap = add(f"regression:{req.code}", GapType.REGRESSION, req, Criticality.MAJOR)
        elif req:
            gap = add(f"requirement_failing:{req.code}", GapType.REQUIREMENT_FAILING, req, Criticality.MAJOR)
        else:
            continue
        gap["keys"].append(r.key)
        gap["facts"] |= facts
    for req in sorted(evidence.requirements, key=lambda q: q.code):
        mine = [r for r in results if req.code in r.requirement_codes]
        texts = [i.text for i in items if i.kind in (ItemKind.ADDED, ItemKind.CHANGED, ItemKind.FIXED,
                 ItemKind.SECURITY) for c in dict.fromkeys(i.requirement_refs) if c == req.code]  # fmt: skip
        ran = [r for r in mine if r.status is Status.PASSED or r.status.is_failure]
        facts = set()
        if not mine:
            facts.add(GapType.REQUIREMENT_UNCOVERED)
        if texts and not ran:
            facts.add(GapType.ANNOUNCED_UNTESTED)
        if not facts:
            continue
        kind = GapType.REQUIREMENT_UNCOVERED
        if GapType.ANNOUNCED_UNTESTED in facts:
            kind = GapType.ANNOUNCED_UNTESTED
        kind = kind if due(req) else GapType.NOT_DUE
        gap = add(f"{kind}:{req.code}", kind, req, Criticality.MAJOR)
        gap["facts"] |= facts
        gap["texts"] += texts
    for r in results:
        if r.status.is_failure:
            continue
        req = primary(r)
        old = before(r) if evidence.previous_results is not None else None
        if req and r.status is Status.PASSED and old and old.is_failure and not named(req.code):
            gap = add(f"unannounced_change:{req.code}", GapType.UNANNOUNCED_CHANGE, req, Criticality.MAJOR)
            gap["keys"].append(r.key)
        if r.key in evidence.flaky_keys:
            add(f"flaky:{r.key}", GapType.FLAKY, req, Criticality.MINOR)["keys"].append(r.key)
    known = [i for i in items if i.kind is ItemKind.KNOWN_ISSUE]
    limitable = {GapType.REQUIREMENT_FAILING, GapType.REQUIREMENT_UNCOVERED, GapType.FIX_STILL_FAILING,
                 GapType.ANNOUNCED_UNTESTED, GapType.REGRESSION, GapType.NOT_EXECUTABLE}  # fmt: skip
    for identity, gap in list(gaps.items()):
        if gap["kind"] not in limitable:
            continue
        tags = [t for k in dict.fromkeys(gap["keys"]) for r in results if r.key == k for t in r.tags]
        refs = list(dict.fromkeys(gap["anomalies"] + tags))
        said = [i.text for i in known for c in dict.fromkeys(i.requirement_refs)
                if gap["req"] and c == gap["req"].code]  # fmt: skip
        said += [i.text for ref in refs for i in known for a in dict.fromkeys(i.anomaly_refs) if a == ref]
        if not said:
            continue
        del gaps[identity]
        new = add(f"known_limitation:{identity.split(':', 1)[1]}", GapType.KNOWN_LIMITATION, gap["req"],
                  gap["default"])  # fmt: skip
        new["facts"] |= gap["facts"] | {gap["kind"]}
        new["keys"] += gap["keys"]
        new["texts"] += gap["texts"] + said
        new["anomalies"] += gap["anomalies"]

    def severity(gap: dict[str, Any]) -> Severity:
        if gap["kind"] is GapType.NOT_DUE:
            return Severity.MINOR
        crit = gap["req"].criticality if gap["req"] else gap["default"]
        kinds = ({gap["kind"]} | gap["facts"]) - {GapType.KNOWN_LIMITATION, GapType.NOT_DUE}
        levels = [DEFAULT_SEVERITY[(k, crit)] for k in kinds]
        worst = min(levels, key=lambda s: ORDER[s.value], default=Severity.MINOR)
        if gap["kind"] is GapType.KNOWN_LIMITATION:
            return [Severity.BLOCKING, Severity.MAJOR, Severity.MINOR, Severity.MINOR][ORDER[worst.value] + 1]
        return worst

    found = [
        Gap(identity, gap["kind"], severity(gap), gap["req"].code if gap["req"] else None,
            tuple(dict.fromkeys(gap["keys"])), tuple(dict.fromkeys(gap["texts"])),
            tuple(dict.fromkeys(gap["anomalies"])),
            tuple(k for k in GapType if k in gap["facts"] and k is not gap["kind"]))
        for identity, gap in gaps.items()
    ]  # fmt: skip
    return sorted(found, key=lambda g: (ORDER[g.severity.value], g.type, g.identity))


targets = st.one_of(st.none(), st.sampled_from(["1", "1.1", "Lot 2", "v1.1.0", "0.9"]))
requirements = st.lists(
    st.builds(Requirement, st.sampled_from(CODES), st.just("Exigence"), st.sampled_from(list(Criticality)),
              st.just("Paie"), st.just(""), targets),
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
    version = data.draw(st.sampled_from(["1.0.0", "1.1.0", "2.0"]))
    evidence = Evidence(reqs, Release(version, None, tuple(notes)), now, before, flaky)

    found = find_gaps(evidence)

    assert found == naive(evidence)
    # One defect, one gap: no two gaps describe the same failing scenario.
    failing = {r.key for r in now if r.status.is_failure}
    told = Counter(key for gap in found for key in gap.scenario_keys if key in failing)
    assert all(count == 1 for count in told.values()), told
