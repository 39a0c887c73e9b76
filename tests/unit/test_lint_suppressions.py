"""Findings a project silences on purpose: ``[lint] ignore``, per path, and by a comment line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from amoa_workflow.errors import ConfigError
from amoa_workflow.lint import LintProject, lint
from amoa_workflow.settings.lint_rules import load_lint_rules
from tests.unit.lint_lab import PATTERN, Lab

UNTAGGED = """
    # language: fr
    Fonctionnalité: Paie
      Scénario: Sans exigence
        Étant donné une étape inconnue
    """


def findings(lab: Path, config: str = "") -> list[tuple[str, int, str]]:
    Lab(lab).steps("@given('un salarié')\ndef salarie():\n    pass\n")
    Lab(lab).requirements("EXG-001")
    (lab / "config").mkdir(exist_ok=True)
    (lab / "config" / "amoa.toml").write_text(config, encoding="utf-8")
    project = LintProject(lab, lab / "features", lab / "exigences.yaml", PATTERN, "fr")
    project = replace(project, rules=load_lint_rules(lab))
    report = lint([], project, cwd=lab)
    return [(Path(f.path).name, f.line, f.code) for f in report.findings if f.code != "AMOA018"]


def test_without_rules_every_finding_is_reported(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature(UNTAGGED)

    assert findings(tmp_path) == [("essai.feature", 3, "AMOA017"), ("essai.feature", 4, "AMOA008")]


def test_codes_ignored_everywhere_and_per_path(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature(UNTAGGED)
    lab.feature(UNTAGGED, "anciens/legacy.feature")
    config = '[lint]\nignore = ["AMOA017"]\n\n[lint.per-path-ignores]\n"features/anciens/*" = ["AMOA008"]\n'

    assert findings(tmp_path, config) == [("essai.feature", 4, "AMOA008")]


def test_a_comment_line_silences_the_next_line_or_the_whole_file(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          # amoa-lint: ignore AMOA017
          Scénario: Sans exigence
            # amoa-lint: ignore
            Étant donné une étape inconnue
            Et une autre étape inconnue
        """)
    lab.feature("""
        # language: fr
        # amoa-lint: ignore-file AMOA008, AMOA017
        Fonctionnalité: Paie
          Scénario: Sans exigence
            Étant donné une étape inconnue
        """, "entier.feature")  # fmt: skip

    assert findings(tmp_path) == [("essai.feature", 7, "AMOA008")]


def test_a_malformed_rule_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "amoa.toml").write_text('[lint]\nignore = ["E501"]\n', encoding="utf-8")

    with pytest.raises(ConfigError, match=r"lint.ignore must be a list of lint codes"):
        load_lint_rules(tmp_path)
