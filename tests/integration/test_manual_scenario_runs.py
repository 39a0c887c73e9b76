"""Manual scenarios in real pytest-bdd runs: listed under their usual key, recorded pending with
their steps pending, never executed (no fixture, no step), alone or on xdist workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.scenarios.runner import PytestBddRunner

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module", params=[0, 2], ids=["serial", "xdist"])
def run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, ScenarioResult]]:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(DATA / "manual", project / "features")
    runner = PytestBddRunner(project, project / "features", project / "runs", r"EXG-\d{3}", timeout=120)
    done = runner.run("1.1.0", "recette-1.1.0/1", workers=request.param)
    return project, {r.key.removeprefix("features/"): r for r in done.results}


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("manual.feature::automated", Status.PASSED),
        ("manual.feature::read the printed payslip", Status.PENDING),
        ("manual.feature::partly by hand[1-ok]", Status.PASSED),
        ("manual.feature::partly by hand[2-ko]", Status.PENDING),
        ("tout_manuel.feature::lecture du bulletin", Status.PENDING),
    ],
)
def test_manual_scenarios_are_pending_under_their_usual_key(
    run: tuple[Path, dict[str, ScenarioResult]], key: str, status: Status
) -> None:
    _, results = run
    assert results[key].status is status


def test_a_pending_scenario_lists_its_steps_pending_and_keeps_its_requirements(
    run: tuple[Path, dict[str, ScenarioResult]],
) -> None:
    _, results = run
    payslip = results["manual.feature::read the printed payslip"]
    assert payslip.requirement_codes == ("EXG-002",)
    assert [s.text for s in payslip.steps] == [
        "a thing", "the printed payslip of March", "I read it without any other document",
        "the net amount is on the first page",
    ]  # fmt: skip
    assert {s.status for s in payslip.steps} == {Status.PENDING}
    assert payslip.message == "manual scenario: waiting for a tester's result"
    row = results["manual.feature::partly by hand[2-ko]"]
    assert row.example == (("n", "2"), ("value", "ko"))
    assert [s.text for s in row.steps][-1] == "the value is ko"


def test_no_fixture_or_step_of_a_manual_scenario_runs(run: tuple[Path, dict[str, ScenarioResult]]) -> None:
    project, _ = run
    executed = (project / "executed.log").read_text(encoding="utf-8").splitlines()
    assert len(executed) == 2
    assert all("automated" in line or "1-ok" in line for line in executed)
