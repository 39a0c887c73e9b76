"""An approver's whole path in a real headless Chromium (Selenium, Debian's chromium-driver):
the approval request arrives with a link, the link opens the PV, the approver approves with a
reservation and sees the outcome. Screenshots go to test-output/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import Application
from amoa_workflow.gates import approvals
from tests.browser import find_browser
from tests.conftest import REPO
from tests.receivers import HttpReceiver, free_port
from tests.web_project import APPROVERS, HOSTILE, prepared, served

OUTPUT = REPO / "test-output"
GAP = "requirement_failing:EXG-004"
WITH_CHANNEL = APPROVERS.replace(
    'domains = ["Paie"]', 'domains = ["Paie"]\nurls_from = ["AMOA_NOTIFY_DUPONT"]'
)


@pytest.fixture(scope="module")
def browser_paths() -> tuple[str, str]:
    chromium, driver = find_browser(("chromium", "chromium-browser"), ("chromedriver", "chromium-driver"))
    return chromium, driver


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def app(
    sample_project: Path, mailbox: HttpReceiver, port: int, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Application]:
    monkeypatch.setenv("AMOA_WEB_SECRET", "e2e-secret-0123456789-abcdefghijklmnopq")
    monkeypatch.setenv("AMOA_WEB_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AMOA_NOTIFY_DUPONT", mailbox.url("/dupont"))
    application = prepared(sample_project, f"sqlite:///{sample_project / 'amoa.db'}", announce=True,
                           approvers=WITH_CHANNEL)  # fmt: skip
    yield application
    application.engine.dispose()


@pytest.fixture
def server(app: Application, port: int) -> Iterator[str]:
    """The page served by uvicorn on loopback, in a thread, for the time of the test."""
    with served(app, port) as base:
        yield base


@pytest.fixture
def driver(browser_paths: tuple[str, str]) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = browser_paths
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-sync",
                 "--lang=fr-FR"):  # fmt: skip
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})  # Accept-Language
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2}}
    )
    browser = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def test_an_approver_opens_the_link_reads_the_pv_and_approves_with_a_reservation(
    server: str, driver: object, mailbox: HttpReceiver, app: Application
) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.wait import WebDriverWait

    assert isinstance(driver, WebDriver)
    OUTPUT.mkdir(exist_ok=True)
    shots = [OUTPUT / "web-1-pv-telephone.png", OUTPUT / "web-2-decision-enregistree.png"]
    for shot in shots:
        shot.unlink(missing_ok=True)
    [message] = [r.body for r in mailbox.requests if r.path == "/dupont"]
    link = re.search(r"http://127\.0\.0\.1:\d+/l/[A-Za-z0-9_.\-]+", str(message["message"]))
    assert link, message

    driver.get(link.group(0))
    assert driver.current_url == f"{server}/gates/1.1.0/vabf"  # the token left the address bar
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "VABF — version 1.1.0" in body and "Recommandation" in body and HOSTILE in body  # as text
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - the hostile name ran nothing
    width = driver.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
    assert width[0] == 390 and width[1] <= width[0]  # a phone's width, and nothing to scroll sideways
    driver.save_screenshot(str(shots[0]))

    driver.find_element(By.ID, "decision-approve_with_reservations").click()
    row = next(
        e.get_attribute("name").removesuffix("-gap")  # type: ignore[union-attr]
        for e in driver.find_elements(By.CSS_SELECTOR, "input[type=hidden][name$='-gap']")
        if e.get_attribute("value") == GAP
    )
    driver.find_element(By.ID, f"{row}-on").click()
    driver.find_element(By.ID, f"{row}-owner").send_keys("MOE PaieNova")
    due = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, f"{row}-due"), due)
    driver.find_element(By.ID, "comment").send_keys("Go, sous réserve de la correction d'ANO-042")
    driver.find_element(By.ID, "send").click()

    decided = WebDriverWait(driver, 20).until(
        lambda d: d.find_elements(By.ID, "decided") or d.find_elements(By.ID, "problems")
    )
    assert decided[0].text.startswith("Votre décision est enregistrée")
    assert "approuvé avec réserves" in driver.find_element(By.ID, "gate-outcome").text
    driver.save_screenshot(str(shots[1]))
    [state] = approvals.gate_states(app.uow(), app.gates(), "1.1.0")
    assert state.gate.outcome.value == "approved_with_reservations"
    assert state.decisions[0].reservations[0].owner == "MOE PaieNova"
    driver.get(link.group(0))  # the same link again: used
    assert "lien déjà utilisé" in driver.find_element(By.TAG_NAME, "body").text
    assert all(shot.stat().st_size > 10_000 for shot in shots)
