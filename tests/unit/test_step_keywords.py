"""A step's keyword is kept as its feature file writes it, not as pytest-bdd title-cases it."""

from __future__ import annotations

from pathlib import Path

from amoa_workflow.scenarios.step_keywords import as_written


def test_a_keyword_is_taken_from_its_line_in_the_feature_file(tmp_path: Path) -> None:
    feature = tmp_path / "paie.feature"
    feature.write_text(
        "# language: fr\nFonctionnalité: paie\n  Scénario: s\n    Étant donné un salarié\n"
        "    Sachant que la paie est calculée\n    Quand je lis\n",
        encoding="utf-8",
    )

    assert as_written("Étant Donné", str(feature), 4) == "Étant donné"
    assert as_written("Sachant Que ", str(feature), 5) == "Sachant que "
    assert as_written("Quand", str(feature), 6) == "Quand"


def test_a_keyword_the_line_does_not_hold_is_kept_as_given(tmp_path: Path) -> None:
    feature = tmp_path / "paie.feature"
    feature.write_text("Feature: f\n  Scenario: s\n    Given a thing\n", encoding="utf-8")

    assert as_written("Étant Donné", str(feature), 3) == "Étant Donné"  # the file changed since
    assert as_written("Given", str(feature), 99) == "Given"
    assert as_written("Given", str(tmp_path / "absent.feature"), 3) == "Given"
