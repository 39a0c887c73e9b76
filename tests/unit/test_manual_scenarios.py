"""Manual scenarios: known by their tag, quiet for the step lookup but checked for structure,
pending until a result is recorded, and a campaign with pending ones is never GO."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from amoa_workflow.domain.exit_criteria import ExitCriteria, Outcome, evaluate
from amoa_workflow.domain.flakiness import flips
from amoa_workflow.domain.gaps import analyse, coverage
from amoa_workflow.domain.manual import is_manual
from amoa_workflow.domain.model import Criticality, Release, Requirement, ScenarioResult, Status, StepResult
from amoa_workflow.errors import ConfigError
from amoa_workflow.scenarios.exports import cucumber_json, junit_xml
from amoa_workflow.settings.project import load_settings
from tests.unit.lint_lab import Lab

STEPS = """
    @given("un salarié existe")
    def un_salarie_existe():
        pass

    @when("il calcule la paie")
    def calcule():
        pass
    """


@pytest.mark.parametrize(
    ("tags", "manual"),
    [
        (("EXG-001", "manuel"), True),
        (("MANUAL",), True),
        (("@manuel",), True),
        (("EXG-001", "manuelle"), False),
    ],
)
def test_a_manual_tag_is_read_without_its_at_sign_and_case(tags: tuple[str, ...], manual: bool) -> None:
    assert is_manual(tags) is manual


def test_lint_does_not_look_up_the_steps_of_manual_scenarios_but_checks_their_structure(
    tmp_path: Path,
) -> None:
    lab = Lab(tmp_path)
    lab.steps(STEPS)
    lab.feature(
        """
        # language: fr
        Fonctionnalité: Paie
          Contexte:
            Étant donné un salarié existe

          @manuel
          Scénario: Lecture du bulletin imprimé
            Étant donné un bulletin imprimé
            Quand je le lis

          Scénario: Calcul
            Quand il calcule la paie
            Alors rien de défini

          Plan du scénario: Contrôle
            Quand je recalcule <n>

            @manuel
            Exemples:
              | n |
              | 1 |

          @manual
          Scénario: Calcul
            Quand il calcule la paie
        """
    )

    found = lab.found()

    assert (13, "AMOA008") in found  # the automated scenario's undefined step
    assert not [line for line, code in found if code == "AMOA008" and line != 13]
    assert any(code == "AMOA007" for _, code in found)  # two scenarios "Calcul": only the last runs


def test_the_background_of_a_feature_all_by_hand_is_not_looked_up(tmp_path: Path) -> None:
    lab = Lab(tmp_path)
    lab.steps(STEPS)
    lab.feature(
        """
        # language: fr
        @manuel
        Fonctionnalité: Tests utilisateurs
          Contexte:
            Étant donné un bulletin imprimé

          Scénario: Lecture
            Quand je le lis
        """
    )

    assert lab.found() == []


def test_other_manual_tags_come_from_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "amoa.toml").write_text('[manual]\ntags = ["@recette-metier"]\n', encoding="utf-8")
    assert load_settings(tmp_path, environ={}).manual_tags == ("recette-metier",)
    (tmp_path / "config" / "amoa.toml").write_text("[manual]\ntags = []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"manual\.tags must be a non-empty list"):
        load_settings(tmp_path, environ={})


NET = Requirement("EXG-001", "Net", Criticality.CRITICAL, "Paie")
BULLETIN = Requirement("EXG-011", "Bulletin", Criticality.MAJOR, "Portail")


def result(name: str, status: Status, code: str) -> ScenarioResult:
    return ScenarioResult(f"f::{name}", "f", "F", name, 1, status, (code,), (code,))


def test_pending_manual_scenarios_make_no_gap_and_forbid_go() -> None:
    results = [result("net", Status.PASSED, "EXG-001"), result("bulletin", Status.PENDING, "EXG-011")]
    rows = coverage([NET, BULLETIN], results)

    gaps = analyse([NET, BULLETIN], Release("1.1.0", None, ()), results)
    recommendation = evaluate(ExitCriteria(), rows, results, [])

    assert gaps == []
    assert (rows[1].passed, rows[1].failed, rows[1].other) == (0, 0, 1)
    assert recommendation.outcome is Outcome.NO_GO
    assert [(c.name, c.actual) for c in recommendation.missed] == [("manual_pending", 1)]
    assert next(c for c in recommendation.criteria if c.name == "min_pass_rate").actual == 100.0


def test_once_recorded_the_manual_results_count_like_the_others() -> None:
    results = [result("net", Status.PASSED, "EXG-001"), result("bulletin", Status.PASSED, "EXG-011")]

    recommendation = evaluate(ExitCriteria(), coverage([NET, BULLETIN], results), results, [])

    assert recommendation.outcome is Outcome.GO
    assert "manual_pending" not in [c.name for c in recommendation.criteria]


def test_pending_is_no_flip_and_exports_as_not_run() -> None:
    assert flips([Status.PASSED, Status.PENDING, Status.PASSED]) == 0
    step = StepResult(0, "Quand ", "je lis le bulletin", 3, Status.PENDING)
    pending = replace(result("bulletin", Status.PENDING, "EXG-011"), message="manual scenario", steps=(step,))
    xml = junit_xml([pending], "recette-1.1.0")
    assert 'skipped="1"' in xml and '<skipped message="manual scenario"' in xml
    [feature] = json.loads(cucumber_json([pending]))
    assert [s["result"]["status"] for s in feature["elements"][0]["steps"]] == ["pending"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('id = "Leroy"\nname = "S"', "id must be 1 to 31 lowercase"),
        ('id = "campagne"\nname = "S"', "id must be 1 to 31 lowercase"),
        (f'id = "{"a" * 32}"\nname = "S"', "id must be 1 to 31 lowercase"),
        ('id = "leroy"\nname = ""', "name must be a name"),
        ('id = "leroy"\nname = "S"\nchannel = "https://secret"', "channel must name an environment variable"),
        ('id = "leroy"\nname = "S"\ndomains = "Paie"', "domains must be a list"),
    ],
)
def test_a_wrong_tester_is_refused_by_name(tmp_path: Path, entry: str, message: str) -> None:
    from amoa_workflow.settings.testers import load_testers

    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "testers.toml").write_text(f"[[testers]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as refused:
        load_testers(tmp_path)
    assert "testers.toml" in str(refused.value) and "[[testers]] #1" in str(refused.value)


def test_a_recorded_execution_gives_the_result_its_statuses_and_the_testers_words() -> None:
    from datetime import UTC, datetime

    from amoa_workflow.domain.manual import ManualExecution, StepOutcome, StepVerdict, apply

    steps = tuple(StepResult(i, "Alors ", f"étape {i}", 3 + i, Status.PENDING) for i in range(3))
    pending = replace(result("bulletin", Status.PENDING, "EXG-011"), steps=steps)
    at = datetime(2026, 3, 2, tzinfo=UTC)

    def executed(*outcomes: StepOutcome) -> ScenarioResult:
        return apply(pending, ManualExecution(pending.key, "leroy", outcomes, at, "xlsx"))

    blocked = executed(StepOutcome(0, StepVerdict.PASSED), StepOutcome(1, StepVerdict.BLOCKED, "pas d'accès"))
    started = executed(StepOutcome(0, StepVerdict.PASSED))
    passed = executed(*(StepOutcome(i, StepVerdict.PASSED, "vu") for i in range(3)))

    assert (blocked.status, blocked.message, blocked.executed_by) == (
        Status.ERROR,
        "leroy: pas d'accès",
        "leroy",
    )
    assert [(s.status, s.error) for s in blocked.steps] == [
        (Status.PASSED, None), (Status.ERROR, "pas d'accès"), (Status.PENDING, None),
    ]  # fmt: skip
    assert started == pending  # steps left to do: still pending, nothing changes
    assert (passed.status, passed.message) == (Status.PASSED, None)
    [gap] = analyse([BULLETIN], Release("1.1.0", None, ()), [blocked])
    assert gap.identity == f"not_executable:{pending.key}"  # blocked: it could not be executed
