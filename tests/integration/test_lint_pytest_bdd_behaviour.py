"""What the lint claims, checked against what pytest-bdd 9.0 really does with the trap files.

The trap files of tests/data/lint run under plain pytest-bdd (one ``scenarios()`` module per
file, as our runner collects one file at a time) with a small plugin recording every step
executed (and the definition used), every step not found, every test outcome and every file
that failed to collect. Each assertion ties a finding to that record.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from amoa_workflow.lint import Finding, LintProject, lint

TRAPS = Path(__file__).resolve().parents[1] / "data" / "lint"
BREAKS_COLLECTION = {"AMOA001", "AMOA002", "AMOA003", "AMOA004", "AMOA013"}

RECORDER = """
import inspect, json, os
from pathlib import Path

def _write(record):
    with open(os.environ["AMOA_LINT_RECORD"], "a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\\n")

def pytest_bdd_before_step_call(request, feature, scenario, step, step_func, step_func_args):
    _write({"event": "step", "file": Path(feature.filename).name, "scenario": scenario.name,
            "line": step.line_number, "text": step.name, "definition": step_func.__name__,
            "definition_line": inspect.getsourcelines(step_func)[1]})

def pytest_bdd_step_func_lookup_error(request, feature, scenario, step, exception):
    _write({"event": "undefined", "file": Path(feature.filename).name, "line": step.line_number,
            "text": step.name})

def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome != "passed":
        _write({"event": "test", "nodeid": report.nodeid, "outcome": report.outcome})

def pytest_collectreport(report):
    if report.failed:
        _write({"event": "collect-error", "nodeid": report.nodeid})
"""


def pytest_bdd(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "recorder", "-p", "no:cacheprovider", "-c", "pytest.ini",
         "--rootdir", str(root), "-q", *args],
        cwd=root, env={"PYTHONPATH": str(root), "AMOA_LINT_RECORD": str(root / "record.jsonl")},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pytest-bdd")
    shutil.copytree(TRAPS, root / "lint", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "recorder.py").write_text(RECORDER, encoding="utf-8")
    (root / "pytest.ini").write_text(
        "[pytest]\nfilterwarnings =\n    ignore::pytest.PytestUnknownMarkWarning\n", encoding="utf-8"
    )
    for feature in (root / "lint").glob("*.feature"):
        module = root / "lint" / f"test_{feature.stem}.py"
        module.write_text(
            f'from pytest_bdd import scenarios\n\nscenarios("{feature.name}")\n', encoding="utf-8"
        )
    return root


@pytest.fixture(scope="module")
def record(lab: Path) -> list[dict[str, Any]]:
    pytest_bdd(lab, "lint", "--continue-on-collection-errors")
    lines = (lab / "record.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    project = LintProject(TRAPS, TRAPS, TRAPS / "exigences.yaml", r"EXG-\d{3}", "fr")
    return [f for f in lint([], project, cwd=TRAPS).findings if f.path.endswith(".feature")]


def executed(record: list[dict[str, Any]], file: str) -> dict[int, list[dict[str, Any]]]:
    steps: dict[int, list[dict[str, Any]]] = {}
    for event in record:
        if event["event"] == "step" and event["file"] == file:
            steps.setdefault(event["line"], []).append(event)
    return steps


def outcome(record: list[dict[str, Any]], test: str) -> str:
    (found,) = [e["outcome"] for e in record if e["event"] == "test" and e["nodeid"].endswith(test)]
    return found


def test_the_files_that_fail_to_collect_are_exactly_those_the_lint_says(
    record: list[dict[str, Any]], findings: list[Finding]
) -> None:
    failed = {e["nodeid"].removeprefix("lint/test_") for e in record if e["event"] == "collect-error"}
    announced = {f"{Path(f.path).stem}.py" for f in findings if f.code in BREAKS_COLLECTION}

    assert failed == announced == {
        "bom.py", "sans_langue.py", "etoile_en_premier.py", "erreur_syntaxe.py", "tag_souligne.py",
        "cr_seul.py",
    }  # fmt: skip


def test_a_lone_carriage_return_is_named_where_it_is_and_a_file_of_cr_line_endings_runs(
    record: list[dict[str, Any]], findings: list[Finding]
) -> None:
    (lone,) = [f for f in findings if f.path == "cr_seul.feature" and "carriage return" in f.message_en]
    assert (lone.line, lone.column, lone.code) == (6, 28, "AMOA001")  # where the CR is
    assert not [f for f in findings if f.path == "fins_de_ligne_cr.feature" and f.severity == "error"]
    assert set(executed(record, "fins_de_ligne_cr.feature")) == {6, 7, 8}
    assert outcome(record, "test_un_fichier_en_cr_seul_se_lit_bien") == "passed"


def test_undefined_steps_are_exactly_the_steps_pytest_bdd_cannot_find(
    record: list[dict[str, Any]], findings: list[Finding]
) -> None:
    missing = {(e["file"], e["line"]) for e in record if e["event"] == "undefined"}

    assert missing == {(f.path, f.line) for f in findings if f.code == "AMOA008"}
    looked_up = {(e["file"], e["line"]): e["text"] for e in record if e["event"] == "undefined"}
    assert looked_up[("elision.feature", 11)] == "un contrat existe"  # the keyword took "qu'"
    assert looked_up[("elision.feature", 15)] == "qu’un salarié existe"
    assert looked_up[("cellule_vide.feature", 6)] == "je saisis "


def test_an_ambiguous_step_runs_the_definition_the_lint_names(
    record: list[dict[str, Any]], findings: list[Finding]
) -> None:
    used_at_run_time = set()
    for finding in (f for f in findings if f.code == "AMOA009"):
        used = finding.message_en.split("silently uses ")[1].split(", not ")[0]
        (run, *_) = executed(record, finding.path)[finding.line]
        assert used.endswith(f"conftest.py:{run['definition_line']})"), (finding, run)
        used_at_run_time.add(run["definition"])

    assert used_at_run_time == {
        "le_salarie_connecte",
        "le_contrat_signe",
    }  # le_contrat_signe is defined first


def test_steps_behind_a_misspelled_keyword_or_a_duplicate_name_never_run(
    record: list[dict[str, Any]],
) -> None:
    misspelled = executed(record, "mot_cle_mal_ecrit.feature")
    assert not {5, 6, 7, 10, 11, 12, 20, 25} & set(misspelled)  # "Scénarioo:", English steps, "Etan", "Soi"
    assert 26 in misspelled  # the step after "Soi" runs: the scenario passes one step short
    assert {e["scenario"] for line in (16, 17) for e in misspelled[line]} == {"Espace avant les deux-points"}
    assert outcome(record, "test_étapes_en_anglais_dans_un_fichier_français") == "passed"  # with 0 steps

    duplicates = executed(record, "doublon.feature")
    assert set(duplicates) == {11, 12}  # only the last "Calcul de la paie" ran
    assert len([e for e in record if e["event"] == "test" and "test_doublon" in e["nodeid"]]) == 1


def test_empty_scenarios_pass_and_empty_cells_or_unknown_parameters_are_looked_up_as_is(
    record: list[dict[str, Any]],
) -> None:
    assert outcome(record, "test_pas_encore_écrit") == "passed"
    assert "scenario_vide.feature" not in {
        e["file"] for e in record if e["event"] == "step" and e["line"] > 8
    }

    empty_name = [
        e for e in executed(record, "cellule_vide.feature")[7] if e["text"] == "le salarié  est connecté"
    ]
    assert [e["definition"] for e in empty_name] == ["le_salarie"]  # silently the other definition
    (unknown,) = executed(record, "parametre_inconnu.feature")[6]
    assert unknown["text"] == "le salarié <prenom>"


def test_pytest_markers_from_tags(lab: Path, record: list[dict[str, Any]]) -> None:
    assert outcome(record, "test_tag_de_pytest") == "skipped"
    module = "lint/test_tags_pytest.py"

    assert (
        "1/2 tests collected"
        in pytest_bdd(lab, module, "--collect-only", "-m", "EXG-001 and not skip").stdout
    )
    assert "2 tests collected" in pytest_bdd(lab, module, "--collect-only", "-m", "v1.2").stdout
    for tag in ("lot#3", "not"):
        selection = pytest_bdd(lab, module, "--collect-only", "-m", tag)
        assert selection.returncode == 4 and "Wrong expression passed to '-m'" in selection.stderr
