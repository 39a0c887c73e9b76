"""Reservations, on a gap or in the approver's words, are shown in the PV, its Markdown and on the
gate's web page, and count as reservations in the recommendation (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from amoa_workflow.checkpoint import services
from amoa_workflow.domain.decisions import DecisionKind, Reservation
from amoa_workflow.domain.gap_lifecycle import accept
from amoa_workflow.reporting.acceptance_report import HtmlReport
from amoa_workflow.reporting.pv_listing import reservation_rows
from tests.signing import KeyRing
from tests.web_project import ENVIRON, prepared, token, web_app

KEYS = KeyRing()
DUE, LATER = (
    date.today() + timedelta(days=200),
    date.today() + timedelta(days=260),
)  # reservations are due ahead
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
                reservations=[Reservation("requirement_failing:EXG-004", "MOE PaieNova", DUE),
                              Reservation("reservation:Former les gestionnaires", "DRH", LATER)],
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
        assert f"Exigence non conforme — EXG-004</td><td>MOE PaieNova</td><td>{DUE}" in shown
        assert f"« Former les gestionnaires »</td><td>DRH</td><td>{LATER}" in shown
    assert f"« Former les gestionnaires » | DRH | {LATER}" in markdown


def test_a_reservation_past_its_due_date_is_shown_overdue(sample_project: Path, database_url: str) -> None:
    """Given ahead, a reservation becomes overdue once its date passes without the gap solved."""
    app = prepared(sample_project, database_url, approvers=APPROVERS)
    with app.uow() as uow:  # accepted months ago, due a month ago, still open
        [known] = [g for g in uow.tracked_gaps.all() if g.identity == "requirement_failing:EXG-004"]
        uow.tracked_gaps.save_all([accept(known, "1.1.0", "MOE PaieNova", date.today() - timedelta(days=30))])
        uow.commit()
    outcome = services.campaign_outcome(
        app.uow(), "Paie", "recette", "1.1.0", "recette-1.1.0", app.settings.rules
    )
    app.engine.dispose()
    assert outcome.assessment is not None
    tracked, free = outcome.assessment.tracked, outcome.assessment.free_reservations
    due = (date.today() - timedelta(days=30)).isoformat()

    renderer = HtmlReport("fr")
    html, markdown = renderer.render_html(renderer.context(outcome)), renderer.markdown(outcome)
    english = HtmlReport("en").markdown(outcome)

    assert [r.overdue for r in reservation_rows(tracked, free, date.today() - timedelta(days=31))] == [False]
    assert f'<td>MOE PaieNova</td><td>{due} <strong class="overdue">échue</strong></td>' in html
    assert f"| MOE PaieNova | {due} **échue** |" in markdown
    assert f"| MOE PaieNova | {due} **overdue** |" in english
