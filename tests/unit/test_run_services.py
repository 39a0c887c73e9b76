"""Running a campaign's scenarios (all, a selection, what failed in run N), on in-memory fakes."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.model import Criticality, Release, Requirement, ScenarioResult, Status
from amoa_workflow.domain.selection import Selection
from amoa_workflow.scenarios import runs
from tests.fakes import FakeRunner, FakeSources, FakeUnitOfWork

NET = Requirement("EXG-001", "Salaire net", Criticality.CRITICAL, "Paie")
CONGES = Requirement("EXG-005", "Congés", Criticality.MAJOR, "Temps")
NOTES = Release("1.1.0", "2025-03-14", ())
NET_OK = ScenarioResult(
    "paie.feature::net", "paie.feature", "Paie", "net", 3, Status.PASSED, ("EXG-001",), ("EXG-001",)
)
BRUT_KO = ScenarioResult("paie.feature::brut", "paie.feature", "Paie", "brut", 9, Status.FAILED, ("EXG-001",),
                         ("EXG-001",))  # fmt: skip
CONGES_KO = ScenarioResult("temps.feature::congés", "temps.feature", "Temps", "congés", 4, Status.UNDEFINED,
                           ("EXG-005",), ("EXG-005",))  # fmt: skip
KEY = "recette-1.1.0"


TICKS = itertools.count()


def clock() -> datetime:
    """A new second at each call: each run gets its own folder and key."""
    return datetime(2025, 3, 14, 9, 30, tzinfo=UTC) + timedelta(seconds=next(TICKS))


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def run(
    uow: FakeUnitOfWork, runner: FakeRunner, rerun_of: int | None = None, **request: object
) -> runs.RunSummary:
    return runs.run_campaign(
        uow, FakeSources([NET, CONGES], {"1.1.0": NOTES}), runner, runs.RunRequest("1.1.0", KEY, **request),  # type: ignore[arg-type]
        "Paie", "recette", clock, rerun_of, rules=AcceptanceRules(flaky_window=4, flaky_threshold=2),
    )  # fmt: skip


def test_rerunning_what_failed_in_run_n_runs_exactly_those_scenarios(uow: FakeUnitOfWork) -> None:
    runner = FakeRunner((NET_OK, BRUT_KO, CONGES_KO))
    run(uow, runner)

    summary = run(uow, runner, rerun_of=1)

    assert runner.selections[-1].keys == {BRUT_KO.key, CONGES_KO.key}
    assert summary.selection.describe() == "--rerun-failed 1"
    assert [r.key for r in summary.ran] == [BRUT_KO.key, CONGES_KO.key]
    assert summary.outcome is not None and summary.outcome.attempt == 2


def test_a_partial_run_updates_its_scenarios_and_keeps_the_others(uow: FakeUnitOfWork) -> None:
    run(uow, FakeRunner((NET_OK, BRUT_KO, CONGES_KO)))
    fixed = replace(BRUT_KO, status=Status.PASSED)

    summary = run(
        uow, FakeRunner((NET_OK, fixed, CONGES_KO)), selection=Selection(keys=frozenset({fixed.key}))
    )

    assert summary.outcome is not None
    assert {r.key: r.status for r in summary.outcome.results} == {
        NET_OK.key: Status.PASSED, BRUT_KO.key: Status.PASSED, CONGES_KO.key: Status.UNDEFINED,
    }  # fmt: skip
    assert {g.requirement_code for g in summary.outcome.gaps} == {"EXG-005"}  # EXG-001 is no longer failing


def test_a_full_run_makes_the_current_results_its_own(uow: FakeUnitOfWork) -> None:
    run(uow, FakeRunner((NET_OK, BRUT_KO, CONGES_KO)))

    summary = run(uow, FakeRunner((NET_OK,)))

    assert summary.outcome is not None and [r.key for r in summary.outcome.results] == [NET_OK.key]


def test_nothing_failed_in_run_n_means_nothing_to_rerun_and_nothing_recorded(uow: FakeUnitOfWork) -> None:
    runner = FakeRunner((NET_OK,))
    run(uow, runner)

    summary = run(uow, runner, rerun_of=1)

    assert summary.outcome is None
    assert len(runner.calls) == 1
    assert uow.campaigns.attempts[KEY] == 1


def test_the_flakiness_of_what_ran_comes_with_the_run(uow: FakeUnitOfWork) -> None:
    for status in (Status.PASSED, Status.FAILED, Status.PASSED):
        summary = run(uow, FakeRunner((replace(NET_OK, status=status), CONGES_KO)))

    flaky = {f.key: f.flaky for f in summary.flakiness}
    assert flaky == {NET_OK.key: True, CONGES_KO.key: False}


def test_exports_read_the_current_results_or_those_of_one_run(uow: FakeUnitOfWork) -> None:
    run(uow, FakeRunner((NET_OK, BRUT_KO)))
    run(uow, FakeRunner((NET_OK, replace(BRUT_KO, status=Status.PASSED))))

    assert 'failures="0"' in runs.export(uow, KEY, "junit")
    assert 'failures="1"' in runs.export(uow, KEY, "junit", attempt=1)
    assert '"status": "failed"' not in runs.export(uow, KEY, "cucumber")


def test_a_run_says_what_it_left_in_the_campaign_with_what_testers_recorded(uow: FakeUnitOfWork) -> None:
    """The runner lists a manual scenario pending; a tester recorded it blocked: the run's summary and
    its history line say blocked (error), as the campaign and its PV do."""
    listed = ScenarioResult("manuel.feature::portail", "manuel.feature", "Manuel", "portail", 2,
                            Status.PENDING, ("EXG-005",), ("EXG-005", "manuel"))  # fmt: skip
    blocked = replace(listed, status=Status.ERROR, message="karim: portail indisponible")
    uow.campaigns.executed[KEY] = {listed.key: blocked}

    summary = run(uow, FakeRunner((NET_OK, listed)))

    assert [(r.key, r.status) for r in summary.ran] == [
        (NET_OK.key, Status.PASSED),
        (listed.key, Status.ERROR),
    ]
    recorded = uow.campaigns.run_results(KEY, 1)
    assert recorded is not None and [r.status for r in recorded] == [Status.PASSED, Status.ERROR]
