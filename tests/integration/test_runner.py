"""The runner records what really happened to every scenario, in a real pytest-bdd subprocess."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from amoa_workflow.domain.model import Status
from amoa_workflow.errors import FileMissing, RunnerError
from amoa_workflow.runner import PytestBddRunner

DATA = Path(__file__).parents[1] / "data" / "statuses"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(DATA, project / "features")
    runner = PytestBddRunner(project, project / "features", project / "runs", r"EXG-\d{3}", timeout=120)
    outcome = runner.run("1.1.0", "recette-1.1.0/1")
    return {"results": {r.key: r for r in outcome.results}, "folder": outcome.folder}


def result(run: dict[str, object], key: str):  # type: ignore[no-untyped-def]
    results = run["results"]
    assert isinstance(results, dict)
    return results[f"features/{key}"]


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("english.feature::passes", Status.PASSED),
        ("english.feature::fails", Status.FAILED),
        ("english.feature::undefined first step", Status.UNDEFINED),
        ("english.feature::undefined later step", Status.UNDEFINED),
        ("english.feature::skipped", Status.SKIPPED),
        ("english.feature::outline[ok]", Status.PASSED),
        ("english.feature::outline[ko]", Status.FAILED),
        ("francais.feature::réussi en français", Status.PASSED),
        ("broken.feature::", Status.ERROR),
    ],
)
def test_each_scenario_gets_the_status_that_really_happened(
    run: dict[str, object], key: str, status: Status
) -> None:
    assert result(run, key).status is status


def test_nothing_else_is_recorded(run: dict[str, object]) -> None:
    results = run["results"]
    assert isinstance(results, dict)
    assert len(results) == 9


def test_steps_carry_their_own_status_and_the_error(run: dict[str, object]) -> None:
    later = result(run, "english.feature::undefined later step")

    assert [(s.text, s.status) for s in later.steps] == [
        ("a thing", Status.PASSED),
        ("I do something undefined", Status.UNDEFINED),
        ("the value is ok", Status.SKIPPED),
    ]
    failed = result(run, "english.feature::fails")
    assert failed.steps[1].error is not None and "expected ok, got ko" in failed.steps[1].error
    assert "expected ok, got ko" in (failed.message or "")


def test_tags_are_merged_and_requirements_taken_from_them(run: dict[str, object]) -> None:
    row = result(run, "english.feature::outline[ko]")

    assert set(row.tags) == {"feature-tag", "EXG-005", "row-tag"}
    assert row.requirement_codes == ("EXG-005",)
    assert row.example == (("value", "ko"),)


def test_a_file_that_does_not_parse_is_an_error_naming_file_and_line(run: dict[str, object]) -> None:
    broken = result(run, "broken.feature::")

    assert re.search(r"broken\.feature:4", broken.message or ""), broken.message


def test_the_run_folder_keeps_pytest_output(run: dict[str, object]) -> None:
    folder = run["folder"]
    assert isinstance(folder, Path)
    assert (folder / "pytest.log").read_text(encoding="utf-8").strip()
    assert (folder / "results.jsonl").is_file()


def test_a_missing_features_folder_is_named(tmp_path: Path) -> None:
    runner = PytestBddRunner(tmp_path, tmp_path / "features", tmp_path / "runs", r"EXG-\d+", timeout=60)

    with pytest.raises(FileMissing, match="features"):
        runner.run("1.0.0", "x")


def test_a_run_past_its_timeout_is_an_error_not_a_hang(tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    (features / "conftest.py").write_text(
        "import time\nfrom pytest_bdd import given\n@given('a slow thing')\ndef slow():\n    time.sleep(30)\n"
    )
    (features / "slow.feature").write_text("Feature: slow\n  Scenario: slow\n    Given a slow thing\n")
    runner = PytestBddRunner(tmp_path, features, tmp_path / "runs", r"EXG-\d+", timeout=3)

    with pytest.raises(RunnerError, match="no result after 3 s"):
        runner.run("1.0.0", "slow")
