"""The living documentation: each feature as written, its last results, links to requirements."""

from __future__ import annotations

from pathlib import Path

from amoa_workflow.domain.model import Criticality, Requirement, ScenarioResult, Status
from amoa_workflow.reporting import living_documentation
from amoa_workflow.requirements import read_requirements
from tests.conftest import REPO


def result(name: str, status: Status, example: tuple[tuple[str, str], ...] = ()) -> ScenarioResult:
    return ScenarioResult(
        f"features/paie.feature::{name}", "features/paie.feature", "Calcul de la paie mensuelle", name, 1,
        status, ("EXG-004",), ("EXG-004",), example,
    )  # fmt: skip


def test_every_sample_feature_is_shown_with_its_results_and_requirement_links() -> None:
    failing = "Majoration de 25 % des huit premières heures supplémentaires de la semaine"
    results = [result(failing, Status.FAILED)]
    views = living_documentation.features(REPO / "features", REPO, results, r"EXG-\d{3}")
    requirements = read_requirements(REPO / "requirements" / "exigences.yaml", r"EXG-\d{3}")

    html = living_documentation.render(views, requirements, results, "fr", "Paie", "1.1.0")

    titles = {v.title for v in views}
    assert {"Calcul de la paie mensuelle", "Portail salarié vérifié par l'API, sans code"} <= titles
    scenario = next(s for v in views for s in v.scenarios if s.name == failing)
    assert [r.status for r in scenario.results] == [Status.FAILED]
    assert scenario.requirement_codes == ("EXG-004",)
    assert 'href="#EXG-004"' in html and 'id="EXG-004"' in html
    assert "jamais exécuté" in html  # the other scenarios have no result in this campaign


def test_a_hostile_scenario_name_is_text_and_a_broken_file_is_flagged(tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    (features / "x.feature").write_text("Feature: X\n  Scenario: <script>alert(1)</script>\n    Given a\n")
    broken = "Feature: Y\n  Scenario: ok\n    Given a\n  Scenarioo: typo\n    Given a\n    Examples:\n"
    (features / "broken.feature").write_text(broken)

    views = living_documentation.features(features, tmp_path, [], r"EXG-\d{3}")
    html = living_documentation.render(
        views, [Requirement("EXG-001", "T", Criticality.MINOR, "D")], [], "en", "P", None
    )

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert [v.parse_problem for v in views] == [True, False]
    assert "run &#39;amoa lint&#39;" in html


def test_data_tables_and_doc_strings_are_shown_under_their_step(tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    (features / "x.feature").write_text(
        "Feature: X\n  Scenario: arguments\n    Given the fields\n      | name | <b>Martin</b> |\n"
        '    When I send\n      """\n      {"net": 2340}\n      """\n',
        encoding="utf-8",
    )

    views = living_documentation.features(features, tmp_path, [], r"EXG-\d{3}")
    html = living_documentation.render(views, [], [], "en", "P", None)

    assert "<td>name</td><td>&lt;b&gt;Martin&lt;/b&gt;</td>" in html
    assert '<pre class="docstring">{&#34;net&#34;: 2340}</pre>' in html
