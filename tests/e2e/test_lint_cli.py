"""``amoa lint`` as a user runs it: findings as file:line:col, JSON, --fix, languages, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import Amoa
from tests.e2e.test_cli_errors import assert_one_clear_line

TRAPS = Path(__file__).resolve().parents[1] / "data" / "lint"
REALWORLD = Path(__file__).resolve().parents[1] / "data" / "realworld"


def test_the_sample_lints_with_exit_code_0_and_its_one_real_warning(amoa: Amoa) -> None:
    completed = amoa("lint")

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.splitlines() == [
        "requirements/exigences.yaml:103:1: AMOA018 l'exigence EXG-013 n'est vérifiée par aucun scénario"
    ]
    assert "0 erreur(s), 1 avertissement(s)" in completed.stderr


def test_errors_give_exit_code_1_with_one_line_per_finding(amoa: Amoa, sample_project: Path) -> None:
    shutil.copy(TRAPS / "elision.feature", sample_project / "features" / "elision.feature")
    shutil.copy(TRAPS / "doublon.feature", sample_project / "features" / "doublon.feature")

    completed = amoa("lint", "features/elision.feature", "features/doublon.feature")

    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert lines[0].startswith(
        "features/doublon.feature:5:3: AMOA007 un autre scénario s'appelle « Calcul de la paie »"
    )
    assert any(line.startswith("features/elision.feature:11:5: AMOA008 étape non définie") for line in lines)
    assert "Traceback" not in completed.stderr


def test_json_output_in_english_with_warnings_only(amoa: Amoa, sample_project: Path) -> None:
    (sample_project / "features" / "avertissements.feature").write_text(
        "# language: fr\nFonctionnalité: Avertissements\n  @skip\n  Scénario: Sans exigence\n"
        "    Étant donné un gestionnaire de paie connecté\n",
        encoding="utf-8",
    )

    completed = amoa("lint", "--format", "json", "--lang", "en")

    assert completed.returncode == 0, completed.stdout  # warnings are not errors
    document = json.loads(completed.stdout)
    assert (document["errors"], document["warnings"], document["notes"], document["fixed"]) == (0, 3, [], [])
    assert document["files"] == len(list((sample_project / "features").glob("*.feature")))
    assert document["findings"][0] == {
        "path": "features/avertissements.feature",
        "line": 3,
        "column": 3,
        "code": "AMOA015",
        "name": "tag-pytest-marker",
        "severity": "warning",
        "message": "tag @skip: a pytest marker, the scenario is skipped (never run)",
    }
    assert [f["code"] for f in document["findings"]] == ["AMOA015", "AMOA017", "AMOA018"]


def test_fix_removes_the_bom_and_adds_the_missing_language_line(amoa: Amoa, sample_project: Path) -> None:
    traps = sample_project / "features" / "pieges"  # with the trap files' own step definitions
    traps.mkdir()
    for name in ("bom.feature", "sans_langue.feature", "conftest.py"):
        shutil.copy(TRAPS / name, traps / name)
    before = amoa("--lang", "en", "lint", "features/pieges")
    assert before.returncode == 1
    assert before.stdout.splitlines() == [
        "features/pieges/bom.feature:1:1: AMOA002 the file starts with a UTF-8 byte order mark (BOM): "
        "pytest-bdd no longer sees the '# language:' line and refuses the file (--fix removes it)",
        "features/pieges/sans_langue.feature:1:1: AMOA003 no '# language: fr' line: pytest-bdd reads the "
        "file as English and refuses it (--fix adds it)",
    ]

    fixed = amoa("lint", "--fix", "features/pieges")

    assert "corrigé : " in fixed.stderr and "BOM retiré" in fixed.stderr
    assert "ligne « # language: fr » ajoutée" in fixed.stderr
    assert not (traps / "bom.feature").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (
        (traps / "sans_langue.feature").read_text(encoding="utf-8").startswith("# language: fr\n@EXG-001\n")
    )
    assert (fixed.stdout, fixed.returncode) == ("", 0)
    assert amoa("lint", "features/pieges").returncode == 0

    bom = traps / "bom.feature"
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())
    as_json = json.loads(amoa("lint", "--fix", "--format", "json", "features/pieges").stdout)
    assert as_json["fixed"] == [
        {"path": "features/pieges/bom.feature", "bom_removed": True, "language_added": None}
    ]


def test_real_world_features_are_linted_from_anywhere_without_a_crash(amoa: Amoa) -> None:
    completed = amoa("lint", "--lang", "en", str(REALWORLD / "features_fr"), str(REALWORLD / "features_en"))

    assert completed.returncode == 1  # two French scenarios have no step: they would pass empty
    assert completed.stdout.count("AMOA005") == 2
    assert "no step definitions (conftest.py) under" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_path_that_does_not_exist_is_one_clear_line(amoa: Amoa) -> None:
    completed = amoa("lint", "features/absent.feature")

    assert_one_clear_line(completed, 2, "absent.feature", "introuvable")


def test_lint_imports_neither_prefect_nor_the_database_layer(sample_project: Path) -> None:
    probe = (
        "import sys\nsys.argv = ['amoa', 'lint']\nfrom amoa_workflow import cli\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "layers = {'prefect', 'sqlalchemy', 'alembic'}\n"
        "print('loaded:', sorted({m.split('.')[0] for m in sys.modules} & layers))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], cwd=sample_project, capture_output=True, text=True, check=True
    )

    assert completed.stdout.strip().endswith("loaded: []")
