"""The fingerprint a shard's worker is checked by covers a features folder kept outside the project."""

from __future__ import annotations

from pathlib import Path

from amoa_workflow.scenarios.revision import project_revision


def a_project(tmp_path: Path) -> tuple[Path, Path]:
    project, shared = tmp_path / "projet", tmp_path / "features_partagees"
    (project / "config").mkdir(parents=True)
    (project / "config" / "amoa.toml").write_text("[project]\n", encoding="utf-8")
    shared.mkdir()
    (shared / "paie.feature").write_text("Feature: Paie\n", encoding="utf-8")
    return project, shared


def test_a_change_in_shared_features_changes_the_revision(tmp_path: Path) -> None:
    project, shared = a_project(tmp_path)
    before = project_revision(project, shared, project / "data")

    (shared / "paie.feature").write_text("Feature: Paie\n  Scenario: autre\n", encoding="utf-8")

    assert project_revision(project, shared, project / "data") != before


def test_the_revision_does_not_depend_on_where_the_shared_features_are(tmp_path: Path) -> None:
    project, shared = a_project(tmp_path / "hote-1")
    other_project, other_shared = a_project(tmp_path / "hote-2" / "ailleurs")

    assert project_revision(project, shared, project / "data") == project_revision(
        other_project, other_shared, other_project / "data"
    )
