"""Reservations, on a gap or in the approver's words, are shown in the PV, its Markdown and on the
gate's web page, and count as reservations in the recommendation (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from amoa_workflow.checkpoint import services
from amoa_workflow.domain.gates import DecisionKind, Reservation
from amoa_workflow.reporting.acceptance_report import HtmlReport
from tests.signing import KeyRing
from tests.web_project import ENVIRON, prepared, token, web_app

KEYS = KeyRing()
APPROVERS = f"""
[[approvers]]
id = "dupont"
name = "Claire Dupont"
public_key = "{KEYS.public("dupont").line}"

[[gates]]
name = "vabf"
label = "VABF"
checkpoint = "recette"
approvers = ["dupont"]
"""


def test_both_kinds_of_reservation_are_shown_everywhere(sample_project: Path, database_url: str) -> None:
    app = prepared(sample_project, database_url, approvers=APPROVERS)
    KEYS.decide(app.uow, app.gates(), "1.1.0", "vabf", "dupont", DecisionKind.APPROVE_WITH_RESERVATIONS,
                reservations=[Reservation("requirement_failing:EXG-004", "MOE PaieNova", date(2026, 12, 15)),
                              Reservation("reservation:Former les gestionnaires", "DRH", date(2027, 1, 31))],
                pv=app.current_pv("1.1.0"))  # fmt: skip
    outcome = services.campaign_outcome(
        app.uow(), "Paie", "recette", "1.1.0", "recette-1.1.0", app.settings.rules
    )
    renderer = HtmlReport("fr")
    pv = renderer.render_html(renderer.context(outcome))
    markdown = renderer.markdown(outcome)
    with TestClient(web_app(app, ENVIRON), follow_redirects=False) as client:
        page = client.get(client.get(f"/l/{token()}").headers["location"]).text
    app.engine.dispose()

    assert outcome.assessment is not None
    assert [g.reason for g in outcome.assessment.free_reservations] == ["Former les gestionnaires"]
    assert outcome.assessment.recommendation.reservations == 2
    for shown in (pv, page):
        assert 'id="reservations"' in shown
        assert "Exigence non conforme — EXG-004</td><td>MOE PaieNova</td><td>2026-12-15" in shown
        assert "« Former les gestionnaires »</td><td>DRH</td><td>2027-01-31" in shown
    assert "« Former les gestionnaires » | DRH | 2027-01-31" in markdown
