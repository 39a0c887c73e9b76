"""One defect, one gap: each failing scenario is described by one gap named after its cause."""

from __future__ import annotations

from amoa_workflow.domain.gaps import DEFAULT_SEVERITY, analyse
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
)

LEAVE = Requirement("EXG-006", "Pose de congés", Criticality.CRITICAL, "Absences")
BALANCE = Requirement("EXG-009", "Solde de congés", Criticality.MAJOR, "Absences")
LATER = Requirement("EXG-020", "Export vers la paie", Criticality.CRITICAL, "Absences", target="2.1")


def result(name: str, status: Status, *tags: str) -> ScenarioResult:
    return ScenarioResult(
        key=f"conges.feature::{name}", feature_path="conges.feature", feature_name="Congés", scenario=name,
        line=1, status=status, tags=tags, requirement_codes=tuple(t for t in tags if t.startswith("EXG")),
    )  # fmt: skip


def notes(version: str, *items: tuple[ItemKind, str, tuple[str, ...], tuple[str, ...]]) -> Release:
    return Release(version, None, tuple(ReleaseNoteItem(k, "Notes", t, 1, r, a) for k, t, r, a in items))


def test_a_regression_that_fails_its_requirement_unannounced_is_one_blocking_gap() -> None:
    before = [result("pose", Status.PASSED, "EXG-006"), result("refus", Status.PASSED, "EXG-006")]
    now = [result("pose", Status.FAILED, "EXG-006"), result("refus", Status.PASSED, "EXG-006")]

    [gap] = analyse([LEAVE], notes("2.0"), now, previous_results=before)

    assert gap.identity == "regression:EXG-006"
    assert gap.severity is Severity.BLOCKING
    assert gap.scenario_keys == ("conges.feature::pose",)  # never the scenario that passed
    assert gap.facts == (GapType.REQUIREMENT_FAILING, GapType.UNANNOUNCED_CHANGE)


def test_a_regression_the_notes_name_is_not_an_unannounced_change() -> None:
    before = [result("pose", Status.PASSED, "EXG-006")]
    announced = notes("2.0", (ItemKind.CHANGED, "Pose revue (EXG-006)", ("EXG-006",), ()))

    [gap] = analyse([LEAVE], announced, [result("pose", Status.FAILED, "EXG-006")], previous_results=before)

    assert (gap.identity, gap.facts) == ("regression:EXG-006", (GapType.REQUIREMENT_FAILING,))


def test_a_new_failing_scenario_on_a_requirement_ok_before_is_no_regression() -> None:
    before = [result("pose", Status.PASSED, "EXG-006")]
    now = [result("pose", Status.PASSED, "EXG-006"), result("demi-journée", Status.FAILED, "EXG-006")]

    [gap] = analyse([LEAVE], notes("2.0"), now, previous_results=before)

    assert gap.identity == "requirement_failing:EXG-006"
    assert gap.scenario_keys == ("conges.feature::demi-journée",)


def test_a_silent_fix_names_only_the_scenarios_whose_outcome_changed() -> None:
    before = [result("solde", Status.FAILED, "EXG-009"), result("report", Status.PASSED, "EXG-009")]
    now = [result("solde", Status.PASSED, "EXG-009"), result("report", Status.PASSED, "EXG-009")]

    [gap] = analyse([BALANCE], notes("2.0"), now, previous_results=before)

    assert gap.identity == "unannounced_change:EXG-009"
    assert gap.scenario_keys == ("conges.feature::solde",)
    assert gap.severity is Severity.MINOR


def test_a_requirement_announced_without_any_scenario_is_one_gap() -> None:
    added = notes("2.0", (ItemKind.ADDED, "Solde affiché (EXG-009)", ("EXG-009",), ()))

    [gap] = analyse([BALANCE], added, [])

    assert (gap.identity, gap.facts) == ("announced_untested:EXG-009", (GapType.REQUIREMENT_UNCOVERED,))
    assert gap.severity is Severity.MAJOR  # the worst of its facts: uncovered (major) over announced (minor)


def test_a_requirement_planned_for_a_later_release_is_not_due_and_never_blocking() -> None:
    failing = [result("export", Status.FAILED, "EXG-020")]

    [uncovered] = analyse([LATER], notes("2.0.3"), [])
    [failed] = analyse([LATER], notes("2.0.3"), failing)
    [due] = analyse([LATER], notes("2.1.0"), failing)

    assert (uncovered.identity, uncovered.severity) == ("not_due:EXG-020", Severity.MINOR)
    assert uncovered.facts == (GapType.REQUIREMENT_UNCOVERED,)
    assert (failed.identity, failed.severity, failed.facts) == (
        "not_due:EXG-020", Severity.MINOR, (GapType.REQUIREMENT_FAILING,)
    )  # fmt: skip
    assert (due.identity, due.severity) == ("requirement_failing:EXG-020", Severity.BLOCKING)


def test_a_known_issue_naming_the_requirement_makes_its_gap_a_known_limitation_one_level_lower() -> None:
    known = notes("2.0", (ItemKind.KNOWN_ISSUE, "Jours fériés non exclus (EXG-006)", ("EXG-006",), ()))

    [gap] = analyse([LEAVE], known, [result("férié", Status.FAILED, "EXG-006")])

    assert gap.identity == "known_limitation:EXG-006"
    assert gap.severity is Severity.MAJOR  # requirement failing on a critical requirement: blocking
    assert gap.facts == (GapType.REQUIREMENT_FAILING,)
    assert gap.item_texts == ("Jours fériés non exclus (EXG-006)",)


def test_a_known_issue_naming_an_anomaly_reaches_the_gap_of_its_scenario() -> None:
    known = notes("2.0", (ItemKind.KNOWN_ISSUE, "ANO-77 : arrondi du solde", (), ("ANO-77",)))
    results = [result("arrondi", Status.FAILED, "EXG-009", "ANO-77"), result("ok", Status.PASSED, "EXG-009")]

    [gap] = analyse([BALANCE], known, results)

    assert (gap.identity, gap.severity) == ("known_limitation:EXG-009", Severity.MINOR)


def test_the_severity_of_known_limitations_can_be_configured() -> None:
    matrix = dict(DEFAULT_SEVERITY) | {(GapType.KNOWN_LIMITATION, Criticality.CRITICAL): Severity.BLOCKING}
    known = notes("2.0", (ItemKind.KNOWN_ISSUE, "Pose impossible le samedi", ("EXG-006",), ()))

    [gap] = analyse([LEAVE], known, [result("samedi", Status.FAILED, "EXG-006")], severity=matrix)

    assert gap.severity is Severity.BLOCKING


def test_a_failing_flaky_scenario_stays_a_failure_with_flakiness_as_a_fact() -> None:
    flaky = frozenset({"conges.feature::pose"})

    [gap] = analyse([LEAVE], notes("2.0"), [result("pose", Status.FAILED, "EXG-006")], flaky_keys=flaky)

    assert (gap.identity, gap.facts) == ("requirement_failing:EXG-006", (GapType.FLAKY,))
