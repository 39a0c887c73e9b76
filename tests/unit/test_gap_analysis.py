"""Gap analysis reads requirements, release notes and results together."""

from __future__ import annotations

from amoa_workflow.domain.gaps import analyse, coverage
from amoa_workflow.domain.model import (
    Criticality,
    GapType,
    ItemKind,
    Release,
    ReleaseNoteItem,
    Requirement,
    ScenarioResult,
    Severity,
    Status,
    Verdict,
)

NET = Requirement("EXG-001", "Salaire net", Criticality.CRITICAL, "Paie")
OVERTIME = Requirement("EXG-004", "Heures supplémentaires", Criticality.MAJOR, "Paie")
DSN = Requirement("EXG-013", "DSN mensuelle", Criticality.CRITICAL, "Déclaratif")
PAYSLIP = Requirement("EXG-011", "Bulletin dématérialisé", Criticality.MINOR, "Portail")


def result(name: str, status: Status, *tags: str) -> ScenarioResult:
    return ScenarioResult(
        key=f"paie.feature::{name}", feature_path="paie.feature", feature_name="Paie", scenario=name,
        line=1, status=status, tags=tags, requirement_codes=tuple(t for t in tags if t.startswith("EXG")),
    )  # fmt: skip


def release(*items: ReleaseNoteItem) -> Release:
    return Release(version="1.1.0", released_on="2025-03-14", items=items)


def fixed(text: str, requirements: tuple[str, ...] = (), anomalies: tuple[str, ...] = ()) -> ReleaseNoteItem:
    return ReleaseNoteItem(ItemKind.FIXED, "Corrections", text, 10, requirements, anomalies)


def test_a_requirement_with_no_scenario_is_an_uncovered_gap() -> None:
    gaps = analyse([NET, DSN], release(), [result("net", Status.PASSED, "EXG-001")])

    assert [(g.type, g.requirement_code) for g in gaps] == [(GapType.REQUIREMENT_UNCOVERED, "EXG-013")]


def test_a_requirement_with_a_failing_scenario_is_a_failing_gap_naming_the_scenario() -> None:
    results = [result("net ok", Status.PASSED, "EXG-001"), result("net ko", Status.FAILED, "EXG-001")]

    [gap] = analyse([NET], release(), results)

    assert gap.type is GapType.REQUIREMENT_FAILING
    assert gap.scenario_keys == ("paie.feature::net ko",)
    assert gap.severity is Severity.BLOCKING  # critical requirement


def test_an_undefined_or_error_scenario_is_one_not_executable_gap_that_fails_its_requirement() -> None:
    for status in (Status.UNDEFINED, Status.ERROR):
        [gap] = analyse([NET], release(), [result("net", status, "EXG-001")])
        assert gap.type is GapType.NOT_EXECUTABLE
        assert gap.facts == (GapType.REQUIREMENT_FAILING,)
        assert gap.severity is Severity.BLOCKING  # the worst fact: a critical requirement failing


def test_an_announced_fix_whose_anomaly_scenario_still_fails_is_a_gap() -> None:
    notes = release(fixed("ANO-042 : heures supplémentaires majorées de 25 %", ("EXG-004",), ("ANO-042",)))
    results = [result("hs 25", Status.FAILED, "EXG-004", "ANO-042"), result("hs 0", Status.PASSED, "EXG-004")]

    [fix] = analyse([OVERTIME], notes, results)

    assert fix.identity == "fix_still_failing:ANO-042"
    assert fix.requirement_code == "EXG-004"
    assert fix.anomaly_refs == ("ANO-042",)
    assert fix.scenario_keys == ("paie.feature::hs 25",)
    assert fix.severity is Severity.BLOCKING
    assert fix.facts == (GapType.REQUIREMENT_FAILING,)  # one defect, one gap


def test_an_announced_fix_that_passes_is_no_gap() -> None:
    notes = release(fixed("ANO-038 : arrondi du net", ("EXG-001",), ("ANO-038",)))

    assert analyse([NET], notes, [result("arrondi", Status.PASSED, "EXG-001", "ANO-038")]) == []


def test_a_fix_without_anomaly_id_is_checked_on_its_requirements() -> None:
    notes = release(fixed("Calcul du net corrigé (EXG-001)", ("EXG-001",)))

    [gap] = analyse([NET], notes, [result("net", Status.FAILED, "EXG-001")])

    assert (gap.identity, gap.facts) == ("fix_still_failing:EXG-001", (GapType.REQUIREMENT_FAILING,))


def test_gaps_come_most_severe_first_with_stable_identities() -> None:
    results = [result("bulletin", Status.FAILED, "EXG-011"), result("net", Status.FAILED, "EXG-001")]

    first = analyse([PAYSLIP, NET, DSN], release(), results)
    again = analyse([DSN, NET, PAYSLIP], release(), list(reversed(results)))

    assert [g.severity for g in first] == [Severity.BLOCKING, Severity.MAJOR, Severity.MINOR]
    assert [g.identity for g in first] == [g.identity for g in again]


def test_coverage_gives_each_requirement_a_verdict() -> None:
    results = [
        result("net", Status.PASSED, "EXG-001"),
        result("hs", Status.FAILED, "EXG-004"),
        result("bulletin", Status.SKIPPED, "EXG-011"),
    ]

    verdicts = {row.requirement.code: row.verdict for row in coverage([NET, OVERTIME, DSN, PAYSLIP], results)}

    assert verdicts == {
        "EXG-001": Verdict.OK,
        "EXG-004": Verdict.FAILING,
        "EXG-011": Verdict.NOT_RUN,
        "EXG-013": Verdict.NOT_COVERED,
    }
