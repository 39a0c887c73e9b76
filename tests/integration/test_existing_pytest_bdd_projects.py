"""Existing pytest-bdd projects run as they are: three public example projects (tests/data/
pytest_bdd_projects/SOURCE) give, scenario by scenario, the statuses raw pytest gives them, and
``amoa lint`` and ``amoa steps`` read their step definitions (each one, where it is written); the
layouts pytest-bdd teaches (test modules calling ``scenarios()``, ``@scenario``, conftests above
the features) never crash a run, and a broken conftest or a scenario bound twice is one clear line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from amoa_workflow.domain.model import Status
from amoa_workflow.errors import RunnerError
from amoa_workflow.scenarios.runner import PytestBddRunner

PROJECTS = Path(__file__).parents[1] / "data" / "pytest_bdd_projects"
AMOA = Path(sys.executable).with_name("amoa")

# Observes a raw pytest run (it changes nothing): which scenario each test is, and how it ended.
OBSERVER = """
import json, os
from pathlib import Path
from pytest_bdd.scenario import scenario_wrapper_template_registry

SEEN, OUTCOMES = {}, {}

def pytest_collection_modifyitems(session, config, items):
    for item in items:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))
        if template is None:
            continue
        callspec = getattr(item, "callspec", None)
        feature = Path(template.feature.filename).resolve().relative_to(config.rootpath.resolve())
        row = f"[{callspec.id}]" if callspec else ""
        SEEN[item.nodeid] = f"{feature.as_posix()}::{template.name}{row}"

def pytest_runtest_logreport(report):
    if report.nodeid not in SEEN:
        return
    outcome = OUTCOMES.setdefault(SEEN[report.nodeid], "passed")
    if report.failed:
        OUTCOMES[SEEN[report.nodeid]] = "failed" if report.when == "call" else "error"
    elif report.skipped and outcome == "passed":
        OUTCOMES[SEEN[report.nodeid]] = "skipped"

def pytest_sessionfinish(session):
    Path(os.environ["RAW_OUTCOMES"]).write_text(json.dumps(OUTCOMES))
"""

# What raw pytest calls a test whose step has no definition: a failure.
_AS_RAW = {Status.UNDEFINED: "failed"}


def copy_of(name: str, tmp_path: Path) -> Path:
    project = tmp_path / name
    shutil.copytree(PROJECTS / name, project)
    return project


def raw_statuses(project: Path, tmp_path: Path) -> dict[str, str]:
    (tmp_path / "observer").mkdir()
    (tmp_path / "observer" / "raw_observer.py").write_text(OBSERVER, encoding="utf-8")
    outcomes = tmp_path / "raw.json"
    environment = {"PYTHONPATH": str(tmp_path / "observer"), "RAW_OUTCOMES": str(outcomes), "PATH": ""}
    subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "raw_observer", "-p", "no:cacheprovider", "-q"],
        cwd=project, env=environment, capture_output=True, check=False, timeout=300,
    )  # fmt: skip
    return dict(json.loads(outcomes.read_text(encoding="utf-8")))


def runner(project: Path, features: str) -> PytestBddRunner:
    return PytestBddRunner(project, project / features, project / ".amoa-runs", r"EXG-\d{3}", timeout=120)


@pytest.mark.parametrize(
    ("name", "features", "expected"),
    [
        ("vending-machine", ".", {"passed": 9, "skipped": 1}),
        ("bank-transactions", "tests/features", {"passed": 6}),
        ("template", "features", {"passed": 2, "failed": 1}),
    ],
)
def test_a_public_project_gets_the_statuses_raw_pytest_gives_it(
    name: str, features: str, expected: dict[str, int], tmp_path: Path
) -> None:
    raw = raw_statuses(copy_of(name, tmp_path / "raw"), tmp_path)
    project = copy_of(name, tmp_path / "amoa")

    run = runner(project, features).run("1.0.0", "adoption")

    ours = {r.key: _AS_RAW.get(r.status, r.status.value) for r in run.results}
    assert ours == raw
    counts: dict[str, int] = {}
    for status in ours.values():
        counts[status] = counts.get(status, 0) + 1
    assert counts == expected


# Every step definition of each project, counted in its files: where amoa steps must place it.
STEP_DEFINITIONS = {
    "vending-machine": [
        *(f"getting_started/test_subtract.py:{line}" for line in (8, 13, 18)),
        # "I buy a product" is one function with a given and a when: two definitions.
        *(f"vending/test_vending_machine.py:{line}" for line in (11, 17, 28, 33, 39, 39, 45, 51, 56, 61)),
    ],
    "bank-transactions": [
        *(f"tests/step_definitions/test_bank_transactions.py:{line}" for line in (21, 27, 33)),
        *(f"tests/step_definitions/test_bank_transactions_param.py:{line}" for line in (15, 21, 27, 33)),
        *(
            f"tests/step_definitions/test_bank_transactions_scenario_outline.py:{line}"
            for line in (15, 24, 30)
        ),
    ],
    # Offered by tests/conftest.py's pytest_plugins (modules it finds itself), bound by @scenario.
    "template": [
        "tests/given.py:6",
        "tests/sub_feature/given.py:6",
        "tests/sub_feature/then.py:6",
        "tests/sub_feature/then.py:12",
        "tests/sub_feature/when.py:4",
    ],
}
PROJECT_FEATURES = {"vending-machine": ".", "bank-transactions": "tests", "template": "features"}


def amoa_in(project: Path, features: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``amoa ARGS`` as a user runs it in the project folder, its config as amoa init writes it.

    A process of its own: inside this test session pytest-bdd would find our own pytest
    configuration, which a user's ``amoa`` never has."""
    (project / "config").mkdir(exist_ok=True)
    (project / "config" / "amoa.toml").write_text(
        f'[project]\nname = "{project.name}"\nlanguage = "en"\n\n[paths]\nfeatures = "{features}"\n',
        encoding="utf-8",
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMOA_", "PREFECT_"))}
    return subprocess.run(
        [str(AMOA), "--lang", "en", *args], cwd=project, env=environment, capture_output=True, text=True,
        timeout=120, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(STEP_DEFINITIONS))
def test_amoa_steps_lists_every_step_definition_of_a_public_project(name: str, tmp_path: Path) -> None:
    project = copy_of(name, tmp_path)

    listed = amoa_in(project, PROJECT_FEATURES[name], "steps", "--format", "json")

    assert listed.returncode == 0, listed.stderr
    assert sorted(entry["location"] for entry in json.loads(listed.stdout)) == sorted(STEP_DEFINITIONS[name])


@pytest.mark.parametrize("name", sorted(STEP_DEFINITIONS))
def test_amoa_lint_checks_the_steps_of_a_public_project_as_its_run_finds_them(
    name: str, tmp_path: Path
) -> None:
    project = copy_of(name, tmp_path)

    linted = amoa_in(project, PROJECT_FEATURES[name], "lint", "--format", "json")

    assert linted.returncode == 0, linted.stdout + linted.stderr
    report = json.loads(linted.stdout)
    assert report["errors"] == 0
    step_findings = [f for f in report["findings"] if f["code"] in ("AMOA008", "AMOA009", "AMOA019")]
    assert step_findings == []
    assert not [n for n in report["notes"] if "step" in n]  # the steps were checked


def test_a_project_split_into_shards_runs_each_bound_scenario_once(tmp_path: Path) -> None:
    project = copy_of("vending-machine", tmp_path)

    run = runner(project, ".").run("1.0.0", "shards", shards=3)

    assert len(run.results) == 10
    assert {r.status for r in run.results if "vending/" in r.key} == {Status.PASSED}


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


FEATURE = "Feature: paie\n  Scenario: bulletin\n    Given un salarié\n"
IMPORT_STEPS = "from steps.paie_steps import *  # noqa\n"
STEP = "from pytest_bdd import given\n\n@given('un salarié')\ndef salarie():\n    pass\n"


def test_the_conftest_at_the_project_root_offers_its_steps(tmp_path: Path) -> None:
    root = project(tmp_path, {"conftest.py": STEP, "features/paie.feature": FEATURE})

    run = runner(root, "features").run("1.0.0", "root-conftest")

    assert [r.status for r in run.results] == [Status.PASSED]


def test_a_conftest_importing_a_module_of_the_project_root_works(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {"steps/__init__.py": "", "steps/paie_steps.py": STEP,
         "features/conftest.py": IMPORT_STEPS, "features/paie.feature": FEATURE},
    )  # fmt: skip

    run = runner(root, "features").run("1.0.0", "root-import")

    assert [r.status for r in run.results] == [Status.PASSED]


def test_a_conftest_that_cannot_be_imported_is_named_with_the_real_cause(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {"steps/__init__.py": "", "steps/paie_steps.py": "rates = []\nfirst = rates[0]\n",
         "features/conftest.py": IMPORT_STEPS, "features/paie.feature": FEATURE},
    )  # fmt: skip

    with pytest.raises(RunnerError) as raised:
        runner(root, "features").run("1.0.0", "broken-conftest")

    message = str(raised.value)
    assert "features/conftest.py" in message
    assert "steps/paie_steps.py:2" in message
    assert "IndexError: list index out of range" in message


def test_a_scenario_bound_by_two_test_modules_is_one_clear_error_naming_both(tmp_path: Path) -> None:
    binding = "from pytest_bdd import scenarios\n\nscenarios('paie.feature')\n"
    root = project(
        tmp_path,
        {"features/conftest.py": STEP, "features/paie.feature": FEATURE,
         "features/test_paie.py": binding, "features/test_paie_bis.py": binding},
    )  # fmt: skip

    with pytest.raises(RunnerError) as raised:
        runner(root, "features").run("1.0.0", "twice")

    message = str(raised.value)
    assert "features/paie.feature::bulletin" in message
    assert "features/test_paie.py::test_bulletin" in message
    assert "features/test_paie_bis.py::test_bulletin" in message
    assert "Traceback" not in message


def test_the_projects_other_test_modules_are_neither_imported_nor_run(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "features/conftest.py": STEP,
            "features/paie.feature": FEATURE,
            "features/test_paie.py": "from pytest_bdd import scenarios\n\nscenarios('paie.feature')\n\n\n"
            "def test_plain_unit_test():\n    raise AssertionError('not a scenario: never run')\n",
            "tests/test_tool.py": "from pytest_bdd import scenarios\n\nraise SystemExit('imported')\n\n"
            "scenarios('../elsewhere/')\n",
        },
    )

    run = runner(root, "features").run("1.0.0", "others")

    assert [(r.key, r.status) for r in run.results] == [("features/paie.feature::bulletin", Status.PASSED)]
    assert run.exit_code == 0
