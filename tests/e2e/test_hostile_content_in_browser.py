"""Payloads in every field people write, opened in a real headless Chromium: nothing runs.

The payload (``tests.web_project.PAYLOAD``: a script, an ``onerror`` image, an ``onload`` SVG, a
Markdown link and an HTML link to ``javascript:``) sets the page's title to a marker and marks the
document if it runs. It goes into the project's name, a requirement's title, a release note item, a
scenario's name, the approvers' names, the gate's label, a decision's comment and a reservation.
Opened: the PV (HTML; Markdown rendered to HTML with raw HTML allowed; its PDF), the change digest,
the approvers' pages, and the notification e-mails as delivered by SMTP.
"""

from __future__ import annotations

import json
import re
import time
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.decisions import DecisionKind, Reservation
from amoa_workflow.gates import approvals
from amoa_workflow.reporting import publication
from tests.browser import find_browser
from tests.receivers import SmtpReceiver, free_port
from tests.signing import KeyRing
from tests.web_project import (
    MARK,
    PAYLOAD,
    SECRET,
    hostile_results,
    make_hostile,
    prepared,
    served,
    token,
)

KEYS = KeyRing()


def approvers() -> str:
    label, name = json.dumps("VABF " + PAYLOAD), json.dumps("Paul " + PAYLOAD)
    return f"""
[[approvers]]
id = "dupont"
name = {json.dumps("Claire " + PAYLOAD)}
domains = ["Paie"]
public_key = "{KEYS.public("dupont").line}"
urls_from = ["AMOA_NOTIFY_DUPONT"]

[[approvers]]
id = "martin"
name = {name}
public_key = "{KEYS.public("martin").line}"
urls_from = ["AMOA_NOTIFY_MARTIN"]

[[gates]]
name = "vabf"
label = {label}
checkpoint = "recette"
approvers = ["dupont", "martin"]
quorum = "all"
"""


@pytest.fixture(scope="module")
def browser_paths() -> tuple[str, str]:
    chromium, driver = find_browser(("chromium", "chromium-browser"), ("chromedriver", "chromium-driver"))
    return chromium, driver


@pytest.fixture
def driver(browser_paths: tuple[str, str]) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = browser_paths
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-sync",
        "--allow-file-access-from-files",
    ):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def app(
    sample_project: Path, smtp: SmtpReceiver, port: int, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Application]:
    """The sample with payloads everywhere, its gate opened, and dupont's hostile decision recorded."""
    monkeypatch.setenv("AMOA_WEB_SECRET", SECRET)
    monkeypatch.setenv("AMOA_WEB_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AMOA_NOTIFY_DUPONT", smtp.url("dupont@example.org"))
    monkeypatch.setenv("AMOA_NOTIFY_MARTIN", smtp.url("martin@example.org"))
    make_hostile(sample_project)
    application = prepared(
        sample_project,
        f"sqlite:///{sample_project / 'amoa.db'}",
        announce=True,
        approvers=approvers(),
        results=hostile_results(),
    )
    KEYS.decide(
        application.uow,
        application.gates(),
        "1.1.0",
        "vabf",
        "dupont",
        DecisionKind.APPROVE_WITH_RESERVATIONS,
        comment=PAYLOAD,
        reservations=[Reservation("reservation:" + PAYLOAD, PAYLOAD[:120], date(2030, 1, 1))],
        pv=application.current_pv("1.1.0"),
        notify=application.announcer(application.notifications()),
    )
    yield application
    application.engine.dispose()


def inert(driver: Any, url: str) -> str:
    """Open ``url`` and check that nothing of the payload ran; the page's title."""
    driver.get(url)
    time.sleep(0.3)  # an onerror or onload handler would have fired by now
    title = driver.title
    found = driver.execute_script(
        "return {marked: document.documentElement.dataset.pwned || null, global: window.pwned || null,"
        " scripts: document.scripts.length,"
        " handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,"
        " js_links: [...document.querySelectorAll('a[href]')]"
        ".filter(a => /^\\s*javascript:/i.test(a.href)).length}"
    )
    assert title != MARK and not title.startswith(MARK), title
    assert found == {"marked": None, "global": None, "scripts": 0, "handlers": 0, "js_links": 0}, (url, found)
    assert (
        "document.title=" in driver.page_source
        or "document.title=" in driver.find_element("tag name", "body").text
    )
    return str(title)


def as_page(markdown: str, folder: Path, name: str) -> Path:
    """Markdown rendered to HTML as a permissive viewer does (raw HTML allowed), with no policy of ours."""
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    page = folder / f"{name}.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{name}</title></head>"
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return page


def test_the_pv_in_html_markdown_and_pdf_and_the_digest_run_nothing(
    app: Application, driver: Any, tmp_path: Path
) -> None:
    outcome = services.campaign_outcome(
        app.uow(), app.settings.project_name, "recette", "1.1.0", "recette-1.1.0", app.settings.rules
    )
    gates = approvals.gate_states(app.uow(), app.gates(), "1.1.0")
    written = publication.publish(outcome, "fr", tmp_path / "pv", ["html", "md", "digest", "pdf"], gates)

    assert inert(driver, written["html"].as_uri()).startswith("Procès-verbal de recette — Paie <script>")
    assert (
        inert(driver, as_page(written["md"].read_text(encoding="utf-8"), tmp_path, "pv-md").as_uri())
        == "pv-md"
    )
    digest = as_page(written["digest"].read_text(encoding="utf-8"), tmp_path, "digest")
    assert inert(driver, digest.as_uri()) == "digest"
    pdf = written["pdf"].read_bytes()
    assert pdf_title(pdf).startswith(
        "Procès-verbal de recette — Paie <script>"
    )  # not the marker: no script ran
    assert b"/JavaScript" not in pdf and b"/JS " not in pdf and b"/OpenAction" not in pdf


def pdf_title(pdf: bytes) -> str:
    """The ``/Title`` of the PDF's information (Chromium writes the page's title there when printing)."""
    found = re.search(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]+>)", pdf)
    if found is None:  # in a compressed object stream
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
            try:
                inflated = zlib.decompress(stream)
            except zlib.error:
                continue
            found = re.search(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]+>)", inflated)
            if found:
                break
    assert found is not None, "no /Title in the PDF"
    raw = found.group(1)
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    text = re.sub(rb"\\(.)", rb"\1", raw[1:-1])
    return text[2:].decode("utf-16-be") if text.startswith(b"\xfe\xff") else text.decode("latin-1")


@pytest.fixture
def server(app: Application, port: int) -> Iterator[str]:
    """The page served by uvicorn on loopback, in a thread, for the time of the test."""
    with served(app, port) as base:
        yield base


def test_the_approvers_pages_run_nothing(server: str, driver: Any) -> None:
    link = token("martin")
    driver.get(f"{server}/l/{link}")  # the door: on to the gate's page
    assert "/gates/1.1.0/vabf" in driver.current_url
    inert(driver, driver.current_url)
    inert(driver, f"{server}/gates/1.1.0/vabf/pv")
    inert(driver, f"{server}/")


def test_the_notification_e_mails_run_nothing(
    app: Application, smtp: SmtpReceiver, driver: Any, tmp_path: Path
) -> None:
    bodies = [m.get_body(preferencelist=("html",)) for m in smtp.messages]
    assert len(bodies) >= 3  # the approval requests, then the decision recorded
    events = set()
    for number, body in enumerate(bodies):
        assert body is not None
        page = tmp_path / f"mail-{number}.html"
        page.write_text(body.get_content(), encoding="utf-8")
        events.add(smtp.messages[number]["Subject"][:20])
        inert(driver, page.as_uri())
    assert len(events) >= 2
