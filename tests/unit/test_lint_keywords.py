"""Lines that look like a Gherkin keyword without being one, and the ones that are plain prose."""

from __future__ import annotations

import pytest

from amoa_workflow.lint.keywords import (
    dialects_with_feature_keyword,
    distance,
    normalized,
    resembling_step,
    resembling_title,
)


def test_normalized_ignores_case_accents_apostrophes_and_spacing() -> None:
    assert normalized("  Étant   DONNÉ qu’un ") == "etant donne qu'un"


@pytest.mark.parametrize(
    ("a", "b", "expected"), [("scenario", "scenarioo", 1), ("abc", "abc", 0), ("a", "xyz", 3)]
)
def test_distance_is_levenshtein_and_stops_past_the_limit(a: str, b: str, expected: int) -> None:
    assert distance(a, b, 5) == expected
    assert distance("court", "beaucoup plus long", 2) == 3


@pytest.mark.parametrize(
    ("line", "keyword"),
    [
        ("Scénarioo: Calcul", "Scénario:"),
        ("Scenario: Calcul", "Scénario:"),  # without the accent, French file
        ("Scénario : Calcul", "Scénario:"),  # French typography: a space before the colon
        ("Plan du scenario: Calcul", "Plan du scénario:"),
        ("Contexte :", "Contexte:"),
        ("Exemple: un cas", "Exemple:"),
        ("Scenario Outline: x", "Scenario Outline:"),  # English keyword in a French file
    ],
)
def test_title_lines_that_resemble_a_keyword(line: str, keyword: str) -> None:
    assert resembling_title(line, "fr") == keyword


@pytest.mark.parametrize(
    "line",
    [
        "Règle retenue pour la recette : le net imposable est assimilé au net avant impôt.",
        "En tant que gestionnaire de paie",
        "Remarque : les montants sont arrondis",
        "Afin de verser un salaire juste",
        "pas de deux-points ici",
    ],
)
def test_prose_is_not_taken_for_a_keyword(line: str) -> None:
    assert resembling_title(line, "fr") is None
    assert resembling_step(line, "fr") is None


@pytest.mark.parametrize(
    ("line", "keyword"),
    [
        ("Etan donné un salarié", "Etant donné"),
        ("quand je calcule", "Quand"),
        ("Alor la paie est juste", "Alors"),
        ("Lorsqu’il calcule", "Lorsqu'"),  # typographic apostrophe: not the keyword
        ("Given a thing", "Given"),
        ("et le salaire", "Et"),
        ("Soi un salarié", "Soit"),  # four letters: one mistake is caught too
        ("Mai le salaire", "Mais"),
    ],
)
def test_step_lines_with_a_misspelled_keyword(line: str, keyword: str) -> None:
    assert resembling_step(line, "fr") == keyword


def test_a_real_step_keyword_is_not_a_resemblance() -> None:
    assert resembling_step("Étant donné un salarié", "fr") is None
    assert resembling_step("Given a thing", "en") is None


def test_the_language_of_a_feature_line_prefers_the_project_language() -> None:
    assert dialects_with_feature_keyword("Fonctionnalité: Paie", "en") == ["fr"]
    assert dialects_with_feature_keyword("Funktionalität: Lohn", "fr") == ["de"]
    assert dialects_with_feature_keyword("Feature: Payroll", "fr") == []  # English, the default
    assert dialects_with_feature_keyword("Pas une fonctionnalité", "fr") == []
