"""Tags pytest interprets, and scenarios checked against the requirements repository."""

from __future__ import annotations

from pathlib import Path

from tests.unit.lint_lab import Lab


def test_tags_that_break_collection_change_the_outcome_or_cannot_be_selected(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.feature("""
        # language: fr
        @EXG-001 @v1.2 @lot:3 @a/b @[x] @é
        Fonctionnalité: Paie
          @_brouillon @parametrise
          Scénario: A
            Étant donné un salarié existe

          @skip @skipif @xfail
          Scénario: B
            Étant donné un salarié existe

          @not @or @lot#3 @a,b @d'accord
          Plan du scénario: C
            Étant donné un salarié existe

            @and
            Exemples:
              | a |
              | 1 |
        """)

    found = [(f.line, f.column, f.code) for f in lab.findings()]

    assert found == [
        (4, 3, "AMOA013"),
        (4, 15, "AMOA013"),
        (8, 3, "AMOA015"),
        (8, 9, "AMOA015"),
        (8, 17, "AMOA015"),
        (12, 3, "AMOA014"),
        (12, 8, "AMOA014"),
        (12, 12, "AMOA014"),
        (12, 19, "AMOA014"),
        (12, 24, "AMOA014"),
        (16, 5, "AMOA014"),
    ]


def test_requirement_checks_against_the_repository(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.requirements("EXG-001", "EXG-002", "EXG-003", "EXG-004")
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          @EXG-001 @EXG-009
          Scénario: Inconnue
            Étant donné un salarié existe

          @exg-002
          Scénario: Minuscules
            Étant donné un salarié existe

          Plan du scénario: Par les exemples
            Étant donné un salarié existe

            @EXG-003
            Exemples:
              | a |
              | 1 |

          @EXG-004
          Scénario: Doublon caché
            Étant donné un salarié existe

          Scénario: Doublon caché
            Étant donné un salarié existe
        """)

    findings = lab.findings()

    assert [(f.path, f.line, f.code) for f in findings] == [
        ("exigences.yaml", 6, "AMOA018"),
        ("exigences.yaml", 14, "AMOA018"),
        ("features/essai.feature", 3, "AMOA016"),
        ("features/essai.feature", 7, "AMOA016"),
        ("features/essai.feature", 8, "AMOA017"),
        ("features/essai.feature", 20, "AMOA007"),
        ("features/essai.feature", 23, "AMOA017"),
    ]
    assert findings[0].message_en == "requirement EXG-002 is checked by no scenario"
    assert "EXG-009 is not in the requirements repository (exigences.yaml)" in findings[2].message_en


def test_a_feature_tag_covers_all_its_scenarios(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.requirements("EXG-001")
    lab.feature("""
        # language: fr
        @EXG-001
        Fonctionnalité: Paie
          Scénario: A
            Étant donné un salarié existe
        """)

    assert lab.findings() == []


def test_uncovered_requirements_are_only_judged_on_the_whole_features_folder(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.requirements("EXG-001", "EXG-002")
    lab.feature("# language: fr\n@EXG-001\nFonctionnalité: P\n  Scénario: A\n    Étant donné x\n")

    whole, part = lab.lint(), lab.lint("features/essai.feature")

    assert [(f.path, f.code) for f in whole.findings] == [("exigences.yaml", "AMOA018")]
    assert part.findings == []
    assert [n.message_en for n in part.notes] == [
        "no step definitions (conftest.py) under features: steps not checked",
        "only some scenarios are linted: requirements with no scenario not checked",
    ]


def test_a_malformed_requirements_file_is_one_finding_and_the_rest_is_checked(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.requirements_path.write_text("exigences:\n  - id: EXG-001\n    titre: T\n", encoding="utf-8")
    lab.feature("# language: fr\nFonctionnalité: P\n  Scénario: A\n")

    report = lab.lint()

    assert [(f.path, f.line, f.code) for f in report.findings] == [
        ("exigences.yaml", 2, "AMOA019"),
        ("features/essai.feature", 3, "AMOA005"),
    ]
    assert "criticite" in report.findings[0].message_fr


def test_a_mistyped_requirement_id_is_an_error_naming_the_nearest(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.requirements("EXG-001", "EXG-005")
    lab.feature("""
        # language: fr
        Fonctionnalité: Paie
          @EXG-05 @smoke @EXG-001
          Scénario: Identifiant tronqué
            Étant donné un salarié existe

          @EXG_005
          Scénario: Souligné au lieu du tiret
            Étant donné un salarié existe
        """)

    findings = [f for f in lab.findings() if f.code == "AMOA016"]

    assert [(f.line, f.column, f.severity.value) for f in findings] == [(3, 3, "error"), (7, 3, "error")]
    assert "@EXG-05: looks like a requirement id but is none (nearest: EXG-005)" in findings[0].message_en
    assert "(nearest: EXG-005)" in findings[1].message_en
