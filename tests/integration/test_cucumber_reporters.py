"""Our Cucumber JSON read by the report tools CI servers use, cucumber-html-reporter and
multiple-cucumber-html-reporter (npm, tests/js): on a real run with every status, a setup error,
a teardown error, a file that does not parse and an expected failure (@xfail), they count each
scenario as our records do.

The tools are installed by ``npm ci --prefix tests/js`` (``.ci/run`` does it and sets
``AMOA_TEST_REQUIRE_CUCUMBER_REPORTERS=1``, which makes these tests fail instead of skip)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.scenarios.exports import cucumber_json
from amoa_workflow.scenarios.runner import PytestBddRunner

DATA = Path(__file__).parents[1] / "data"
TOOLS = Path(__file__).parents[1] / "js"
REQUIRED = os.environ.get("AMOA_TEST_REQUIRE_CUCUMBER_REPORTERS") == "1"

HOOKS = """import pytest


def pytest_runtest_setup(item):
    if item.get_closest_marker("setup_error"):
        raise RuntimeError("the test database could not be prepared")


def pytest_runtest_teardown(item):
    if item.get_closest_marker("teardown_error"):
        raise RuntimeError("the test data could not be removed")
"""
FEATURE = """Feature: hooks and expectations
  @setup_error
  Scenario: setup fails
    Given a thing

  @teardown_error
  Scenario: teardown fails
    Given a thing

  @xfail
  Scenario: expected to fail
    Given a thing
    Then the value is ko
"""
# What the tools call each of our statuses, scenario by scenario.
AS_TOOLS = {Status.PASSED: "passed", Status.FAILED: "failed", Status.ERROR: "failed",
            Status.UNDEFINED: "notdefined", Status.SKIPPED: "skipped"}  # fmt: skip


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScenarioResult, ...]:
    project = tmp_path_factory.mktemp("cucumber")
    shutil.copytree(DATA / "statuses", project / "features")
    (project / "features" / "hooks").mkdir()
    (project / "features" / "hooks" / "conftest.py").write_text(HOOKS, encoding="utf-8")
    (project / "features" / "hooks" / "hooks.feature").write_text(FEATURE, encoding="utf-8")
    runner = PytestBddRunner(
        project, project / "features", project / "runs", r"EXG-\d{3}", timeout=120, scenario_timeout=1
    )
    return runner.run("1.1.0", "cucumber").results


@pytest.fixture(scope="module")
def counted(results: tuple[ScenarioResult, ...], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if shutil.which("node") is None or not (TOOLS / "node_modules").is_dir():
        if REQUIRED:
            pytest.fail("node and tests/js/node_modules are required here (npm ci --prefix tests/js)")
        pytest.skip("the npm report tools are not installed (npm ci --prefix tests/js)")
    folder = tmp_path_factory.mktemp("reports")
    report = folder / "cucumber.json"
    report.write_text(cucumber_json(results), encoding="utf-8")
    completed = subprocess.run(
        ["node", str(TOOLS / "cucumber_reports.js"), str(report), str(folder / "out")],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    [line] = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    return dict(json.loads(line))


def expected(results: tuple[ScenarioResult, ...]) -> Counter[str]:
    return Counter(AS_TOOLS[r.status] for r in results)


def test_the_run_has_each_case_the_tools_used_to_miscount(results: tuple[ScenarioResult, ...]) -> None:
    by_name = {r.scenario: r for r in results}
    assert by_name["setup fails"].status is Status.ERROR
    assert by_name["teardown fails"].status is Status.ERROR
    assert by_name["expected to fail"].status is Status.SKIPPED
    assert [r.status for r in results if r.key == "features/broken.feature::"] == [Status.ERROR]


def test_cucumber_html_reporter_counts_each_scenario_as_we_do(
    results: tuple[ScenarioResult, ...], counted: dict[str, Any]
) -> None:
    scenarios = counted["cucumber-html-reporter"]["scenarios"]
    wanted = expected(results)

    assert {k: scenarios[k] for k in ("passed", "failed", "notdefined", "skipped")} == {
        k: wanted[k] for k in ("passed", "failed", "notdefined", "skipped")
    }


def test_multiple_cucumber_html_reporter_counts_each_scenario_as_we_do(
    results: tuple[ScenarioResult, ...], counted: dict[str, Any]
) -> None:
    scenarios = counted["multiple-cucumber-html-reporter"]["scenarios"]
    wanted = expected(results)

    assert {k: scenarios[k] for k in ("passed", "failed", "notDefined", "skipped")} == {
        "passed": wanted["passed"], "failed": wanted["failed"], "notDefined": wanted["notdefined"],
        "skipped": wanted["skipped"],
    }  # fmt: skip
    assert scenarios["total"] == len(results)


def test_an_unparsable_file_is_a_failed_feature_for_both_tools(counted: dict[str, Any]) -> None:
    assert counted["cucumber-html-reporter"]["features"]["passed"] == 0  # every feature here has a failure
    assert counted["multiple-cucumber-html-reporter"]["features"]["passed"] == 0
