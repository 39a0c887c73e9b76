"""What the PV lists in full and what it counts per domain."""

from __future__ import annotations

from amoa_workflow.domain.model import (
    Criticality,
    Requirement,
    RequirementCoverage,
    ScenarioResult,
    Status,
    Verdict,
)
from amoa_workflow.domain.release_diff import Change, RequirementChange
from amoa_workflow.reporting.pv_listing import (
    DomainLine,
    changes,
    listing,
    page_of,
    requirement_page,
)


def row(code: str, domain: str, passed: int, failed: int) -> RequirementCoverage:
    requirement = Requirement(code, f"Titre {code}", Criticality.MAJOR, domain)
    keys = tuple(f"{code}-{n}" for n in range(passed + failed))
    return RequirementCoverage(requirement, keys, passed, failed)


def result(code: str, status: Status) -> ScenarioResult:
    return ScenarioResult(f"f::{code}", "f", "F", code, 1, status, (code,), (code,))


COVERAGE = [row("EXG-001", "Paie", 1, 0), row("EXG-002", "Paie", 0, 1), row("EXG-003", "Temps", 0, 0)]
RESULTS = [result("EXG-001", Status.PASSED), result("EXG-002", Status.FAILED), result("X", Status.SKIPPED)]


def test_a_small_recette_is_listed_in_full_and_counted_per_domain() -> None:
    found = listing(COVERAGE, RESULTS)

    assert [r.requirement.code for r in found.not_ok] == ["EXG-002", "EXG-003"]
    assert found.ok is not None and [r.requirement.code for r in found.ok] == ["EXG-001"]
    assert found.scenarios == tuple(RESULTS)
    assert found.domains == (
        DomainLine("Paie", 2, 1, 1, 1, 1, 0),
        DomainLine("Temps", 1, 0, 1, 0, 0, 0),
        DomainLine("—", 0, 0, 0, 0, 0, 1),  # a scenario of no known requirement
    )


def test_beyond_the_limit_requirements_ok_and_scenarios_are_only_counted() -> None:
    found = listing(COVERAGE, RESULTS, limit=0)

    assert (found.ok, found.ok_count, found.scenarios, found.scenario_count) == (None, 1, None, 3)
    assert len(found.not_ok) == 2  # never summed up


def test_many_changes_of_verdict_are_counted_by_kind() -> None:
    found = [RequirementChange("EXG-001", "T", None, Verdict.OK, Change.NEWLY_OK)] * 3 + [
        RequirementChange("EXG-002", "T", Verdict.OK, Verdict.FAILING, Change.REGRESSED)
    ]

    assert changes(found, limit=10).rows == tuple(found)
    assert changes(found, limit=2) == type(changes(found))(None, (("newly_ok", 3), ("regressed", 1)))


def test_pages_are_clamped_and_filters_apply_before_paging() -> None:
    assert page_of(list(range(120)), 9).number == 3 and page_of([], 1).pages == 1
    assert requirement_page(COVERAGE, query="titre exg-00", verdict="failing").total == 1
    assert requirement_page(COVERAGE, domain="Temps").rows[0].requirement.code == "EXG-003"
