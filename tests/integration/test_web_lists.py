"""Every requirement and scenario of a gate's campaign on the web page: filtered and paginated by
the server, behind the same signed link as the gate (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from amoa_workflow.domain.model import Status
from tests.web_project import ENVIRON, prepared, result, token, web_app

PAGE = "/gates/1.1.0/vabf"


@pytest.fixture
def client(sample_project: Path, database_url: str) -> Iterator[TestClient]:
    application = prepared(sample_project, database_url)
    with TestClient(web_app(application, ENVIRON), follow_redirects=False) as test_client:
        yield test_client
    application.engine.dispose()


def codes(html: str) -> list[str]:
    return re.findall(r"<tr><td>(EXG-\d+)</td>", html)


def test_the_lists_need_the_link(client: TestClient) -> None:
    assert client.get(PAGE + "/requirements").status_code == 401
    assert client.get(PAGE + "/scenarios").status_code == 401


def test_the_gate_page_links_to_the_full_lists_and_they_filter_on_the_server(client: TestClient) -> None:
    gate = client.get(client.get(f"/l/{token()}").headers["location"]).text

    every = client.get(PAGE + "/requirements").text
    failing = client.get(PAGE + "/requirements", params={"verdict": "failing"}).text
    searched = client.get(PAGE + "/requirements", params={"q": "exg-004"}).text
    scenarios = client.get(PAGE + "/scenarios", params={"status": "failed"}).text

    assert 'href="/gates/1.1.0/vabf/requirements"' in gate and 'href="/gates/1.1.0/vabf/scenarios"' in gate
    assert len(codes(every)) == 14 and "Page 1 sur 1 — 14 lignes" in every
    assert set(codes(failing)) == {"EXG-002", "EXG-004"}  # the two failed results of the prepared run
    assert codes(searched) == ["EXG-004"]
    assert "Heures supplémentaires" in scenarios and "Bulletin du mois" not in scenarios
    assert 'value="failed" selected' in scenarios


def test_a_long_list_is_cut_into_pages_with_links_keeping_the_filters(
    sample_project: Path, database_url: str
) -> None:
    many = [f"features/paie.feature::s{n}" for n in range(120)]
    results = [
        result(key, f"Scénario {n}", Status.PASSED if n % 2 else Status.FAILED, ["EXG-001"])
        for n, key in enumerate(many)
    ]
    application = prepared(sample_project, database_url, results=results)
    with TestClient(web_app(application, ENVIRON), follow_redirects=False) as client:
        client.get(f"/l/{token()}")
        first = client.get(PAGE + "/scenarios", params={"q": "scénario"}).text
        last = client.get(PAGE + "/scenarios", params={"q": "scénario", "page": "9"}).text
        passed = client.get(PAGE + "/scenarios", params={"status": "passed", "page": "2"}).text
    application.engine.dispose()

    assert "Page 1 sur 3 — 120 lignes" in first and first.count("<tr>") == 51
    assert 'href="/gates/1.1.0/vabf/scenarios?q=sc%C3%A9nario&amp;page=2"' in first
    assert "Page 3 sur 3" in last and 'rel="next"' not in last  # a page past the end is the last one
    assert "Page 2 sur 2 — 60 lignes" in passed
    assert 'href="/gates/1.1.0/vabf/scenarios?status=passed&amp;page=1"' in passed


def test_the_english_page_speaks_english_typography(client: TestClient) -> None:
    client.get(f"/l/{token()}")

    english = client.get(PAGE, params={"lang": "en"}).text
    french = client.get(PAGE, params={"lang": "fr"}).text

    assert "Recommendation: NO GO" in english and "Recommandation" not in english
    assert "Recommandation : NO GO" in french
