"""Whatever an analyst saves, the lint answers with findings, never with a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amoa_workflow.lint import LintProject, Severity, lint

PIECES = [
    "# language: fr\n", "# language: en\n", "# language: xx\n", "\ufeff", "Fonctionnalité: F\n",
    "Feature: F\n",
    "  Contexte:\n", "  Règle: R\n", "  Scénario: S\n", "  Scénario : S\n", "  Scénarioo: S\n",
    "  Plan du scénario: P\n", "    Exemples:\n", "      | a | b |\n", "      |   | x |\n", "      | 1 |\n",
    "    Étant donné un salarié existe\n", "    Et le salarié <a>\n", "    * il calcule la paie\n",
    "    Lorsqu'il calcule la paie\n", "    Étant donné qu’un salarié existe\n", "    Given x\n",
    '      """\n', "      texte\n", "  @EXG-001 @not @_x @skip @a#b\n", "@\n", "\n", "# commentaire\n",
    "    Alors la paie est juste\n", "Étant donné\n", "|\n", "<>\n",
]  # fmt: skip
STEPS = (Path(__file__).parents[1] / "data" / "lint" / "conftest.py").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=25), st.booleans())
def test_any_arrangement_of_gherkin_lines_is_linted_without_a_crash(pieces: list[str], steps: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        features = root / "features"
        features.mkdir()
        if steps:
            (features / "conftest.py").write_text(STEPS, encoding="utf-8")
        (features / "x.feature").write_text("".join(pieces), encoding="utf-8")
        (root / "exigences.yaml").write_text(
            "exigences:\n  - id: EXG-001\n    titre: T\n    criticite: mineure\n    domaine: D\n",
            encoding="utf-8",
        )

        report = lint([], LintProject(root, features, root / "exigences.yaml", r"EXG-\d{3}"), cwd=root)

    assert report.files == 1
    for finding in report.findings:
        assert finding.line >= 1 and finding.column >= 1 and finding.severity in Severity
        assert finding.message_fr and finding.message_en
