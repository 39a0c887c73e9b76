"""A run's final state names the gate's outcome; a gate rejected at its deadline (``on_timeout``)
says so, in the state's name and message, and the PV's words, apart from a rejection by an approver."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from amoa_workflow.domain.decisions import Decision, DecisionKind
from amoa_workflow.domain.gates import Gate, GateApprover, GateDefinition, GateState, GateStatus
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.domain.verification import Doubt, GateCheck
from amoa_workflow.reporting import flow_summary
from amoa_workflow.reporting.acceptance_report import gate_summaries
from tests.large_recette import outcome

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
STRICT = GateDefinition(
    "mep", "MEP", "recette", (GateApprover("dupont", "Claire Dupont"),), timeout=timedelta(hours=24),
    on_timeout=Outcome.REJECTED,
)  # fmt: skip


def closed(result: Outcome, *decisions: Decision) -> GateState:
    return GateState(STRICT, Gate("mep", "1.1.0", GateStatus.CLOSED, NOW, 1, result, NOW, id=1), decisions)


@pytest.mark.parametrize(
    ("state", "name", "fr", "en", "wording"),
    [
        (closed(Outcome.REJECTED), "Rejected at deadline", "porte mep : REFUSÉ À L'ÉCHÉANCE",
         "gate mep: REJECTED AT THE DEADLINE", "gate.rejected_at_deadline"),
        (closed(Outcome.REJECTED, Decision("dupont", DecisionKind.REJECT, NOW, "non")), "Rejected",
         "porte mep : REFUSÉ", "gate mep: REJECTED", "gate.rejected"),
        (closed(Outcome.EXPIRED), "Expired", "porte mep : EXPIRÉ", "gate mep: EXPIRED", "gate.expired"),
    ],
)  # fmt: skip
def test_the_final_state_says_how_the_gate_closed(
    state: GateState, name: str, fr: str, en: str, wording: str
) -> None:
    judged = outcome(20)

    assert flow_summary.state_name(judged, [state]) == name
    assert fr in flow_summary.state_message(judged, [state], "fr")
    assert en in flow_summary.state_message(judged, [state], "en")
    assert [s.wording for s in gate_summaries([state])] == [wording]  # the PV's words


def test_a_run_woken_at_a_gate_still_open_says_who_decided_what_and_whom_it_awaits() -> None:
    pair = GateDefinition(
        "vabf",
        "VABF",
        "recette",
        (GateApprover("dupont", "Claire Dupont"), GateApprover("martin", "Paul Martin")),
    )
    first = Decision("dupont", DecisionKind.APPROVE_WITH_RESERVATIONS, NOW, "sous réserve")
    state = GateState(
        pair, Gate("vabf", "1.1.0", GateStatus.PENDING, NOW, 1, Outcome.PENDING, id=1), (first,)
    )

    assert flow_summary.still_pending(state, "en") == (
        "gate vabf of 1.1.0 still pending — decisions: Claire Dupont — approved with reservations; "
        "awaiting: Paul Martin"
    )
    assert "Claire Dupont — approuvé avec réserves ; attendu : Paul Martin" in flow_summary.still_pending(
        state, "fr"
    )


PAIR = GateDefinition(
    "vabf",
    "VABF",
    "recette",
    (GateApprover("dupont", "Claire Dupont"), GateApprover("martin", "Paul Martin")),
)
GENUINE = Decision("dupont", DecisionKind.APPROVE, NOW, "conforme", id=1)
FORGED = Decision("martin", DecisionKind.APPROVE, NOW, "ok", id=2)  # inserted by SQL: no audit entry


def test_a_gate_set_approved_by_sql_names_the_final_state_not_established_and_the_row_not_verified() -> None:
    state = GateState(
        PAIR, Gate("vabf", "1.1.0", GateStatus.CLOSED, NOW, 1, Outcome.APPROVED, NOW, id=1),
        (GENUINE, FORGED),
        GateCheck(((2, Doubt.UNAUDITED),), established=False),
    )  # fmt: skip
    judged = outcome(20)

    assert flow_summary.state_name(judged, [state]) == "Not established"
    assert flow_summary.state_name_of(state) == "Not established"
    assert flow_summary.gate_result(state) == "not_established"
    assert "porte vabf : NON ÉTABLI" in flow_summary.state_message(judged, [state], "fr")
    assert "gate vabf: NOT ESTABLISHED" in flow_summary.state_message(judged, [state], "en")
    warnings, standing = flow_summary.gate_lines(state, "fr")
    assert any("la décision 2 (martin) n'est pas vérifiée" in line for line in warnings)
    assert any("l'issue enregistrée « APPROUVÉ » ne découle pas" in line for line in warnings)
    assert standing == "porte vabf de 1.1.0 : NON ÉTABLI"
    assert flow_summary.gate_lines(state, "en")[1] == "gate vabf of 1.1.0: NOT ESTABLISHED"


def test_a_gate_closed_by_its_verified_decisions_names_the_final_state_after_its_outcome() -> None:
    second = Decision("martin", DecisionKind.APPROVE, NOW, "ok", id=2)
    state = GateState(
        PAIR, Gate("vabf", "1.1.0", GateStatus.CLOSED, NOW, 1, Outcome.APPROVED, NOW, id=1),
        (GENUINE, second),
        GateCheck(),
    )  # fmt: skip

    assert flow_summary.state_name(outcome(20), [state]) == flow_summary.state_name_of(state) == "Approved"
    assert flow_summary.gate_result(state) == "approved"
    assert flow_summary.gate_lines(state, "fr") == ([], "porte vabf de 1.1.0 : APPROUVÉ")


def test_a_run_woken_at_a_gate_still_open_counts_only_the_decisions_that_verify() -> None:
    state = GateState(
        PAIR, Gate("vabf", "1.1.0", GateStatus.PENDING, NOW, 1, Outcome.PENDING, id=1), (FORGED,),
        GateCheck(((2, Doubt.UNAUDITED),)),
    )  # fmt: skip

    assert flow_summary.still_pending(state, "en") == (
        "gate vabf of 1.1.0 still pending — decisions: —; awaiting: Claire Dupont, Paul Martin"
    )
    warnings, standing = flow_summary.gate_lines(state, "en")
    assert standing == flow_summary.still_pending(state, "en")
    assert warnings and "decision 2 (martin) is not verified" in warnings[0]


def test_a_deployments_run_on_the_projects_default_database_says_so_in_both_languages() -> None:
    url = "sqlite:////srv/recette/data/amoa.db"

    french = flow_summary.default_database_warning(url, None, deployed=True, lang="fr")
    english = flow_summary.default_database_warning(url, None, deployed=True, lang="en")

    assert french is not None and english is not None
    assert french.startswith("AMOA_DATABASE_URL n'est pas défini pour ce worker") and url in french
    assert english.startswith("AMOA_DATABASE_URL is not set for this worker") and url in english
    # the user's own database, or a run started by hand (amoa checkpoint): nothing to say
    assert flow_summary.default_database_warning(url, "AMOA_DATABASE_URL", deployed=True, lang="fr") is None
    assert flow_summary.default_database_warning(url, None, deployed=False, lang="fr") is None
