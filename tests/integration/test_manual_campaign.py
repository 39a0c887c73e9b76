"""Recorded manual results join the campaign (SQLite, and PostgreSQL in CI): statuses, a gap with
the tester's comment, exit criteria, exports; an automated rerun does not undo them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.decisions import DecisionKind
from amoa_workflow.domain.exit_criteria import Outcome
from amoa_workflow.domain.manual import ManualExecution, StepOutcome, StepVerdict
from amoa_workflow.domain.model import Status
from amoa_workflow.domain.notifications import Event
from amoa_workflow.domain.proofs import Proof, ProofKind
from amoa_workflow.gates import decisions
from amoa_workflow.gates.decisions import DecisionRequest
from amoa_workflow.manual.campaign import Judging, record_executions
from amoa_workflow.reporting.acceptance_report import HtmlReport
from amoa_workflow.scenarios import runs
from amoa_workflow.signatures.proofs import ProofChecker
from tests.integration.test_manual_work import KEY, RESULTS
from tests.web_project import APPROVERS, prepared, signer, token

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FEATURE = "features/tests_utilisateurs.feature"


@pytest.fixture
def campaign(sample_app: Application) -> Application:
    services.ingest(sample_app.uow(), sample_app.sources, "1.1.0")
    services.record_campaign(
        sample_app.uow(), "Paie", "recette", "1.1.0", KEY, RESULTS, "runs/1", rules=sample_app.settings.rules
    )
    return sample_app


def outcome(app: Application) -> services.CampaignOutcome:
    return services.campaign_outcome(app.uow(), "Paie", "recette", "1.1.0", KEY, app.settings.rules)


def execution(name: str, *verdicts: StepVerdict | None, comment: str = "") -> ManualExecution:
    steps = tuple(
        StepOutcome(i, v, comment if v is StepVerdict.FAILED else "") for i, v in enumerate(verdicts)
    )
    return ManualExecution(f"{FEATURE}::{name}", "leroy", steps, NOW, "xlsx")


def test_a_failed_manual_step_is_a_gap_with_the_testers_comment_and_pending_ones_keep_it_from_go(
    campaign: Application,
) -> None:
    before = outcome(campaign)
    judging = Judging("Paie", "recette", campaign.settings.rules)

    record_executions(
        campaign.uow(), KEY,
        [execution("bulletin imprimé", StepVerdict.PASSED, StepVerdict.FAILED, comment="net illisible"),
         execution("contrôle[1]", StepVerdict.PASSED, StepVerdict.PASSED)],
        "sophie", judging,
    )  # fmt: skip
    after = outcome(campaign)

    assert {c.name: c.actual for c in before.assessment.recommendation.missed}["manual_pending"] == 5
    assert not [g for g in before.gaps if g.scenario_keys]  # pending: no gap of a scenario
    results = {r.key.split("::")[1]: r for r in after.results}
    failed = results["bulletin imprimé"]
    assert (failed.status, failed.message) == (Status.FAILED, "leroy: net illisible")
    assert [(s.status, s.error) for s in failed.steps] == [
        (Status.PASSED, None),
        (Status.FAILED, "net illisible"),
    ]
    assert results["contrôle[1]"].status is Status.PASSED
    assert results["contrôle[2]"].status is Status.PENDING
    [gap] = [g for g in after.gaps if g.identity not in {b.identity for b in before.gaps}]
    assert (gap.identity, gap.scenario_keys) == (
        "requirement_failing:EXG-001",
        (f"{FEATURE}::bulletin imprimé",),
    )
    recommendation = after.assessment.recommendation
    assert recommendation.outcome is Outcome.NO_GO
    assert {c.name: c.actual for c in recommendation.missed}["manual_pending"] == 3
    history = runs.history(campaign.uow(), KEY)
    assert history[-1].selection.startswith("manual results (xlsx) by sophie")
    junit = runs.export(campaign.uow(), KEY, "junit")
    assert "leroy: net illisible" in junit and "manual: executed by leroy" in junit
    pv = HtmlReport(lang="fr").markdown(after)
    section = pv[pv.index("## Tests utilisateurs (5)") :]
    assert "**3 exécution(s) manuelle(s) en attente : la recette n'est pas terminée**" in section
    assert "- leroy : échoué 1, réussi 1" in section
    assert "| bulletin imprimé | EXG-001 | leroy | échoué | leroy: net illisible |" in section
    assert "| contrôle\\[1\\] | EXG-003 | leroy | réussi |  |" in section
    assert "| solde sur téléphone | EXG-009 | — | en attente (manuel) |  |" in section
    assert "Exécutions manuelles en attente (au plus)" in pv
    html = HtmlReport(lang="fr").render_html(HtmlReport(lang="fr").context(after))
    assert '<table id="manual">' in html and "leroy: net illisible" in html


def test_a_blocked_manual_scenario_reads_blocked_in_the_pv_not_error(campaign: Application) -> None:
    """A tester who could not execute a scenario (no access, no data) blocked it: the PV says so, in
    the tester's line and the scenario's row, in French and English (its status is an error)."""
    judging = Judging("Paie", "recette", campaign.settings.rules)
    blocked = ManualExecution(
        f"{FEATURE}::bulletin imprimé", "leroy",
        (StepOutcome(0, StepVerdict.PASSED), StepOutcome(1, StepVerdict.BLOCKED, "pas d'accès")), NOW, "xlsx",
    )  # fmt: skip
    record_executions(campaign.uow(), KEY, [blocked], "sophie", judging)
    after = outcome(campaign)

    assert {r.key: r.status for r in after.results}[blocked.scenario_key] is Status.ERROR
    french = HtmlReport(lang="fr").markdown(after)
    section = french[french.index("## Tests utilisateurs") :].split("\n## ")[0]
    assert "- leroy : bloqué 1" in section
    assert "| bulletin imprimé | EXG-001 | leroy | bloqué | leroy: pas d'accès |" in section
    assert "erreur" not in section
    english = HtmlReport(lang="en").markdown(after)
    section = english[english.index("## Manual tests") :].split("\n## ")[0]
    assert "- leroy: blocked 1" in section and "| leroy | blocked |" in section
    html = HtmlReport(lang="fr").render_html(HtmlReport(lang="fr").context(after))
    manual = html[html.index('<table id="manual">') :].split("</table>")[0]
    assert ">bloqué<" in manual and ">erreur<" not in manual


def test_an_automated_rerun_keeps_what_testers_recorded(campaign: Application) -> None:
    judging = Judging("Paie", "recette", campaign.settings.rules)
    record_executions(
        campaign.uow(), KEY,
        [execution("bulletin imprimé", StepVerdict.PASSED, StepVerdict.FAILED, comment="net illisible")],
        "sophie", judging,
    )  # fmt: skip

    rerun = services.record_campaign(
        campaign.uow(), "Paie", "recette", "1.1.0", KEY, RESULTS, "runs/3", rules=campaign.settings.rules
    )

    failed = next(r for r in rerun.results if r.key.endswith("::bulletin imprimé"))
    assert failed.status is Status.FAILED
    assert [g.scenario_keys for g in rerun.gaps if g.identity == "requirement_failing:EXG-001"] == [
        (f"{FEATURE}::bulletin imprimé",)
    ]


def test_a_testers_failure_recorded_after_an_approval_voids_it(
    sample_project: Path, database_url: str
) -> None:
    """One of two approvers has signed; a tester then records a failure: the signature was given
    without it, so the gate reopens in a new round and the approver is told (the next approver
    could otherwise close the gate on a PV the first one never saw)."""
    app = prepared(
        sample_project, database_url, approvers=APPROVERS.replace('"any"', '"all"'), results=RESULTS
    )
    told: list[Event] = []
    current, seen = app.pv_seen("1.1.0")
    request = DecisionRequest("1.1.0", "vabf", "dupont", DecisionKind.APPROVE, "vu",
                              proof=Proof(ProofKind.LINK, token("dupont")))  # fmt: skip
    decisions.decide(app.uow(), app.gates(), request, current, ProofChecker(signer()), services.utc_now,
                     told.extend, seen)  # fmt: skip
    judging = Judging("Paie", "recette", app.settings.rules, app.check_signatures)

    record_executions(
        app.uow(), KEY,
        [execution("bulletin imprimé", StepVerdict.PASSED, StepVerdict.FAILED, comment="net illisible")],
        "sophie", judging,
    )  # fmt: skip

    with app.uow() as uow:
        gate = uow.gates.get("1.1.0", "vabf")
        reopened = [e for e in uow.audit.entries() if e.action == "gate.reopened"]
    assert gate is not None and (gate.status.value, gate.round) == ("pending", 2)
    assert [(e.details["new_failures"], e.details["voided"]) for e in reopened] == [
        (["requirement_failing:EXG-001"], ["dupont"])
    ]
    app.engine.dispose()


def test_a_later_execution_replaces_an_earlier_one_even_back_to_pending(campaign: Application) -> None:
    judging = Judging("Paie", "recette", campaign.settings.rules)
    record_executions(
        campaign.uow(), KEY,
        [execution("bulletin imprimé", StepVerdict.PASSED, StepVerdict.FAILED, comment="net illisible")],
        "sophie", judging,
    )  # fmt: skip
    record_executions(
        campaign.uow(), KEY, [execution("bulletin imprimé", StepVerdict.PASSED, None)], "sophie", judging
    )
    after = outcome(campaign)

    again = next(r for r in after.results if r.key.endswith("::bulletin imprimé"))
    assert (again.status, again.message, again.executed_by) == (Status.PENDING, None, None)
    assert [(s.status, s.error) for s in again.steps] == [(Status.PENDING, None)] * 2
    assert "requirement_failing:EXG-001" not in [g.identity for g in after.gaps]
    assert [r.selection for r in runs.history(campaign.uow(), KEY)][-2:] == [
        "manual results (xlsx) by sophie"
    ] * 2
