"""Reading features and checking their shape: each finding at the line pytest-bdd trips on."""

from __future__ import annotations

from pathlib import Path

from amoa_workflow.lint.document import read_feature
from amoa_workflow.lint.fixes import fix_feature
from tests.unit.lint_lab import Lab

CALCUL = """
    # language: fr
    Fonctionnalité: Paie
      Scénario: Calcul
        Étant donné un salarié existe
        Quand il calcule la paie
        Alors la paie est juste
    """


def test_a_clean_feature_has_no_finding(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature(CALCUL)

    assert lab.found() == []


def test_a_bom_is_reported_and_the_rest_is_still_checked(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    path = lab.feature(CALCUL.replace("Calcul\n", "Calcul\n      Scénarioo: Perdu\n"))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    assert lab.found() == [(1, "AMOA002"), (4, "AMOA006")]


def test_a_french_file_without_language_line_is_read_as_french_after_saying_so(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature(
        CALCUL.replace("# language: fr\n", "").replace("Scénario: Calcul", "Scénario: A\n  Scénario: A")
    )

    assert lab.found() == [(1, "AMOA003"), (2, "AMOA005"), (2, "AMOA007")]


def test_an_english_file_needs_no_language_line(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        Feature: Payroll
          Scenario: Pay
            Given an employee
        """)

    assert lab.found() == []


def test_an_english_file_that_does_not_parse_is_not_said_to_lack_a_language_line(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        Feature: broken
          Scenario: fine
            Given a thing
          Scenarioo: misspelled
            Given a thing
        """)

    (error,) = lab.findings()

    assert (error.line, error.code) == (4, "AMOA001")
    assert "(looks like the keyword 'Scenario:', misspelled)" in error.message_en


def test_parse_errors_name_the_unexpected_line_and_what_could_come(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature(CALCUL.rstrip() + "\n      Scénario : Suivant\n")

    (error,) = lab.findings()

    assert (error.line, error.column, error.code) == (7, 3, "AMOA001")
    assert "« Scénario : Suivant » (ressemble au mot-clé « Scénario: »" in error.message_fr
    assert "une étape" in error.message_fr and "'Scenario:'" not in error.message_en


def test_unknown_language_empty_file_and_non_utf8_are_parse_errors(tmp_path: Path) -> None:
    unknown = tmp_path / "a.feature"
    unknown.write_text("# language: xx\nFeature: a\n", encoding="utf-8")
    empty = tmp_path / "b.feature"
    empty.write_text("", encoding="utf-8")
    latin = tmp_path / "c.feature"
    latin.write_bytes("# language: fr\nFonctionnalité: Paie\n".encode("latin-1"))

    assert [(f.line, f.code) for f in read_feature(unknown, "a").findings] == [(1, "AMOA001")]
    assert [(f.line, f.code) for f in read_feature(empty, "b").findings] == [(1, "AMOA001")]
    (not_utf8,) = read_feature(latin, "c").findings
    assert (not_utf8.line, not_utf8.code) == (2, "AMOA001")
    assert "0xE9" in not_utf8.message_en


def test_star_and_conjunction_as_first_step(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          Contexte:
            Et un salarié existe

          Scénario: Étoile
            * un salarié existe
            Alors la paie est juste

          Scénario: Étoile ensuite
            Étant donné un salarié existe
            * la paie est juste
        """)

    assert lab.found() == [(4, "AMOA004"), (7, "AMOA004")]


def test_scenarios_without_steps(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          Scénario: Vide

          Règle: Avec contexte
            Contexte:
              Étant donné un salarié existe

            Scénario: Contexte seul
        """)

    findings = lab.findings()

    assert [(f.line, f.code) for f in findings] == [(3, "AMOA005"), (9, "AMOA005")]
    assert "n'exécute que le Contexte" in findings[1].message_fr


def test_misspelled_keywords_in_each_kind_of_description(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          En tant que gestionnaire de paie
          Scénarioo: Perdu
            Étant donné un salarié existe

          Scénario: Étape mal écrite
            Etan donné un salarié existe
            Alors la paie est juste

          Scénario: Hôte
          Scenario: Invité
            Quand il calcule la paie

          Scénario: Anglais
            Given un salarié existe
        """)

    findings = lab.findings()

    assert [(f.line, f.code) for f in findings] == [
        (4, "AMOA006"),
        (8, "AMOA006"),
        (12, "AMOA006"),
        (15, "AMOA005"),
        (16, "AMOA006"),
    ]
    assert "jamais exécutées" in findings[0].message_fr
    assert "run as part of the scenario of line 11" in findings[2].message_en
    assert "another language" in findings[4].message_en


def test_steps_left_in_a_feature_description_are_reported_once(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          Étant donné un salarié existe
          Alors la paie est juste

          Scénario: Calcul
            Alors la paie est juste
        """)

    assert lab.found() == [(3, "AMOA006")]


def test_prose_descriptions_are_not_findings(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          En tant que gestionnaire de paie
          Je veux un calcul juste
          Afin de payer les salariés

          Règle retenue pour la recette : cotisations au taux unique de 22 %.
          Remarque : arrondi au centime.

          Scénario: Calcul
            Un scénario peut avoir une description.
            Alors la paie est juste
        """)

    assert lab.found() == []


def test_only_the_last_of_scenarios_with_the_same_name_runs(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          Scénario: Même nom
            Alors la paie est juste

          Règle: Une règle
            Scénario: Même nom
              Alors la paie est juste

            Scénario: Même nom
              Alors la paie est juste
        """)

    findings = lab.findings()

    assert [(f.line, f.code) for f in findings] == [(3, "AMOA007"), (7, "AMOA007")]
    assert "(line 10)" in findings[0].message_en


def test_outline_parameters_and_empty_cells(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          Plan du scénario: Saisie
            Étant donné je saisis <valeur> pour <prenom>
            Alors la paie est juste

            Exemples:
              | valeur | nom  | autre |
              | abc    | Paul |       |
              |        | Paul | x     |
        """)

    findings = lab.findings()

    assert [(f.line, f.column, f.code) for f in findings] == [(4, 41, "AMOA012"), (10, 8, "AMOA011")]
    assert "« je saisis␣␣pour <prenom> »" in findings[1].message_fr  # the unused "autre" column is fine


def test_an_outline_without_examples_keeps_its_parameters(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          Plan du scénario: Sans exemples
            Étant donné je saisis <valeur>
        """)

    assert lab.found() == [(4, "AMOA012")]


def test_fix_removes_the_bom_and_adds_the_language_line_keeping_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "a.feature"
    path.write_bytes(b"\xef\xbb\xbfFonctionnalit\xc3\xa9: Paie\r\n  Sc\xc3\xa9nario: A\r\n")

    fix = fix_feature(path, "fr")

    assert fix is not None and fix.bom_removed and fix.language_added == "fr"
    assert path.read_bytes() == "# language: fr\r\nFonctionnalité: Paie\r\n  Scénario: A\r\n".encode()
    assert fix_feature(path, "fr") is None
    assert read_feature(path, "a").findings == ()
