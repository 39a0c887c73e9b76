"""The per-scenario time limit cannot be swallowed: a step that retries on ``except Exception``
is stopped at its budget, recorded as ``error: timed out after N s``, and the shard goes on
with the next scenarios (which the whole-run limit would otherwise lose as "not run")."""

from __future__ import annotations

from pathlib import Path

from amoa_workflow.domain.model import Status
from amoa_workflow.scenarios.runner import PytestBddRunner

STEPS = """
import time

from pytest_bdd import given, then, when


@given("a service that never answers")
def service() -> None:
    pass


@when("I retry on every exception")
def retry_for_ever() -> None:
    while True:
        try:
            time.sleep(0.05)
        except Exception:  # what retry helpers do: it must not keep the scenario alive
            continue


@when("I retry and wait in a fixture-free loop")
def busy_retry() -> None:
    while True:
        try:
            sum(range(1000))
        except Exception:
            pass


@then("it answers")
def answers() -> None:
    pass
"""

FEATURE = """Feature: hung services
  Scenario: a retry loop
    Given a service that never answers
    When I retry on every exception
    Then it answers

  Scenario: a busy retry loop
    Given a service that never answers
    When I retry and wait in a fixture-free loop
    Then it answers

  Scenario: the next one
    Given a service that never answers
    Then it answers
"""


def one_second_each(project: Path, steps: str, feature: str) -> PytestBddRunner:
    """A runner of ``feature`` (its steps in the features' conftest) giving each scenario 1 s."""
    (project / "features").mkdir()
    (project / "features" / "conftest.py").write_text(steps, encoding="utf-8")
    (project / "features" / "scenarios.feature").write_text(feature, encoding="utf-8")
    return PytestBddRunner(
        project, project / "features", project / "runs", r"EXG-\d{3}", timeout=60, scenario_timeout=1
    )


def test_a_retry_loop_is_stopped_recorded_as_timed_out_and_the_shard_goes_on(tmp_path: Path) -> None:
    runner = one_second_each(tmp_path, STEPS, FEATURE)

    results = {r.scenario: r for r in runner.run("1.0.0", "hung").results}

    for hung in ("a retry loop", "a busy retry loop"):
        assert results[hung].status is Status.ERROR
        assert results[hung].message == "timed out after 1 s (scenario_timeout)"
        assert [s.status for s in results[hung].steps] == [Status.PASSED, Status.ERROR, Status.SKIPPED]
    assert results["the next one"].status is Status.PASSED


OWN_ALARM_STEPS = """
import signal
import time

from pytest_bdd import given, when


@given("a step that sets its own alarm handler")
def own_handler() -> None:
    signal.signal(signal.SIGALRM, lambda signum, frame: None)  # swallows every alarm


@when("I wait for a service that never answers")
def wait_for_ever() -> None:
    while True:
        time.sleep(0.05)
"""

OWN_ALARM_FEATURE = """Feature: a scenario replacing the alarm's handler
  Scenario: its own handler
    Given a step that sets its own alarm handler

  Scenario: hung after it
    When I wait for a service that never answers
"""


def test_a_scenario_replacing_the_alarm_handler_does_not_disarm_the_next_scenarios_limit(
    tmp_path: Path,
) -> None:
    runner = one_second_each(tmp_path, OWN_ALARM_STEPS, OWN_ALARM_FEATURE)

    results = {r.scenario: r for r in runner.run("1.0.0", "alarm").results}

    assert results["its own handler"].status is Status.PASSED
    assert results["hung after it"].status is Status.ERROR
    assert results["hung after it"].message == "timed out after 1 s (scenario_timeout)"
