"""The PV read in headless Chromium: on a phone (390 px) nothing scrolls sideways, the trend chart
has axes, a legend and an accessible title, and the PDF is A4 with numbered pages. Screenshots of
the PV (desktop and 390 px) go to the test output folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from amoa_workflow.domain.release_diff import TrendPoint
from amoa_workflow.reporting.acceptance_report import HtmlReport
from amoa_workflow.reporting.pdf import print_pdf
from tests.browser import find_browser
from tests.conftest import REPO
from tests.large_recette import outcome

OUTPUT = REPO / "test-output"
TREND = (
    TrendPoint("1.0.0", 1300, 120, 20),
    TrendPoint("1.1.0", 1350, 100, 10),
    TrendPoint("1.2.0", 1400, 60, 10),
)


@pytest.fixture(scope="module")
def pv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    judged = outcome(300)
    assert judged.assessment is not None
    judged = replace(judged, assessment=replace(judged.assessment, trend=TREND))
    return HtmlReport("fr").render(judged, tmp_path_factory.mktemp("pv") / "recette-1.1.0.html")


def driver_at(width: int, height: int, mobile: bool) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = find_browser(
        ("chromium", "chromium-browser"), ("chromedriver", "chromium-driver")
    )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
    ):
        options.add_argument(flag)
    if mobile:
        options.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}}
        )
    else:
        options.add_argument(f"--window-size={width},{height}")
    browser = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    yield browser
    browser.quit()


@pytest.mark.parametrize(
    ("width", "mobile", "shot"), [(390, True, "pv-390px.png"), (1280, False, "pv-desktop.png")]
)
def test_the_pv_never_scrolls_sideways_and_its_chart_is_described(
    pv: Path, width: int, mobile: bool, shot: str
) -> None:
    from selenium.webdriver.common.by import By

    OUTPUT.mkdir(exist_ok=True)
    for driver in driver_at(width, 844, mobile):
        driver.get(pv.as_uri())  # type: ignore[attr-defined]
        inner, scroll = driver.execute_script(  # type: ignore[attr-defined]
            "return [window.innerWidth, document.documentElement.scrollWidth]"
        )
        trend = driver.find_element(By.ID, "trend")  # type: ignore[attr-defined]
        title = trend.find_element(By.TAG_NAME, "title").get_attribute("textContent")
        legend = driver.find_element(By.ID, "trend-legend").get_attribute("textContent")  # type: ignore[attr-defined]
        chart_width = trend.size["width"]
        driver.save_screenshot(str(OUTPUT / shot))  # type: ignore[attr-defined]

        assert inner == width and scroll <= inner, f"{scroll} px wide at {inner} px"
        assert chart_width <= inner
        assert title == "Tendance par version" and trend.get_attribute("aria-labelledby")
        assert all(word in legend for word in ("réussi", "échoué", "ignoré", "taux de réussite"))
    assert (OUTPUT / shot).stat().st_size > 10_000


def test_the_pdf_is_a4_with_numbered_pages(pv: Path) -> None:
    find_browser(("chromium", "chromium-browser"))
    pdf = print_pdf(pv, OUTPUT / "pv-recette-a4.pdf").read_bytes()

    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)
    assert len(boxes) > 1  # the PV of 300 requirements takes several pages, each A4
