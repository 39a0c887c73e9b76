"""The manual part of a campaign in a real database (SQLite, and PostgreSQL in CI): who executes
which manual scenario (tag, domain, explicitly), progress, recorded executions, the audit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain import testers as roster
from amoa_workflow.domain.manual import ManualExecution, StepOutcome, StepVerdict
from amoa_workflow.domain.model import ScenarioResult, Status, StepResult
from amoa_workflow.errors import CampaignNotFound, ManualWorkRefused
from amoa_workflow.manual.campaign import assign_scenarios, read_part, record_executions
from amoa_workflow.settings.testers import load_testers

KEY = "recette-1.1.0"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
MANUAL = ("manuel", "manual")


def result(
    name: str, status: Status, *tags: str, feature: str = "features/tests_utilisateurs.feature"
) -> ScenarioResult:
    codes = tuple(t for t in tags if t.startswith("EXG-"))
    steps = (
        StepResult(0, "Quand ", "je lis le bulletin", 4, status),
        StepResult(1, "Alors ", "il est lisible", 5, status),
    )
    return ScenarioResult(f"{feature}::{name}", feature, "Tests", name, 3, status, tags, codes, steps=steps)


RESULTS = [
    result("calcul", Status.PASSED, "EXG-001", feature="features/paie.feature"),
    result("bulletin imprimé", Status.PENDING, "manuel", "EXG-001"),
    result("solde sur téléphone", Status.PENDING, "manuel", "EXG-009", "mobile"),
    result("contrôle[1]", Status.PENDING, "manuel", "EXG-003"),
    result("contrôle[2]", Status.PENDING, "manuel", "EXG-003"),
    result("sans exigence", Status.PENDING, "MANUAL"),
]


@pytest.fixture
def campaign(sample_app: Application) -> Application:
    services.ingest(sample_app.uow(), sample_app.sources, "1.1.0")
    services.record_campaign(
        sample_app.uow(), "Paie", "recette", "1.1.0", KEY, RESULTS, "runs", rules=sample_app.settings.rules
    )
    return sample_app


def test_the_manual_scenarios_go_to_testers_by_tag_then_by_domain(campaign: Application) -> None:
    testers = (
        roster.Tester("benali", "Karim Benali", domains=("Portail salarié",)),
        roster.Tester("roux", "Léa Roux", tags=("@mobile",)),
        roster.Tester("leroy", "Sophie Leroy", domains=("paie",)),
    )

    part = read_part(campaign.uow(), KEY, testers, MANUAL)

    assert {s.scenario for s in part.scenarios} == {
        "bulletin imprimé", "solde sur téléphone", "contrôle[1]", "contrôle[2]", "sans exigence",
    }  # fmt: skip
    assert {s.scenario: part.assignment[s.key] for s in part.scenarios} == {
        "bulletin imprimé": "leroy", "solde sur téléphone": "roux", "contrôle[1]": "leroy",
        "contrôle[2]": "leroy", "sans exigence": None,
    }  # fmt: skip


def test_an_explicit_assignment_wins_is_audited_and_names_its_mistakes(campaign: Application) -> None:
    testers = load_testers(campaign.settings.project_dir)
    scenario = "features/tests_utilisateurs.feature::contrôle"

    chosen = assign_scenarios(
        campaign.uow(), KEY, [scenario], "benali", testers, MANUAL, "marie", lambda: NOW
    )

    assert chosen == [f"{scenario}[1]", f"{scenario}[2]"]
    part = read_part(campaign.uow(), KEY, testers, MANUAL)
    assert {s.scenario for s in part.of("benali")} == {"solde sur téléphone", "contrôle[1]", "contrôle[2]"}
    with campaign.uow() as uow:
        [entry] = [e for e in uow.audit.entries() if e.action == "manual.assigned"]
    assert (entry.actor, entry.subject, entry.details["tester"]) == ("marie", KEY, "benali")
    with pytest.raises(ManualWorkRefused, match="unknown tester nobody"):
        assign_scenarios(campaign.uow(), KEY, [scenario], "nobody", testers, MANUAL, "marie", lambda: NOW)
    with pytest.raises(ManualWorkRefused, match=r"no manual scenario matches features/paie\.feature::calcul"):
        assign_scenarios(
            campaign.uow(), KEY, ["features/paie.feature::calcul"], "leroy", testers, MANUAL, "m", lambda: NOW
        )
    with pytest.raises(CampaignNotFound):
        read_part(campaign.uow(), "recette-9.9.9", testers, MANUAL)


def test_recorded_executions_give_the_progress_per_tester_and_per_requirement(campaign: Application) -> None:
    testers = load_testers(campaign.settings.project_dir)
    passed, failed = StepOutcome(0, StepVerdict.PASSED), StepOutcome(1, StepVerdict.FAILED, "net illisible")
    second = StepOutcome(1, StepVerdict.PASSED)
    feature = "features/tests_utilisateurs.feature"
    done = [
        ManualExecution(f"{feature}::bulletin imprimé", "leroy", (passed, failed), NOW, "xlsx"),
        ManualExecution(f"{feature}::contrôle[1]", "leroy", (passed, second), NOW, "xlsx"),
        ManualExecution(f"{feature}::contrôle[2]", "leroy", (passed, StepOutcome(1, None)), NOW, "xlsx"),
    ]

    record_executions(campaign.uow(), KEY, done, "import:sophie")
    part = read_part(campaign.uow(), KEY, testers, MANUAL)
    per_tester, per_requirement = part.progress()

    stored = part.executions["features/tests_utilisateurs.feature::bulletin imprimé"]
    assert (stored.status, stored.remark, stored.recorded_at) == (Status.FAILED, "net illisible", NOW)
    assert {(p.name, p.done, p.total) for p in per_tester} == {("leroy", 2, 3), ("benali", 0, 1), ("-", 0, 1)}
    assert {p.name: dict(p.counts) for p in per_requirement} == {
        "EXG-001": {"failed": 1}, "EXG-003": {"passed": 1, "pending": 1}, "EXG-009": {"pending": 1},
    }  # fmt: skip
    record_executions(campaign.uow(), KEY, done[2:], "import:sophie")  # again: replaced, not added
    assert len(read_part(campaign.uow(), KEY, testers, MANUAL).executions) == 3
