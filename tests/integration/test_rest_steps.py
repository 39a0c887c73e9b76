"""An analyst tests the sample API with the built-in steps only, in French and in English."""

from __future__ import annotations

import pytest

from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.scenarios.runner import PytestBddRunner

FRENCH = '''# language: fr
Fonctionnalité: Dossier salarié par l'API
  Contexte:
    Étant donné l'API de recette
    Et j'envoie une requête POST sur "/auth/connexion" avec le corps :
      """
      {"identifiant": "gestionnaire.paie", "mot_de_passe": "Recette#2025"}
      """
    Et je retiens le champ "jeton" sous le nom "jeton"
    Et je m'authentifie avec le jeton "${jeton}"

  @EXG-002
  Scénario: Création puis lecture d'un dossier
    Quand j'envoie une requête POST sur "/salaries" avec les champs :
      | champ                 | valeur     |
      | matricule             | S901       |
      | nom                   | Martin     |
      | prenom                | Léa        |
      | date_entree           | 2025-03-03 |
      | salaire_brut_mensuel  | 2500       |
    Alors le code de réponse est 201
    Quand j'envoie une requête GET sur "/salaries/S901"
    Alors le champ "nom" vaut "Martin"
    Et le champ "salaire_brut_mensuel" vaut "2 500,00"

  @EXG-002
  Scénario: Un nom attendu à tort
    Quand j'envoie une requête GET sur "/salaries/S001"
    Alors le champ "nom" vaut "Martin"
'''

ENGLISH = '''Feature: Employee file through the API
  Scenario: Unknown field
    Given the acceptance API
    When I send a POST request to "/auth/connexion" with the body:
      """
      {"identifiant": "S001", "mot_de_passe": "Portail#S001"}
      """
    Then the response status is 200
    And I save the field "jeton" as "token"
    And I authenticate with the token "${token}"
    When I send a GET request to "/salaries/S001"
    Then the field "employee.name" is "Durand"
'''


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ScenarioResult]:
    import shutil

    from tests.conftest import REPO

    project = tmp_path_factory.mktemp("projet")
    shutil.copytree(
        REPO / "features", project / "features", ignore=shutil.ignore_patterns("*.feature", "__pycache__")
    )
    (project / "features" / "dossier.feature").write_text(FRENCH, encoding="utf-8")
    (project / "features" / "english.feature").write_text(ENGLISH, encoding="utf-8")
    runner = PytestBddRunner(project, project / "features", project / "runs", r"EXG-\d{3}", timeout=120)
    return {r.scenario: r for r in runner.run("1.1.0", "api").results}


def failing_step_error(result: ScenarioResult) -> str:
    [failed] = [s for s in result.steps if s.status is Status.FAILED]
    return failed.error or ""


def test_a_french_scenario_with_only_built_in_steps_passes(results: dict[str, ScenarioResult]) -> None:
    assert results["Création puis lecture d'un dossier"].status is Status.PASSED


def test_a_failing_check_reads_in_french(results: dict[str, ScenarioResult]) -> None:
    result = results["Un nom attendu à tort"]

    assert result.status is Status.FAILED
    assert 'le champ « nom » vaut "Durand" ; attendu : vaut « Martin »' in failing_step_error(result)


def test_a_wrong_path_reads_in_english_with_what_is_there(results: dict[str, ScenarioResult]) -> None:
    result = results["Unknown field"]

    assert result.status is Status.FAILED
    assert "field 'employee.name' does not exist (stopped at $.employee; present: matricule, nom" in (
        failing_step_error(result)
    )


def test_the_sample_itself_uses_the_built_in_steps() -> None:
    from tests.conftest import REPO

    text = (REPO / "features" / "portail_api_sans_code.feature").read_text(encoding="utf-8")

    assert "j'envoie une requête GET" in text
    assert "from amoa_workflow.steps.rest import *" in (REPO / "features" / "conftest.py").read_text(
        encoding="utf-8"
    )


def test_a_steps_data_table_and_doc_string_are_recorded_with_it(results: dict[str, ScenarioResult]) -> None:
    steps = results["Création puis lecture d'un dossier"].steps

    [login] = [s for s in steps if s.text.startswith('j\'envoie une requête POST sur "/auth/connexion"')]
    [creation] = [s for s in steps if s.text.startswith('j\'envoie une requête POST sur "/salaries"')]
    assert login.doc_string == '{"identifiant": "gestionnaire.paie", "mot_de_passe": "Recette#2025"}'
    assert creation.table[:2] == (("champ", "valeur"), ("matricule", "S901"))
