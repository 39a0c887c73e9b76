"""Exit criteria turn a campaign into go, go with reservations or no-go, with every reason."""

from __future__ import annotations

from datetime import date

from amoa_workflow.domain.exit_criteria import ExitCriteria, Outcome, evaluate
from amoa_workflow.domain.gap_lifecycle import GapStatus, TrackedGap, accept
from amoa_workflow.domain.gaps import coverage
from amoa_workflow.domain.model import Criticality, GapType, Requirement, ScenarioResult, Severity, Status
from amoa_workflow.domain.release_diff import Change, compare_releases, trend_point

NET = Requirement("EXG-001", "Net", Criticality.CRITICAL, "Paie")
HS = Requirement("EXG-002", "HS", Criticality.MAJOR, "Paie")


def run(name: str, status: Status, code: str) -> ScenarioResult:
    return ScenarioResult(f"f::{name}", "f", "F", name, 1, status, (code,), (code,))


def gap(severity: Severity, status: GapStatus = GapStatus.OPEN) -> TrackedGap:
    return TrackedGap(f"x:{severity}", GapType.REQUIREMENT_FAILING, severity, "EXG-002", status, "1.0", "1.0")


ALL_PASS = [run(f"s{i}", Status.PASSED, "EXG-001") for i in range(19)] + [run("hs", Status.PASSED, "EXG-002")]


def test_nothing_open_and_every_criterion_met_is_go() -> None:
    recommendation = evaluate(ExitCriteria(), coverage([NET, HS], ALL_PASS), ALL_PASS, [])

    assert recommendation.outcome is Outcome.GO
    assert all(c.met for c in recommendation.criteria)


def test_a_blocking_gap_is_no_go_and_says_which_criterion_failed() -> None:
    recommendation = evaluate(
        ExitCriteria(), coverage([NET, HS], ALL_PASS), ALL_PASS, [gap(Severity.BLOCKING)]
    )

    assert recommendation.outcome is Outcome.NO_GO
    assert [(c.name, c.expected, c.actual) for c in recommendation.missed] == [("max_blocking", 0, 1)]


def test_a_failing_critical_requirement_and_a_low_pass_rate_are_both_reported() -> None:
    results = [run("net", Status.FAILED, "EXG-001"), run("hs", Status.PASSED, "EXG-002")]

    recommendation = evaluate(ExitCriteria(), coverage([NET, HS], results), results, [])

    assert {c.name: c.actual for c in recommendation.missed} == {
        "critical_requirements_ok": 0.0,
        "min_pass_rate": 50.0,
    }


def test_skipped_scenarios_do_not_count_in_the_pass_rate() -> None:
    results = [*ALL_PASS, run("later", Status.SKIPPED, "EXG-002")]

    recommendation = evaluate(ExitCriteria(min_pass_rate=100), coverage([NET, HS], results), results, [])

    assert recommendation.outcome is Outcome.GO


def test_minor_gaps_and_reservations_are_go_with_reservations_until_too_many_majors() -> None:
    reserved = accept(gap(Severity.BLOCKING), "1.0", owner="MOE", due=date(2025, 6, 30))
    gaps = [gap(Severity.MINOR), reserved, gap(Severity.MAJOR)]

    ok = evaluate(ExitCriteria(max_major=1), coverage([NET, HS], ALL_PASS), ALL_PASS, gaps)
    too_many = evaluate(ExitCriteria(max_major=0), coverage([NET, HS], ALL_PASS), ALL_PASS, gaps)

    assert (ok.outcome, ok.open_gaps, ok.reservations) == (Outcome.GO_WITH_RESERVATIONS, 2, 1)
    assert too_many.outcome is Outcome.NO_GO


def test_the_diff_between_releases_names_each_requirement_s_move() -> None:
    before = coverage([NET, HS], [run("net", Status.PASSED, "EXG-001"), run("hs", Status.FAILED, "EXG-002")])
    after = coverage([NET, HS], [run("net", Status.FAILED, "EXG-001"), run("hs", Status.PASSED, "EXG-002")])

    changes = {c.code: c.change for c in compare_releases(before, after)}

    assert changes == {"EXG-001": Change.REGRESSED, "EXG-002": Change.NEWLY_OK}


def test_a_trend_point_counts_by_status() -> None:
    point = trend_point("1.1.0", [run("a", Status.PASSED, "EXG-001"), run("b", Status.FAILED, "EXG-001")])

    assert (point.passed, point.failed, point.pass_rate) == (1, 1, 50.0)


def test_a_requirement_never_covered_before_is_newly_covered_not_still_failing() -> None:
    before = coverage([NET, HS], [run("hs", Status.SKIPPED, "EXG-002")])
    after = coverage([NET, HS], [run("net", Status.FAILED, "EXG-001"), run("hs", Status.FAILED, "EXG-002")])

    changes = {c.code: c.change for c in compare_releases(before, after)}

    assert changes == {"EXG-001": Change.NEWLY_COVERED, "EXG-002": Change.NEWLY_FAILING}
