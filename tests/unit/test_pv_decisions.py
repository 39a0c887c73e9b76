"""The PV's signature block says when a decision was made on an earlier PV: a rerun that brings no
new failure keeps the gate's signatures (nothing they approved got worse), but the PV shown then has
another fingerprint than the one they signed, and a reader must not take it for the signed one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from amoa_workflow.checkpoint.outcomes import pv_fingerprint
from amoa_workflow.domain.decisions import Decision, DecisionKind
from amoa_workflow.domain.gates import Gate, GateApprover, GateDefinition, GateState, GateStatus
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.reporting.acceptance_report import HtmlReport
from tests.large_recette import outcome

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PAIR = GateDefinition(
    "vabf",
    "VABF",
    "recette",
    (GateApprover("dupont", "Claire Dupont"), GateApprover("martin", "Paul Martin")),
)
EARLIER = "4eea8b" + "0" * 58


def test_a_decision_made_on_an_earlier_pv_is_marked_and_one_on_this_pv_is_not(tmp_path: Path) -> None:
    judged = outcome(20)
    state = GateState(
        PAIR,
        Gate("vabf", "1.1.0", GateStatus.CLOSED, NOW, 1, Outcome.APPROVED, NOW, id=1),
        (
            Decision("dupont", DecisionKind.APPROVE, NOW, "vu en run 1", pv_sha256=EARLIER),
            Decision("martin", DecisionKind.APPROVE, NOW, "vu en run 2", pv_sha256=pv_fingerprint(judged)),
        ),
    )

    french = HtmlReport("fr").markdown(judged, gates=[state])
    english = HtmlReport("en").markdown(judged, gates=[state])
    html = HtmlReport("fr").render(judged, tmp_path / "pv.html", gates=[state]).read_text(encoding="utf-8")

    [dupont] = [line for line in french.splitlines() if line.startswith("- Claire Dupont")]
    [martin] = [line for line in french.splitlines() if line.startswith("- Paul Martin")]
    assert "décidé sur un PV antérieur (4eea8b000000…), d'une exécution précédente" in dupont
    assert "antérieur" not in martin
    assert "decided on an earlier PV (4eea8b000000…), of a previous run" in english
    assert html.count("décidé sur un PV antérieur (4eea8b000000…)") == 1
