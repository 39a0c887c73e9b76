"""The approvers' page on the real database (SQLite and PostgreSQL), through its ASGI application."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from amoa_workflow.bootstrap import Application
from amoa_workflow.gates import approvals
from amoa_workflow.store.tables import audit_log, decisions
from amoa_workflow.web.links import LinkSigner
from tests.web_project import ENVIRON, HOSTILE, prepared, signer, token, web_app

PAGE = "/gates/1.1.0/vabf"
SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
GAP = "requirement_failing:EXG-004"


@pytest.fixture
def app(sample_project: Path, database_url: str) -> Iterator[Application]:
    application = prepared(sample_project, database_url)
    yield application
    application.engine.dispose()


@pytest.fixture
def client(app: Application) -> Iterator[TestClient]:
    with TestClient(web_app(app, ENVIRON), follow_redirects=False) as test_client:
        yield test_client


def opened(client: TestClient, link: str) -> str:
    """Open a link as a browser would; the gate page's HTML."""
    door = client.get(f"/l/{link}")
    assert door.status_code == 303, door.text
    return client.get(door.headers["location"]).text


def csrf(html: str) -> dict[str, str]:
    """The form's hidden fields: its token and the fingerprint of the PV the page shows."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    pv = re.search(r'name="pv" value="([0-9a-f]{64})"', html)
    assert found and pv, "no decision form"
    return {"csrf": found.group(1), "pv": pv.group(1)}


def decision(
    hidden: dict[str, str] | str, kind: str = "approve_with_reservations", **more: str
) -> dict[str, str]:
    fields = ({"csrf": hidden} if isinstance(hidden, str) else dict(hidden)) | {
        "decision": kind, "comment": "OK pour la MEP"
    }  # fmt: skip
    if kind == "approve_with_reservations":
        gaps = re.findall(r'name="(r-\d+)-gap" value="([^"]+)"', more.pop("html", ""))
        row = next(name for name, value in gaps if value == GAP)
        fields |= {f"{row}-gap": GAP, f"{row}-on": "1", f"{row}-owner": "MOE PaieNova",
                   f"{row}-due": (datetime.now(UTC).date() + timedelta(days=30)).isoformat()}  # fmt: skip
    return fields | more


def test_a_link_opens_the_gate_page_and_leaves_the_address_bar(client: TestClient) -> None:
    link = token()
    door = client.get(f"/l/{link}")
    page = client.get(PAGE)

    assert door.status_code == 303 and door.headers["location"] == PAGE
    cookie = door.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert page.status_code == 200
    assert link not in page.text  # the token is in the cookie only, never in the page
    assert "VABF — version 1.1.0" in page.text and "Claire Dupont" in page.text
    assert 'name="csrf"' in page.text and "Approuver avec réserves" in page.text
    assert 'id="traceability"' in page.text and "EXG-004" in page.text


def test_a_hostile_gap_name_is_shown_as_text(client: TestClient) -> None:
    html = opened(client, token())
    report = client.get(PAGE + "/pv")

    for text in (html, report.text):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert HOSTILE not in text and "<script" not in text.lower()
    assert report.headers["content-security-policy"].startswith("default-src 'none'")


def test_security_headers_are_on_every_response(client: TestClient) -> None:
    for response in (client.get("/"), client.get(f"/l/{token()}"), client.get(PAGE), client.get("/nowhere")):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value, (response.url, name)
        policy = response.headers["content-security-policy"]
        assert "script-src" not in policy and "default-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy


def test_approving_with_a_reservation_goes_through_the_decision_service(
    client: TestClient, app: Application
) -> None:
    html = opened(client, token())
    sent = client.post(PAGE, data=decision(csrf(html), html=html))
    after = client.get(PAGE)

    assert sent.status_code == 200, sent.text  # the last page the link shows: it is used up
    assert "Votre décision est enregistrée : Approuver avec réserves" in sent.text
    assert "approuvé avec réserves" in sent.text and 'name="csrf"' not in sent.text
    assert after.status_code == 401 and "approuvé" not in after.text  # the cookie is gone
    [state] = approvals.gate_states(app.uow(), app.gates(), "1.1.0")
    assert (state.gate.status.value, state.gate.outcome.value) == ("closed", "approved_with_reservations")
    [made] = state.decisions
    assert (made.approver, made.comment, made.reservations[0].gap) == ("dupont", "OK pour la MEP", GAP)
    with app.uow() as uow:
        tracked = {g.identity: g for g in uow.tracked_gaps.all()}
        actions = [row.action for row in uow._connection.execute(select(audit_log)).all()]  # type: ignore[union-attr]
    assert tracked[GAP].owner == "MOE PaieNova"
    assert actions[-3:] == ["link.used", "gate.decision", "gate.closed"]  # one transaction


def test_a_used_link_is_refused_at_the_door_and_on_the_form(client: TestClient) -> None:
    link = token("martin")
    html = opened(client, link)
    first = client.post(PAGE, data=decision(csrf(html), "approve"))
    client.cookies.set("amoa_link", link)  # kept by someone: it reads nothing more
    again = client.post(PAGE, data=decision(csrf(html), "reject", comment="non"))
    page, pv, listing = client.get(PAGE), client.get(PAGE + "/pv"), client.get("/")
    door = client.get(f"/l/{link}")

    assert first.status_code == 200
    for response in (page, pv, listing):
        assert response.status_code == 403 and "lien déjà utilisé" in response.text
        assert "EXG-004" not in response.text
    assert again.status_code == 403 and "lien déjà utilisé" in again.text
    assert door.status_code == 403 and "lien déjà utilisé" in door.text


def test_two_clicks_at_once_record_one_decision(app: Application) -> None:
    link = token()
    clients = [TestClient(web_app(app, ENVIRON), follow_redirects=False) for _ in range(2)]
    forms = [csrf(opened(c, link)) for c in clients]
    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(
            pool.map(lambda c: c.post(PAGE, data=decision(forms[0], "approve")).status_code, clients)
        )
    with app.uow() as uow:
        count = len(uow._connection.execute(select(decisions)).all())  # type: ignore[union-attr]
    assert statuses == [200, 403] and count == 1


@pytest.mark.parametrize(
    "link, reason",
    [
        (LinkSigner(b"not-the-secret-" * 3).issue("dupont", "1.1.0", "vabf", datetime.now(UTC))[0],
         "non authentique"),
        (signer().issue("dupont", "1.1.0", "vabf", datetime.now(UTC) - timedelta(days=4))[0], "expiré"),
        ("garbage", "illisible"),
    ],
    ids=["forged", "expired", "garbage"],
)  # fmt: skip
def test_forged_expired_and_garbage_links_are_refused(client: TestClient, link: str, reason: str) -> None:
    door = client.get(f"/l/{link}")
    client.cookies.set("amoa_link", link)
    post = client.post(PAGE, data={"decision": "approve"})
    assert door.status_code == 403 and reason in door.text
    assert post.status_code == 403 and reason in post.text


def test_no_page_and_no_decision_without_a_link(client: TestClient) -> None:
    for response in (client.get("/"), client.get(PAGE), client.post(PAGE, data={"decision": "approve"})):
        assert response.status_code == 401 and "ouvrez le lien" in response.text


def test_another_approvers_form_token_another_gate_or_site_are_refused(client: TestClient) -> None:
    dupont = csrf(opened(client, token("dupont")))
    opened(client, token("martin"))  # the browser now holds martin's link
    with_dupont_form = client.post(PAGE, data=decision(dupont, "approve"))
    without_token = client.post(PAGE, data={"decision": "approve"})
    other_site = client.post(
        PAGE, data=decision(dupont, "approve"), headers={"origin": "https://evil.example"}
    )
    fetched = client.post(PAGE, data=decision(dupont, "approve"), headers={"sec-fetch-site": "cross-site"})
    other_gate = client.post("/gates/1.1.0/mep", data={"decision": "approve"})
    refused = (with_dupont_form, without_token, other_site, fetched, other_gate)
    assert [r.status_code for r in refused] == [403] * 5
    assert "formulaire" in with_dupont_form.text and "autre point de contrôle" in other_gate.text


def test_a_link_for_someone_who_is_not_an_approver_cannot_decide(client: TestClient) -> None:
    html = opened(client, token("durand"))
    assert 'name="csrf"' not in html and "pas valideur" in html
    posted = client.post(PAGE, data=decision(signer().csrf_token("x"), "approve"))
    assert posted.status_code == 403


def test_an_incomplete_form_is_shown_again_with_what_is_missing(client: TestClient) -> None:
    html = opened(client, token())
    sent = client.post(PAGE, data={**csrf(html), "decision": "reject", "comment": HOSTILE[:0]})
    assert sent.status_code == 422 and "un refus demande un commentaire" in sent.text
    assert 'name="csrf"' in sent.text  # the link is not used up


def test_the_page_speaks_english_when_asked(client: TestClient) -> None:
    opened(client, token())
    by_query = client.get(PAGE + "?lang=en")
    by_cookie = client.get(PAGE)
    client.cookies.delete("amoa_lang")
    by_browser = client.get(PAGE, headers={"accept-language": "en-GB,en;q=0.9"})
    for page in (by_query, by_cookie, by_browser):
        assert "Approve with reservations" in page.text and 'lang="en"' in page.text


def test_the_pending_gates_are_listed(client: TestClient) -> None:
    opened(client, token())
    listing = client.get("/")
    assert listing.status_code == 200 and 'href="/gates/1.1.0/vabf"' in listing.text
    assert "Bonjour Claire Dupont" in listing.text


def test_the_sign_button_says_when_the_pv_recommends_no_go(client: TestClient) -> None:
    """The sample's PV misses exit criteria: the approver reads it beside the button, in their language."""
    html = opened(client, token())
    english = client.get(PAGE + "?lang=en").text

    form = html[html.index('id="decide"') :]
    assert 'id="no-go"' in form and form.index('id="no-go"') < form.index('id="send"')
    warning = re.search(r'id="no-go"[^>]*>(.*?)</div>', form, re.S)
    assert warning is not None
    said = " ".join(re.sub(r"<[^>]+>", " ", warning.group(1)).split())
    assert "La recommandation de ce PV est NO GO" in said and "Scénarios réussis (%, au moins)" in said
    assert "33,3 / 95,0" in said  # French decimals
    told = english[english.index('id="no-go"') :]
    assert "This PV&#39;s recommendation is NO GO" in told and "Scenarios passed (%, at least)" in told
    assert "33.3 / 95.0" in told


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "Aucun canal de notification ne joint Claire Dupont, Paul Martin"),
        ("en", "No notification channel reaches Claire Dupont, Paul Martin"),
    ],
)
def test_a_decision_made_on_the_page_says_whom_no_channel_reaches(
    client: TestClient, lang: str, said: str
) -> None:
    """The sample's approvers have no channel: the decision is recorded, told to no one; the page
    says so, as ``amoa approve`` does."""
    html = opened(client, token())
    client.get(PAGE + f"?lang={lang}")  # the page's language, kept in its cookie
    sent = client.post(PAGE, data=decision(csrf(html), html=html))

    assert sent.status_code == 200, sent.text
    notice = re.search(r'id="no-channel"[^>]*>(.*?)</p>', sent.text, re.S)
    assert notice is not None, sent.text
    assert said in " ".join(notice.group(1).split())


def test_a_link_to_a_gate_the_release_has_not_opened_says_so(client: TestClient) -> None:
    door = client.get(f"/l/{token(release='1.1.O')}")
    page = client.get(door.headers["location"])

    assert door.status_code == 303 and page.status_code == 404
    assert "porte « vabf » de la version 1.1.O : pas encore ouverte" in page.text
    assert "campagne" not in page.text  # the gate is what is missing, not a campaign "vabf-1.1.O"
