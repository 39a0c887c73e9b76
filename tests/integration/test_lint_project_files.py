"""``amoa lint`` reads a project as a run does: the requirements through the checkpoint's reader
(XLSX, CSV in Windows-1252), the step definitions through the run's import rule (conftests from
the project root, modules of the project root, test modules binding scenarios)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from amoa_workflow.lint import LintProject, LintReport, lint

PROJECTS = Path(__file__).parents[1] / "data" / "pytest_bdd_projects"
FEATURE = "# language: fr\n@EXG-001\nFonctionnalité: paie\n  Scénario: bulletin\n    Soit un salarié\n"
STEP = "from pytest_bdd import given\n\n\n@given('un salarié')\ndef salarie():\n    pass\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def lint_project(root: Path, requirements: str = "requirements/exigences.yaml") -> LintReport:
    project = LintProject(root, root / "features", root / requirements, r"EXG-\d{3}", "fr")
    return lint([], project, cwd=root)


def codes(report: LintReport) -> list[tuple[str, str, int]]:
    return [(f.code, Path(f.path).name, f.line) for f in report.findings]


def test_excel_requirements_are_read_as_the_checkpoint_reads_them(tmp_path: Path) -> None:
    root = write(tmp_path, {"features/conftest.py": STEP, "features/paie.feature": FEATURE})
    book = Workbook()
    sheet = book.active
    for row in (["Id", "Titre", "Criticité", "Domaine"], ["EXG-001", "Salaire net", "critique", "Paie"],
                ["EXG-002", "Congés payés", "majeure", "Temps"]):  # fmt: skip
        sheet.append(row)
    (root / "requirements").mkdir()
    book.save(root / "requirements" / "exigences.xlsx")

    report = lint_project(root, "requirements/exigences.xlsx")

    assert codes(report) == [("AMOA018", "exigences.xlsx", 3)]  # EXG-002, row 3, has no scenario


def test_a_windows_1252_csv_export_is_read_as_the_checkpoint_reads_it(tmp_path: Path) -> None:
    root = write(tmp_path, {"features/conftest.py": STEP, "features/paie.feature": FEATURE})
    (root / "requirements").mkdir()
    csv = (
        "Id;Titre;Criticité;Domaine\nEXG-001;Salaire net;critique;Paie\nEXG-002;Congés payés;majeure;Temps\n"
    )
    (root / "requirements" / "exigences.csv").write_bytes(csv.encode("cp1252"))

    report = lint_project(root, "requirements/exigences.csv")

    assert codes(report) == [("AMOA018", "exigences.csv", 3)]


def test_a_conftest_importing_a_module_of_the_project_root_offers_its_steps(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"steps/__init__.py": "", "steps/paie_steps.py": STEP, "features/paie.feature": FEATURE,
         "features/conftest.py": "from steps.paie_steps import *  # noqa: F403\n"},
    )  # fmt: skip

    report = lint_project(root)

    assert not [f for f in report.findings if f.code in ("AMOA008", "AMOA019")]
    assert not [n for n in report.notes if "step" in n.message_en]


def test_the_conftest_at_the_project_root_offers_its_steps(tmp_path: Path) -> None:
    root = write(tmp_path, {"conftest.py": STEP, "features/paie.feature": FEATURE})

    report = lint_project(root)

    assert not [f for f in report.findings if f.code == "AMOA008"]
    assert not [n for n in report.notes if "step" in n.message_en]


def test_steps_of_test_modules_binding_scenarios_are_known(tmp_path: Path) -> None:
    root = tmp_path / "vending"
    shutil.copytree(PROJECTS / "vending-machine", root)
    project = LintProject(root, root / "vending" / "features", root / "none.yaml", r"EXG-\d{3}", "en")

    report = lint([], project, cwd=root)

    assert report.files == 3
    assert not [f for f in report.findings if f.code in ("AMOA008", "AMOA019")]
    assert not [n for n in report.notes if "step" in n.message_en]  # the step checks did run


BINDS = "from pytest_bdd import given, parsers, scenarios\n\nscenarios('../features/{feature}')\n\n\n"


def test_a_test_modules_steps_are_offered_to_the_features_it_binds_only(tmp_path: Path) -> None:
    other = FEATURE.replace("paie", "congés")
    root = write(
        tmp_path,
        {"features/paie.feature": FEATURE, "features/conges.feature": other, "features/libre.feature": other,
         "tests/test_paie.py": BINDS.format(feature="paie.feature") + STEP.split("\n\n\n")[1],
         "tests/test_conges.py": BINDS.format(feature="conges.feature")
         + "@given(parsers.parse('un {qui}'))\ndef quelqu_un(qui):\n    pass\n"},
    )  # fmt: skip

    report = lint_project(root)

    # As a run: each module's scenarios see its steps alone; a feature no module binds sees neither.
    assert [(c, n, line) for c, n, line in codes(report) if c != "AMOA018"] == [
        ("AMOA008", "libre.feature", 5)
    ]


def test_a_conftest_above_a_binding_module_offers_its_steps_to_the_features_it_binds(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"features/paie.feature": FEATURE, "tests/conftest.py": STEP,
         "tests/bdd/test_paie.py": BINDS.replace("../", "../../").format(feature="paie.feature")},
    )  # fmt: skip

    report = lint_project(root)

    assert [c for c in codes(report) if c[0] != "AMOA018"] == []
    assert not [n for n in report.notes if "step" in n.message_en]


def test_a_binding_module_that_breaks_is_named_at_its_line(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"features/paie.feature": FEATURE,
         "tests/test_paie.py": BINDS.format(feature="paie.feature") + "rates = []\nfirst = rates[0]\n"},
    )  # fmt: skip

    report = lint_project(root)

    [broken] = [f for f in report.findings if f.code == "AMOA019"]
    assert (broken.path, broken.line) == ("tests/test_paie.py", 7)
    assert "IndexError" in broken.message_en


def test_a_binding_module_skipped_at_import_offers_nothing_as_in_a_run(tmp_path: Path) -> None:
    skipped = "import pytest\n\npytest.importorskip('no_such_module')\n"
    root = write(
        tmp_path,
        {"features/paie.feature": FEATURE, "features/conftest.py": STEP.replace("salarié", "employeur"),
         "tests/test_paie.py": skipped + BINDS.format(feature="paie.feature") + STEP.split("\n\n\n")[1]},
    )  # fmt: skip

    try:
        report = lint_project(root)
    except pytest.skip.Exception as escaped:  # it would skip this test: a failure nobody sees
        pytest.fail(f"the module's skip escaped amoa lint: {escaped}")

    # A run skips the module: it collects the feature itself, with no definition of its step.
    assert [c for c in codes(report) if c[0] != "AMOA018"] == [("AMOA008", "paie.feature", 5)]


@pytest.mark.parametrize("stop", ["pytest.fail('no settings')", "raise SystemExit(3)"])
def test_a_binding_module_stopping_with_pytest_fail_or_exit_is_named_at_its_line(
    stop: str, tmp_path: Path
) -> None:
    root = write(
        tmp_path,
        {"features/paie.feature": FEATURE,
         "tests/test_paie.py": "import pytest\n" + BINDS.format(feature="paie.feature") + stop + "\n"},
    )  # fmt: skip

    report = lint_project(root)

    assert [(f.code, f.path, f.line) for f in report.findings if f.code == "AMOA019"] == [
        ("AMOA019", "tests/test_paie.py", 7)
    ]
