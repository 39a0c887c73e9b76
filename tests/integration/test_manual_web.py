"""The testers' execution pages on the real database (SQLite, and PostgreSQL in CI), through the ASGI
application: a tester's link opens their scenarios only, each step with its doc string, data table
and Examples values; steps are marked, saved, resumed, and join the campaign, audited."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import ScenarioResult, Status, StepResult
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.manual.execution import scenario_ref
from amoa_workflow.reporting.acceptance_report import HtmlReport
from amoa_workflow.scenarios import runs
from amoa_workflow.store.tables import audit_log
from amoa_workflow.web.issuing import revoke_link
from amoa_workflow.web.links import LinkSettings
from tests.web_project import ENVIRON, prepared, signer, token, web_app

KEY = "recette-1.1.0"
FEATURE = "features/tests_utilisateurs.feature"
DOC = "Dans votre intérêt et pour vous aider à faire valoir vos droits,\nconservez ce bulletin de paie."
TABLE = (("compteur", "valeur attendue"), ("Solde disponible", "15"))


def manual(
    name: str, code: str, *steps: StepResult, example: tuple[tuple[str, str], ...] = ()
) -> ScenarioResult:
    return ScenarioResult(
        f"{FEATURE}::{name}", FEATURE, "Tests utilisateurs de la paie", name, 3, Status.PENDING,
        ("@manuel", f"@{code}"), (code,), example, steps=steps,
    )  # fmt: skip


def step(position: int, keyword: str, text: str, **more: object) -> StepResult:
    return StepResult(position, keyword, text, 4 + position, Status.PENDING, **more)  # type: ignore[arg-type]


BULLETIN = manual(
    "Lecture d'un bulletin imprimé", "EXG-001",
    step(0, "Étant donné ", "le bulletin de mars imprimé"),
    step(1, "Alors ", "je trouve le net à payer"),
    step(2, "Et ", "la mention de conservation figure en pied de page :", doc_string=DOC),
)  # fmt: skip
CONTROLE = manual(
    "Contrôle d'un salaire proratisé[1]", "EXG-003",
    step(0, "Étant donné ", 'la paie calculée pour le salarié "S120"'),
    step(1, "Alors ", "je trouve un salaire de base de 1 500,00 €"),
    example=(("matricule", "S120"), ("base", "1 500,00")),
)  # fmt: skip
CONGES = manual(
    "Consultation du solde de congés", "EXG-009",
    step(0, "Quand ", "il ouvre la page de ses congés"),
    step(1, "Alors ", "il lit ses compteurs :", table=TABLE),
)  # fmt: skip
RESULTS = (BULLETIN, CONTROLE, CONGES)


@pytest.fixture
def app(sample_project: Path, database_url: str) -> Iterator[Application]:
    application = prepared(sample_project, database_url, results=RESULTS)
    yield application
    application.engine.dispose()


@pytest.fixture
def client(app: Application) -> Iterator[TestClient]:
    with TestClient(web_app(app, ENVIRON), follow_redirects=False) as test_client:
        yield test_client


def link_of(tester: str = "leroy", campaign: str = KEY, hours: float = 2) -> str:
    now = datetime.now(UTC)
    return signer().issue(tester, "1.1.0", campaign, now, timedelta(hours=hours), purpose="execute")[0]


def open_as(client: TestClient, tester: str = "leroy") -> str:
    door = client.get(f"/l/{link_of(tester)}")
    assert door.status_code == 303 and door.headers["location"] == "/manual", door.text
    return client.get("/manual").text


def hidden_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no execution form"
    return found.group(1)


def send(
    client: TestClient, scenario: ScenarioResult, fields: dict[str, str], **headers: str
) -> httpx.Response:
    page = client.get(f"/manual/{scenario_ref(scenario.key)}")
    assert page.status_code == 200, page.text
    data = {"csrf": hidden_csrf(page.text)} | fields
    return client.post(f"/manual/{scenario_ref(scenario.key)}", data=data, headers=headers)


def outcome(app: Application) -> services.CampaignOutcome:
    return services.campaign_outcome(app.uow(), "Paie", "recette", "1.1.0", KEY, app.settings.rules)


def test_a_testers_link_opens_their_own_scenarios_with_every_step_as_written(client: TestClient) -> None:
    link = link_of("leroy")
    door = client.get(f"/l/{link}")
    listing = client.get("/manual")

    cookie = door.headers["set-cookie"].lower()
    assert "amoa_tester=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert listing.status_code == 200 and link not in listing.text
    assert "Sophie Leroy" in listing.text and "0 scénario(s) sur 2 exécuté(s)" in listing.text
    assert "Lecture d&#39;un bulletin imprimé" in listing.text and "Contrôle d&#39;un salaire" in listing.text
    assert "Consultation du solde" not in listing.text  # Karim Benali's (domain Portail salarié)
    bulletin = client.get(f"/manual/{scenario_ref(BULLETIN.key)}").text
    assert '<pre class="doc">Dans votre intérêt' in bulletin and 'enctype="multipart/form-data"' in bulletin
    assert bulletin.count('type="radio"') == 3 * 3 and "<script" not in bulletin
    controle = client.get(f"/manual/{scenario_ref(CONTROLE.key)}").text
    assert re.search(r'<table id="example">\s*<tr><th>matricule</th><th>base</th></tr>', controle)
    assert "<td>S120</td><td>1 500,00</td>" in controle
    assert client.get(f"/manual/{scenario_ref(CONGES.key)}").status_code == 404  # not Sophie's

    client.cookies.clear()
    client.get(f"/l/{link_of('benali')}")
    conges = client.get(f"/manual/{scenario_ref(CONGES.key)}").text
    assert "<th>compteur</th><th>valeur attendue</th>" in conges and "<td>Solde disponible</td>" in conges


def test_steps_are_saved_resumed_then_judged_with_the_testers_comment_and_audited(
    app: Application, client: TestClient
) -> None:
    open_as(client)
    partial = send(client, BULLETIN, {"s-0-verdict": "passed", "s-1-verdict": "", "s-1-comment": ""})
    assert partial.status_code == 303 and partial.headers["location"].startswith("/manual?saved=")
    after_partial = outcome(app)
    resumed = client.get(f"/manual/{scenario_ref(BULLETIN.key)}").text

    assert {r.key: r.status for r in after_partial.results}[BULLETIN.key] is Status.PENDING
    assert re.search(r'id="s-0-passed" checked', resumed) and not re.search(r'id="s-1-\w+" checked', resumed)

    fields = {"s-0-verdict": "passed", "s-1-verdict": "failed", "s-1-comment": "le net est illisible"}
    done = send(client, BULLETIN, fields | {"s-2-verdict": "passed"})
    judged = outcome(app)
    listing = client.get(done.headers["location"]).text

    result = {r.key: r for r in judged.results}[BULLETIN.key]
    assert (result.status, result.message, result.executed_by) == (
        Status.FAILED, "leroy: le net est illisible", "leroy"
    )  # fmt: skip
    gap = next(g for g in judged.gaps if g.identity == "requirement_failing:EXG-001")
    assert BULLETIN.key in gap.scenario_keys
    assert 'id="saved"' in listing and "1 scénario(s) sur 2 exécuté(s)" in listing
    with app.engine.connect() as connection:
        rows = connection.execute(
            select(audit_log.c.actor, audit_log.c.details).where(audit_log.c.action == "manual.recorded")
        ).all()
    assert [r.actor for r in rows] == ["leroy", "leroy"]
    assert rows[-1].details["via"].startswith("link:")
    assert rows[-1].details["executions"][0]["source"] == "web"


def test_a_corrected_result_replaces_the_failure_everywhere_and_the_first_stays_in_the_history(
    app: Application, client: TestClient
) -> None:
    open_as(client)
    failed = {"s-0-verdict": "passed", "s-1-verdict": "failed", "s-1-comment": "le net est illisible"}
    send(client, BULLETIN, failed | {"s-2-verdict": "passed"})
    before = outcome(app)
    corrected = {"s-0-verdict": "passed", "s-1-verdict": "passed", "s-1-comment": "corrigé, refait"}
    send(client, BULLETIN, corrected | {"s-2-verdict": "passed"})
    after = outcome(app)

    assert "requirement_failing:EXG-001" in [g.identity for g in before.gaps]
    result = {r.key: r for r in after.results}[BULLETIN.key]
    assert (result.status, result.executed_by) == (Status.PASSED, "leroy")
    assert [s.status for s in result.steps] == [Status.PASSED] * 3
    assert "requirement_failing:EXG-001" not in [g.identity for g in after.gaps]
    pv = HtmlReport(lang="fr").markdown(after)
    section = pv[pv.index("## Tests utilisateurs (3)") :]
    assert "- leroy : réussi 1" in section
    assert "| Lecture d'un bulletin imprimé | EXG-001 | leroy | réussi |  |" in section
    history = [r.selection for r in runs.history(app.uow(), KEY)]
    assert len([s for s in history if s.startswith("manual results (web) by leroy")]) == 2
    with app.engine.connect() as connection:
        recorded = connection.execute(
            select(audit_log.c.details).where(audit_log.c.action == "manual.recorded")
        ).all()
    assert [r.details["executions"][0]["status"] for r in recorded] == ["failed", "passed"]


def test_a_failed_step_needs_a_comment_and_nothing_is_recorded_without_one(
    app: Application, client: TestClient
) -> None:
    open_as(client)
    refused = send(client, CONTROLE, {"s-0-verdict": "failed", "s-1-verdict": "bogus"})

    assert refused.status_code == 422
    assert "une étape échouée ou bloquée demande un commentaire" in refused.text
    assert "résultat d&#39;étape inconnu" in refused.text
    with app.engine.connect() as connection:
        assert not connection.execute(
            select(audit_log.c.id).where(audit_log.c.action == "manual.recorded")
        ).all()


def test_forged_expired_revoked_and_other_purpose_links_are_refused(
    app: Application, client: TestClient
) -> None:
    good = link_of()
    payload, _, signature = good.partition(".")
    forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
    past = datetime.now(UTC) - timedelta(hours=3)
    expired = signer().issue("leroy", "1.1.0", KEY, past, timedelta(hours=1), purpose="execute")[0]

    assert client.get(f"/l/{forged}").status_code == 403
    assert client.get(f"/l/{expired}").status_code == 403
    assert client.get("/manual").status_code == 401  # nothing opened: no cookie
    assert client.get(f"/l/{token()}").headers["location"] == "/gates/1.1.0/vabf"  # an approver's link
    refused = client.get("/manual")
    assert refused.status_code == 401  # the approver's cookie opens no tester page
    client.cookies.set("amoa_tester", token())
    assert "ce lien ne sert pas aux tests utilisateurs" in client.get("/manual").text
    client.cookies.clear()
    client.cookies.set("amoa_link", good)
    assert client.get("/gates/1.1.0/vabf").status_code == 403  # a tester's link decides nothing

    client.cookies.clear()
    open_as(client)
    revoke_link(app.uow(), good, "amoa-workflow")
    assert client.get("/manual").status_code == 200  # another link of leroy's, still valid
    client.cookies.clear()
    client.cookies.set("amoa_tester", good)
    assert "lien révoqué" in client.get("/manual").text


def test_a_form_without_its_token_or_from_another_site_records_nothing(
    app: Application, client: TestClient
) -> None:
    open_as(client)
    ref = scenario_ref(BULLETIN.key)
    no_token = client.post(f"/manual/{ref}", data={"s-0-verdict": "passed"})
    cross_site = send(client, BULLETIN, {"s-0-verdict": "passed"}, **{"sec-fetch-site": "cross-site"})
    other_origin = send(client, BULLETIN, {"s-0-verdict": "passed"}, origin="http://evil.example")

    assert no_token.status_code == 403
    assert cross_site.status_code == 403 and other_origin.status_code == 403
    assert {r.key: r.status for r in outcome(app).results}[BULLETIN.key] is Status.PENDING
    with app.engine.connect() as connection:
        assert not connection.execute(
            select(audit_log.c.id).where(audit_log.c.action == "manual.recorded")
        ).all()


def test_a_testers_link_is_issued_for_configured_testers_only_and_audited(app: Application) -> None:
    from amoa_workflow.errors import ManualWorkRefused
    from amoa_workflow.settings.testers import load_testers
    from amoa_workflow.web.issuing import issue_tester_link

    links = LinkSettings(signer(), "http://testserver")
    testers = load_testers(app.settings.project_dir)
    url = issue_tester_link(app.uow(), testers, links, "leroy", KEY, "1.1.0", datetime.now(UTC),
                            timedelta(hours=1))  # fmt: skip
    claims = signer().verify(url.rpartition("/l/")[2], datetime.now(UTC), purpose="execute")

    assert (claims.approver, claims.gate, claims.release) == ("leroy", KEY, "1.1.0")
    with pytest.raises(ManualWorkRefused, match="unknown tester intrus"):
        issue_tester_link(
            app.uow(), testers, links, "intrus", KEY, "1.1.0", datetime.now(UTC), timedelta(hours=1)
        )
    with app.engine.connect() as connection:
        issued = connection.execute(
            select(audit_log.c.subject, audit_log.c.details).where(audit_log.c.action == "link.issued")
        ).all()
    assert [(r.subject, r.details["tester"]) for r in issued] == [(claims.link_id, "leroy")]


def _refused_now(client: TestClient, app: Application) -> httpx.Response:
    refused = send(client, BULLETIN, {"s-0-verdict": "passed"})
    with app.engine.connect() as connection:
        recorded = select(audit_log.c.id).where(audit_log.c.action == "manual.recorded")
        assert not connection.execute(recorded).all()
    return refused


def test_nothing_is_recorded_once_the_manual_parts_deadline_is_past(
    app: Application, client: TestClient
) -> None:
    opened = datetime.now(UTC) - timedelta(days=4)
    with app.uow() as uow:
        uow.audit.append("amoa", "manual.opened", KEY, {
            "release": "1.1.0", "checkpoint": "recette", "opened_at": opened.isoformat(),
            "deadline": (opened + timedelta(days=3)).isoformat(), "testers": {"leroy": 2},
        })  # fmt: skip
        uow.commit()
    open_as(client)

    refused = _refused_now(client, app)

    assert refused.status_code == 409, refused.text
    assert "1.1.0" in refused.text and "leroy" in refused.text and "ne peut plus" in refused.text


def test_nothing_is_recorded_once_a_gate_of_the_campaign_is_decided(
    app: Application, client: TestClient
) -> None:
    with app.uow() as uow:
        gate = uow.gates.get("1.1.0", "vabf")
        assert gate is not None
        uow.gates.close(gate, Outcome.REJECTED, datetime.now(UTC))
        uow.commit()
    open_as(client)

    refused = _refused_now(client, app)
    english = send(client, BULLETIN, {"s-0-verdict": "passed"}, **{"accept-language": "en"})

    assert refused.status_code == 409, refused.text
    assert "1.1.0" in refused.text and "leroy" in refused.text and "vabf" in refused.text
    assert english.status_code == 409 and "can no longer record" in english.text


def test_a_blocked_scenario_reads_blocked_on_the_testers_pages(app: Application, client: TestClient) -> None:
    open_as(client)
    blocked = {"s-0-verdict": "passed", "s-1-verdict": "blocked", "s-1-comment": "pas d'accès à la paie"}
    done = send(client, BULLETIN, blocked)
    listing = client.get(done.headers["location"]).text
    page = client.get(f"/manual/{scenario_ref(BULLETIN.key)}").text

    assert {r.key: r.status for r in outcome(app).results}[BULLETIN.key] is Status.ERROR
    for html in (listing, page):
        assert '<span class="badge error">bloqué</span>' in html and ">erreur<" not in html
