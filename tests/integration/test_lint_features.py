"""The lint on real files: one trap file per pytest-bdd trap, the public real-world features, the sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from amoa_workflow.lint import LintProject, LintReport, Severity, lint
from amoa_workflow.settings.project import load_settings

REPO = Path(__file__).resolve().parents[2]
TRAPS = REPO / "tests" / "data" / "lint"
REALWORLD = REPO / "tests" / "data" / "realworld"

# Each trap file of tests/data/lint and the findings it must give, at the line of the trap.
EXPECTED = [
    ("ambigu.feature", 6, "AMOA009"),  # two definitions match, one is used silently
    ("ambigu.feature", 10, "AMOA009"),
    ("bom.feature", 1, "AMOA002"),
    ("cellule_vide.feature", 6, "AMOA008"),  # "je saisis " (trailing space) has no definition
    ("cellule_vide.feature", 7, "AMOA009"),
    ("cellule_vide.feature", 13, "AMOA011"),
    ("cellule_vide.feature", 14, "AMOA011"),
    ("cr_seul.feature", 6, "AMOA001"),  # a CR alone inside a step: pytest-bdd breaks the line there
    ("cr_seul.feature", 7, "AMOA001"),  # ... and refuses what follows, as the run does
    ("doublon.feature", 5, "AMOA007"),
    ("elision.feature", 11, "AMOA008"),  # "Étant donné qu'" takes "qu'" from "qu'un contrat existe"
    ("elision.feature", 11, "AMOA010"),
    ("elision.feature", 15, "AMOA008"),  # "qu’un" (typographic apostrophe) is not the keyword
    ("elision.feature", 15, "AMOA010"),
    ("erreur_syntaxe.feature", 8, "AMOA001"),
    ("etape_non_definie.feature", 7, "AMOA008"),
    ("etape_non_definie.feature", 12, "AMOA008"),  # "Et" after "Étant donné" is a given step
    ("etoile_en_premier.feature", 6, "AMOA004"),
    ("exigences.feature", 4, "AMOA016"),
    ("exigences.feature", 8, "AMOA016"),
    ("exigences.feature", 9, "AMOA017"),
    ("exigences.feature", 12, "AMOA017"),
    ("exigences.yaml", 11, "AMOA018"),  # EXG-003 has no scenario
    ("mot_cle_mal_ecrit.feature", 4, "AMOA006"),  # "Scénarioo:"
    ("mot_cle_mal_ecrit.feature", 9, "AMOA005"),  # its steps are English: description, 0 steps
    ("mot_cle_mal_ecrit.feature", 10, "AMOA006"),
    ("mot_cle_mal_ecrit.feature", 15, "AMOA006"),  # "Scénario :" (space before the colon)
    ("mot_cle_mal_ecrit.feature", 20, "AMOA006"),  # "Etan donné"
    ("mot_cle_mal_ecrit.feature", 25, "AMOA006"),  # "Soi" for "Soit": four letters are checked too
    ("parametre_inconnu.feature", 6, "AMOA012"),
    ("sans_langue.feature", 1, "AMOA003"),
    ("scenario_vide.feature", 10, "AMOA005"),
    ("tag_souligne.feature", 5, "AMOA013"),
    ("tags_pytest.feature", 5, "AMOA014"),  # @not
    ("tags_pytest.feature", 5, "AMOA014"),  # @lot#3
    ("tags_pytest.feature", 9, "AMOA015"),  # @skip
]
# Trap files pytest-bdd reads right, on which the lint must say nothing.
CLEAN = {"fins_de_ligne_cr.feature"}  # every line ends with CR alone (an old Mac file)


def lint_traps() -> LintReport:
    project = LintProject(TRAPS, TRAPS, TRAPS / "exigences.yaml", r"EXG-\d{3}", "fr")
    return lint([], project, cwd=TRAPS)


def test_every_trap_is_reported_at_its_line_and_nothing_else() -> None:
    report = lint_traps()

    assert [(f.path, f.line, f.code) for f in report.findings] == EXPECTED
    assert report.notes == [] and report.exit_code == 1


def test_every_trap_file_is_covered_by_the_expectations() -> None:
    expected = {name for name, _, _ in EXPECTED}
    assert {p.name for p in TRAPS.glob("*.feature")} <= expected | CLEAN
    assert not expected & CLEAN


def test_messages_exist_in_both_languages_and_name_the_file_line_and_column() -> None:
    for finding in lint_traps().findings:
        assert finding.message_fr and finding.message_en and finding.message_fr != finding.message_en
        assert finding.render("en").startswith(
            f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
        )


@pytest.mark.parametrize("folder", ["features_fr", "features_en"])
def test_real_world_features_are_linted_without_a_crash(folder: str) -> None:
    target = REALWORLD / folder
    project = LintProject(target, target, target / "no-requirements.yaml", r"EXG-\d{3}", "fr")

    report = lint([], project, cwd=REPO)

    assert report.files == len(list(target.glob("*.feature"))) > 0
    assert not [f for f in report.findings if f.code in ("AMOA001", "AMOA003")]  # they all parse
    empty = {(Path(f.path).name, f.line) for f in report.findings if f.code == "AMOA005"}
    if folder == "features_fr":  # two scenarios are only a title, kept for later: they pass with 0 steps
        assert empty == {
            ("MTES-MCT__potentiel__inviterPorteur.feature", 39),
            ("MTES-MCT__potentiel__notifierCandidature.feature", 106),
        }
    else:
        assert report.findings == []
    assert [n.message_en for n in report.notes] == [
        f"no requirements repository (tests/data/realworld/{folder}/no-requirements.yaml): "
        "requirement checks skipped",
        f"no step definitions (conftest.py) under tests/data/realworld/{folder}: steps not checked",
    ]


def test_the_bundled_sample_lints_clean_but_for_its_requirement_without_scenario(
    sample_project: Path,
) -> None:
    report = lint([], LintProject.from_settings(load_settings(sample_project, {})), cwd=sample_project)

    assert [(f.path, f.code, f.severity) for f in report.findings] == [
        ("requirements/exigences.yaml", "AMOA018", Severity.WARNING)
    ]
    assert "EXG-013" in report.findings[0].message_en
    assert report.exit_code == 0 and report.notes == []
