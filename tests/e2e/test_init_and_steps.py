"""``amoa init`` gives a project that runs; ``amoa steps`` shows its catalog."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from amoa_workflow.domain.model import Status
from amoa_workflow.scenarios.runner import PytestBddRunner
from tests.e2e.conftest import AMOA, Amoa


def test_a_new_demo_project_runs_its_french_example_scenario(tmp_path: Path) -> None:
    created = subprocess.run(
        [str(AMOA), "--lang", "fr", "init", str(tmp_path / "recette"), "--name", "Ma recette", "--demo"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert created.returncode == 0, created.stderr
    assert "Projet créé avec une API de démonstration" in created.stdout
    project = tmp_path / "recette"
    assert 'name = "Ma recette"' in (project / "config" / "amoa.toml").read_text(encoding="utf-8")
    runner = PytestBddRunner(
        project, project / "features", project / "data" / "runs", r"EXG-\d{3}", timeout=120
    )
    [result] = runner.run("0.1.0", "init").results
    assert result.status is Status.PASSED, result.message
    assert result.requirement_codes == ("EXG-001",)


def test_init_refuses_to_overwrite_a_project(tmp_path: Path) -> None:
    # In English as asked: otherwise amoa speaks the language of the project it is run in.
    english = {**os.environ, "AMOA_LANG": "en"}
    subprocess.run([str(AMOA), "init", str(tmp_path)], capture_output=True, check=True, env=english)

    again = subprocess.run(
        [str(AMOA), "init", str(tmp_path)], capture_output=True, text=True, check=False, env=english
    )

    assert again.returncode == 2
    assert "already exists" in again.stderr and "Traceback" not in again.stderr


def test_steps_prints_the_catalog_as_json_and_writes_an_html_page(amoa: Amoa, sample_project: Path) -> None:
    listed = amoa("steps", "--format", "json")
    written = amoa("steps", "--format", "html", "--output", "docs/etapes.html")

    assert listed.returncode == 0, listed.stderr
    phrases = {entry["phrase_en"] for entry in json.loads(listed.stdout)}
    assert (
        'I send a <method: GET | POST | PUT | PATCH | DELETE | HEAD | OPTIONS> request to "<path>"' in phrases
    )
    assert written.returncode == 0
    assert "Catalogue des étapes" in (sample_project / "docs" / "etapes.html").read_text(encoding="utf-8")
