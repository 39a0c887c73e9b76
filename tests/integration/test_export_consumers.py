"""Our exports read by the tools CI servers use: the JUnit XML validated against the Jenkins xunit
plugin's schema (tests/data/junit/SOURCE) and counted by junitparser, status by status, on a real
run of the status feature set (every status, a file that does not parse, outline rows)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import xmlschema
from junitparser import Error, Failure, JUnitXml, Skipped

from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.scenarios.exports import junit_xml
from amoa_workflow.scenarios.runner import PytestBddRunner

DATA = Path(__file__).parents[1] / "data"
SCHEMA = xmlschema.XMLSchema(DATA / "junit" / "junit-10.xsd")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exports")
    shutil.copytree(DATA / "statuses", root / "features")
    return root


@pytest.fixture(scope="module")
def results(project: Path) -> tuple[ScenarioResult, ...]:
    runner = PytestBddRunner(
        project, project / "features", project / "runs", r"EXG-\d{3}", timeout=120, scenario_timeout=1
    )
    return runner.run("1.1.0", "exports").results


def test_our_junit_is_valid_for_the_jenkins_xunit_plugin(results: tuple[ScenarioResult, ...]) -> None:
    SCHEMA.validate(junit_xml(results, "recette-1.1.0"))


def test_raw_pytest_junit_is_valid_too_so_the_schema_check_means_something(tmp_path: Path) -> None:
    shutil.copytree(DATA / "pytest_bdd_projects" / "vending-machine", tmp_path / "vending")
    report = tmp_path / "raw.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=tmp_path / "vending", capture_output=True, check=False, timeout=300,
    )  # fmt: skip

    SCHEMA.validate(str(report))
    assert JUnitXml.fromfile(str(report)).tests == 10


def test_junitparser_counts_each_status_as_our_records_do(
    results: tuple[ScenarioResult, ...], tmp_path: Path
) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(junit_xml(results, "recette-1.1.0"), encoding="utf-8")

    read = JUnitXml.fromfile(str(path))
    kinds: Counter[str] = Counter()
    for suite in read:
        for case in suite:
            outcome = case.result[0] if case.result else None
            kinds[
                "failure" if isinstance(outcome, Failure) else "error" if isinstance(outcome, Error)
                else "skipped" if isinstance(outcome, Skipped) else "passed"
            ] += 1  # fmt: skip
    ours = Counter(r.status for r in results)

    assert kinds == {
        "passed": ours[Status.PASSED],
        "failure": ours[Status.FAILED],
        "error": ours[Status.ERROR] + ours[Status.UNDEFINED],
        "skipped": ours[Status.SKIPPED],
    }
    assert sum(suite.tests for suite in read) == len(results)
    assert sum(suite.skipped for suite in read) == ours[Status.SKIPPED]
