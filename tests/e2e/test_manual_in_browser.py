"""Tests utilisateurs in a real headless Chromium at a phone's width (Selenium, Debian's
chromium-driver), on the bundled sample after a real run: its manual scenarios are pending and the
recommendation says so; each tester is sent their link (outbox, apprise, an HTTP receiver); two
testers open the links of their messages and execute their scenarios, one fails a
step with a comment and a screenshot; then the approver's PV shows the manual results, the gap
with the tester's comment and a working link to the screenshot, and the recommendation no longer
waits for the manual part. Screenshots go to test-output/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.gates import approvals
from amoa_workflow.manual import invitations
from amoa_workflow.settings.project import load_settings
from amoa_workflow.settings.testers import load_testers
from amoa_workflow.web.links import LinkSigner
from tests.e2e.test_web_in_browser import OUTPUT, browser_paths, driver, port  # noqa: F401 - fixtures
from tests.receivers import HttpReceiver
from tests.sample_checkpoint import run_checkpoint
from tests.web_project import APPROVERS, served

SECRET = "e2e-secret-0123456789-abcdefghijklmnopq"
KEY = "recette-1.1.0"
BULLETIN = "Lecture d'un bulletin de paie imprimé"
COMMENT = "Le net à payer est imprimé en gris clair : illisible sur papier"


@pytest.fixture
def app(
    sample_project: Path,
    port: int,  # noqa: F811
    mailbox: HttpReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Application]:
    monkeypatch.setenv("AMOA_WEB_SECRET", SECRET)
    monkeypatch.setenv("AMOA_WEB_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AMOA_NOTIFY_LEROY", mailbox.url("/leroy"))
    monkeypatch.setenv("AMOA_NOTIFY_BENALI", mailbox.url("/benali"))
    (sample_project / "config" / "approvers.toml").write_text(APPROVERS, encoding="utf-8")
    testers = sample_project / "config" / "testers.toml"
    text = testers.read_text(encoding="utf-8")
    with_channel = 'name = "Karim Benali"\nchannel = "AMOA_NOTIFY_BENALI"'
    testers.write_text(text.replace('name = "Karim Benali"', with_channel), encoding="utf-8")
    url = f"sqlite:///{sample_project / 'amoa.db'}"
    application = bootstrap(load_settings(sample_project, environ={"AMOA_DATABASE_URL": url}))
    outcome = run_checkpoint(application, "1.1.0")
    approvals.open_gates(application.uow(), application.gates(), "recette", "1.1.0", outcome.gaps, "no_go",
                         services.utc_now, lambda events: None, "test")  # fmt: skip
    # What the checkpoint flow does next (flows.manual.open_manual_part): each tester is sent their link.
    invitations.open_manual_part(
        application.uow(), KEY, "recette", load_testers(sample_project), application.settings.manual_tags,
        timedelta(hours=72), services.utc_now, application.tester_links(),
        application.announcer(application.notifications()),
    )  # fmt: skip
    yield application
    application.engine.dispose()


def judged(app: Application) -> services.CampaignOutcome:
    return services.campaign_outcome(app.uow(), "Paie", "recette", "1.1.0", KEY, app.settings.rules)


def link_for(mailbox: HttpReceiver, tester: str) -> str:
    """The link in the message the tester received (through the outbox and apprise)."""
    [message] = [str(r.body["message"]) for r in mailbox.requests if r.path == f"/{tester}"]
    found = re.search(r"http://127\.0\.0\.1:\d+/l/[A-Za-z0-9_.\-]+", message)
    assert found and ".unsigned" not in found.group(0), message
    return found.group(0)


def execute(
    browser: object, scenario: str, failing: int | None = None, screenshot: Path | None = None
) -> None:
    """Open ``scenario`` (still to do) from the tester's list, mark every step passed (step
    ``failing`` failed, with the comment and the screenshot), save, and come back to the list."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.wait import WebDriverWait

    assert isinstance(browser, WebDriver)
    todo = [
        item for item in browser.find_elements(By.CSS_SELECTOR, "#scenarios li")
        if scenario in item.text and item.find_elements(By.CSS_SELECTOR, ".badge.pending")
    ]  # fmt: skip
    todo[0].find_element(By.TAG_NAME, "a").click()  # an outline's rows share a name: the first one to do
    steps = browser.find_elements(By.CSS_SELECTOR, "fieldset.step")
    assert steps
    for number, step in enumerate(steps):
        position = (step.get_attribute("id") or "").removeprefix("step-")
        verdict = "failed" if number == failing else "passed"
        browser.find_element(By.ID, f"s-{position}-{verdict}").click()
        if number == failing:
            browser.find_element(By.ID, f"s-{position}-comment").send_keys(COMMENT)
            browser.find_element(By.ID, f"s-{position}-file").send_keys(str(screenshot))
    browser.find_element(By.ID, "save").click()
    answers = ("saved", "problems", "message")  # recorded, refused, or a page of its own (403…)
    answer = WebDriverWait(browser, 20).until(
        lambda d: [found for i in answers for found in d.find_elements(By.ID, i)]
    )
    assert answer[0].get_attribute("id") == "saved", answer[0].text


def test_two_testers_execute_their_scenarios_and_the_pv_shows_it(
    app: Application,
    mailbox: HttpReceiver,
    port: int,  # noqa: F811
    driver: object,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(driver, WebDriver)
    OUTPUT.mkdir(exist_ok=True)
    shots = [OUTPUT / "manual-1-scenario-telephone.png", OUTPUT / "manual-2-pv-tests-utilisateurs.png"]
    for shot in shots:
        shot.unlink(missing_ok=True)
    before = judged(app).assessment
    assert before is not None
    assert "manual_pending" in {c.name for c in before.recommendation.missed}

    with served(app, port) as base:
        driver.get(link_for(mailbox, "leroy"))
        assert driver.current_url == f"{base}/manual"  # the token left the address bar
        assert "0 scénario(s) sur 4 exécuté(s)" in driver.find_element(By.ID, "progress").text
        listing = driver.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
        assert listing[0] == 390 and listing[1] <= listing[0]  # the list too fits a phone
        driver.find_element(By.PARTIAL_LINK_TEXT, BULLETIN).click()
        page = driver.find_element(By.TAG_NAME, "body").text
        assert "conservez ce bulletin de paie sans limitation de durée." in page  # the doc string
        width = driver.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
        wide = driver.execute_script(
            "return [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > 390)"
            ".map(e => e.tagName + '#' + e.id + '.' + e.className + ':' + e.getBoundingClientRect().right)"
        )
        assert width[0] == 390 and width[1] <= width[0], wide  # a phone's width, nothing to scroll sideways
        driver.save_screenshot(str(shots[0]))
        driver.back()
        execute(driver, BULLETIN, failing=2, screenshot=shots[0])
        for scenario in ("Contrôle d'un salaire proratisé", "Contrôle d'un salaire proratisé",
                         "Explication du taux de prélèvement"):  # fmt: skip
            execute(driver, scenario)  # the outline's second row once the first is done: still listed
        assert "4 scénario(s) sur 4 exécuté(s)" in driver.find_element(By.ID, "progress").text

        driver.delete_all_cookies()
        driver.get(link_for(mailbox, "benali"))
        page = driver.find_element(By.TAG_NAME, "body").text
        assert BULLETIN not in page  # Sophie Leroy's
        driver.find_element(By.PARTIAL_LINK_TEXT, "Consultation du solde de congés").click()
        assert "Solde disponible" in driver.find_element(By.CSS_SELECTOR, "table.data").text
        driver.back()
        execute(driver, "Consultation du solde de congés")

        driver.delete_all_cookies()
        approver = LinkSigner(SECRET.encode()).issue("dupont", "1.1.0", "vabf", datetime.now(UTC))[0]
        driver.get(f"{base}/l/{approver}")  # the approver reads the PV
        driver.get(f"{base}/gates/1.1.0/vabf/pv")
        manual = driver.find_element(By.ID, "manual").text
        assert "leroy" in manual and "benali" in manual and "en attente" not in manual
        gaps = driver.find_element(By.ID, "gaps")
        assert f"leroy: {COMMENT}" in gaps.text
        attachment = gaps.find_element(By.CSS_SELECTOR, "a.attachment")
        pv = driver.find_element(By.TAG_NAME, "body").text
        assert "Recommandation" in pv and "manuelle(s) en attente" not in pv
        driver.execute_script("arguments[0].scrollIntoView()", attachment)
        driver.save_screenshot(str(shots[1]))
        href = attachment.get_attribute("href") or ""
        assert href.startswith(f"{base}/gates/1.1.0/vabf/attachments/")
        attachment.click()
        assert driver.current_url == href
        image = driver.find_element(By.TAG_NAME, "img")  # Chromium shows the PNG as an image document
        assert driver.execute_script("return arguments[0].naturalWidth", image) > 0

    after = judged(app).assessment
    assert after is not None
    missed = {c.name for c in after.recommendation.missed}
    assert "manual_pending" not in missed  # judged with what testers recorded, no longer waiting
    assert missed != {c.name for c in before.recommendation.missed}
    done = [r for r in judged(app).results if r.executed_by]
    assert len(done) == 5 and {r.executed_by for r in done} == {"leroy", "benali"}
    assert [r.status.value for r in done if r.scenario == BULLETIN] == ["failed"]
    assert any(g.identity == "requirement_failing:EXG-001" for g in judged(app).gaps)
    assert all(shot.stat().st_size > 10_000 for shot in shots)
