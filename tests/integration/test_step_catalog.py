"""The step catalog an analyst keeps open: built-in and project steps, French and English."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from amoa_workflow.errors import StepDefinitionsError
from amoa_workflow.scenarios.step_catalog import as_document, as_json, as_text, build_catalog, readable
from amoa_workflow.scenarios.step_registry import load_registry
from tests.conftest import REPO


@pytest.fixture(scope="module")
def catalog() -> list:  # type: ignore[type-arg]
    return build_catalog(load_registry(REPO / "features"), REPO)


def test_built_in_steps_have_both_phrases_an_example_and_typed_parameters(catalog: list) -> None:  # type: ignore[type-arg]
    status = next(e for e in catalog if e.phrase_fr == "le code de réponse est <status>")

    assert status.phrase_en == "the response status is <status>"
    assert status.params == (("status", "int"),)
    assert status.example_fr == "Alors le code de réponse est 200"
    assert status.builtin and status.location.startswith("amoa_workflow.steps.rest:")


def test_project_steps_are_listed_with_where_they_are_defined(catalog: list) -> None:  # type: ignore[type-arg]
    project = [e for e in catalog if not e.builtin]

    assert project and all(e.location.startswith("features/conftest.py:") for e in project)
    assert any(("matricule", "Matricule") in e.params for e in project)


def test_loading_a_project_leaves_no_module_of_it_behind() -> None:
    load_registry(REPO / "features")

    assert "support" not in sys.modules
    assert not any(name.startswith("amoa_conftest_") for name in sys.modules)


@pytest.mark.parametrize(
    ("pattern", "shown"),
    [
        ("le code de réponse est {status:d}", "le code de réponse est <status>"),
        (
            r"une requête (?P<method>GET|POST) sur \"(?P<path>[^\"]*)\"",
            'une requête <method: GET | POST> sur "<path>"',
        ),
        (
            r"(?:la réponse|le champ \"(?P<path>[^\"]*)\") contient :?",
            'la réponse / le champ "<path>" contient :',
        ),
    ],
)
def test_patterns_are_shown_as_analysts_write_them(pattern: str, shown: str) -> None:
    assert readable(pattern) == shown


def test_every_format_renders(catalog: list) -> None:  # type: ignore[type-arg]
    assert json.loads(as_json(catalog))[0]["phrase_fr"]
    assert "Alors le code de réponse est <status>" in as_text(catalog, "fr")
    assert "## Then the response status is &lt;status&gt;" in as_document(catalog, "en", "md")
    html = as_document(catalog, "fr", "html")
    assert "<html" in html and "&lt;status&gt;" in html


def test_a_conftest_that_fails_to_import_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("from pytest_bdd import given\n\nraise RuntimeError('boom')\n")

    with pytest.raises(StepDefinitionsError, match=r"conftest\.py:3: cannot load the step definitions"):
        load_registry(tmp_path)
