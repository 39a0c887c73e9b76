"""Undefined and ambiguous steps, looked up as pytest-bdd 9.0 looks them up at run time."""

from __future__ import annotations

import random
from pathlib import Path

from amoa_workflow.scenarios.step_registry import load_registry
from tests.unit.lint_lab import Lab

STEPS = """
    @given("un salarié existe")
    def un_salarie_existe():
        pass

    @given("qu'un contrat existe")
    def qu_un_contrat():
        pass

    @when("il calcule la paie")
    def calcule():
        pass

    @then("la paie est juste")
    def juste():
        pass

    @given(parsers.parse("le salarié {nom}"))
    def salarie(nom):
        pass

    @given(parsers.parse("le salarié {nom} est connecté"))
    def connecte(nom):
        pass

    @step(parsers.re(r"je saisis (?P<valeur>\\w+)"))
    def saisis(valeur):
        pass
    """


def lab_with_steps(tmp_path: Path, feature: str) -> Lab:
    lab = Lab(tmp_path)
    lab.steps(STEPS)
    lab.feature(feature)
    return lab


def test_defined_steps_of_every_kind_are_quiet(tmp_path: Path) -> None:
    lab = lab_with_steps(
        tmp_path,
        """
        # language: fr
        Fonctionnalité: Paie
          Contexte:
            Étant donné un salarié existe

          Scénario: Calcul
            Étant donné qu'un salarié existe
            Et je saisis abc
            Lorsqu'il calcule la paie
            * je saisis abc
            Alors la paie est juste
            Mais je saisis xyz
        """,
    )

    assert lab.found() == []


def test_undefined_steps_use_the_type_pytest_bdd_gives_them(tmp_path: Path) -> None:
    lab = lab_with_steps(
        tmp_path,
        """
        # language: fr
        Fonctionnalité: Paie
          Scénario: Calcul
            Étant donné un salarié existe
            Et il calcule la paie
            Quand il recalcule la paie
            * la paie est juste
        """,
    )

    findings = lab.findings()

    assert [(f.line, f.code) for f in findings] == [(5, "AMOA008"), (6, "AMOA008"), (7, "AMOA008")]
    assert (
        findings[0].message_en
        == "undefined step: Et “il calcule la paie” (given); no step definition matches; "
        "the known steps: amoa steps"
    )
    assert "(when)" in findings[2].message_en


def test_outline_steps_are_looked_up_once_per_row_and_reported_once(tmp_path: Path) -> None:
    lab = lab_with_steps(
        tmp_path,
        """
        # language: fr
        Fonctionnalité: Paie
          Plan du scénario: Saisie
            Étant donné je saisis <valeur>
            Quand il <verbe> la paie

            Exemples:
              | valeur | verbe    |
              | abc    | calcule  |
              | a-b    | calcule  |
              | a-c    | efface   |
        """,
    )

    findings = lab.findings()

    assert [(f.line, f.code) for f in findings] == [(4, "AMOA008"), (5, "AMOA008")]
    assert "“je saisis a-b” (given) with the Examples row on line 10 (2 of 3 rows)" in findings[0].message_en
    assert "line 11 (1 of 3 rows)" in findings[1].message_en


def test_the_apostrophe_keyword_takes_the_elided_word(tmp_path: Path) -> None:
    lab = lab_with_steps(
        tmp_path,
        """
        # language: fr
        Fonctionnalité: Paie
          Scénario: Élisions
            Étant donné qu'un contrat existe
            Et qu’un salarié existe
            Étant donné qu'une chose inconnue
        """,
    )

    findings = lab.findings()

    assert [(f.line, f.code) for f in findings] == [
        (4, "AMOA008"),
        (4, "AMOA010"),
        (5, "AMOA008"),
        (5, "AMOA010"),
        (6, "AMOA008"),  # nothing would match either way: no trap to explain
    ]
    assert "pytest-bdd cherche « un contrat existe », pas « qu'un contrat existe »" in findings[1].message_fr
    assert "it would look for “un salarié existe”, which is defined" in findings[3].message_en


def test_ambiguous_steps_name_the_definition_pytest_bdd_uses(tmp_path: Path) -> None:
    lab = lab_with_steps(
        tmp_path,
        """
        # language: fr
        Fonctionnalité: Paie
          Scénario: Connexion
            Étant donné le salarié Paul est connecté
            Et le salarié Paul
        """,
    )

    (finding,) = lab.findings()

    assert (finding.line, finding.code) == (4, "AMOA009")
    assert finding.message_en.startswith(
        "ambiguous step: Étant donné “le salarié Paul est connecté” matches 2"
    )
    used, other = finding.message_en.split("silently uses ")[1].split(", not ")
    assert used.startswith("“le salarié {nom} est connecté” (features/conftest.py:")
    assert other.startswith("“le salarié {nom}” (features/conftest.py:")


def test_a_feature_sees_the_steps_of_its_folder_and_above_and_deeper_ones_override(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.steps('@given("un salarié existe")\ndef parent():\n    pass\n')
    lab.steps(
        '@given("un salarié existe")\ndef enfant():\n    pass\n\n'
        '@given("un contrat existe")\ndef contrat():\n    pass\n',
        folder="paie",
    )
    feature = """
        # language: fr
        Fonctionnalité: Paie
          Scénario: S
            Étant donné un salarié existe
            Et un contrat existe
        """
    lab.feature(feature, "essai.feature")
    lab.feature(feature, "paie/essai.feature")

    findings = lab.findings()

    assert [(f.path, f.line, f.code) for f in findings] == [("features/essai.feature", 5, "AMOA008")]


def test_no_step_definitions_skips_the_step_checks_with_a_note(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("Feature: a\n  Scenario: b\n    Given nothing is defined\n")

    report = lab.lint()

    assert report.findings == []
    assert [n.message_en for n in report.notes] == [
        "no requirements repository (exigences.yaml): requirement checks skipped",
        "no step definitions (conftest.py) under features: steps not checked",
    ]


def test_step_definitions_that_fail_to_load_are_a_finding_not_a_crash(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.steps("import module_that_does_not_exist\n")
    lab.feature("Feature: a\n  Scenario: b\n    Given x\n")

    report = lab.lint()

    (finding,) = report.findings
    assert (finding.path, finding.line, finding.code) == ("features/conftest.py", 3, "AMOA019")
    assert "ModuleNotFoundError" in finding.message_en and report.exit_code == 1
    assert "step definitions unreadable: steps not checked" in [n.message_en for n in report.notes]


def test_the_prefix_index_answers_like_a_linear_scan(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.steps(
        STEPS
        + """
    @then(parsers.parse("{rubrique} de {montant:d} €"))
    def rubrique(rubrique, montant):
        pass

    @then(parsers.re(r"(?i)LE TOTAL (?P<n>\\d+)"))
    def total(n):
        pass

    @when(parsers.cfparse("Élément {n:d}"))
    def element(n):
        pass
    """
    )
    registry = load_registry(lab.features)
    words = [
        "le",
        "salarié",
        "Paul",
        "est",
        "connecté",
        "total",
        "Le",
        "TOTAL",
        "12",
        "élément",
        "Élément",
        "3",
    ]
    words += ["de", "€", "je", "saisis", "abc", "qu'un", "contrat", "existe", "", "ÉLÉMENT"]
    chooser = random.Random(4)
    texts = [" ".join(chooser.choices(words, k=chooser.randint(1, 5))) for _ in range(3000)]
    texts += [
        "le salarié Paul est connecté",
        "le total 12",
        "LE TOTAL 3",
        "élément 3",
        "Élément 3",
        "x de 3 €",
    ]

    for text in texts:
        for step_type in ("given", "when", "then"):
            linear = [d for d in registry.definitions if d.accepts(step_type, text)]
            assert registry.matching(step_type, text) == linear, text


def test_an_undefined_step_names_the_nearest_step_of_the_project_or_the_built_in_library(
    tmp_path: Path,
) -> None:
    lab = Lab(tmp_path)
    lab.steps("""
        @given("un salarié existe")
        def salarie():
            pass
        """)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          Scénario: Fautes
            Étant donné un salarie existe deja
            Quand je envoie une requete GET sur "/salaries/S001"
            Alors le code de retour est 200
        """)

    messages = [f.message_en for f in lab.findings() if f.code == "AMOA008"]

    assert messages[0].endswith("nearest: “un salarié existe” (amoa steps lists them all)")
    assert (
        "nearest: “j'envoie une requête <method: GET | POST | PUT | PATCH | DELETE | HEAD | OPTIONS> sur"
        in messages[1]
    )
    assert messages[2].endswith("nearest: “le code de réponse est <status>” (amoa steps lists them all)")
