"""The PV read in headless Chromium: on a phone (390 px) nothing scrolls sideways, the trend chart
has axes, a legend and an accessible title, and the PDF is A4 with numbered pages and a signature
block naming each approver, their role and their decision. Screenshots of the PV (desktop and
390 px) and a PNG of the PDF's first page (drawn by PDFium) go to the test output folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from amoa_workflow.domain.decisions import Decision, DecisionKind
from amoa_workflow.domain.gates import Gate, GateApprover, GateDefinition, GateState, GateStatus
from amoa_workflow.domain.quorum import Outcome
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


DUPONT = GateApprover("dupont", "Claire Dupont", role="Responsable paie (MOA)")
MARTIN = GateApprover("martin", "Paul Martin", role="Directeur des ressources humaines (MOA)")
VABF = GateDefinition("vabf", "VABF — vérification d'aptitude", "recette", (DUPONT, MARTIN))
DECIDED = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
GATES = [
    GateState(
        VABF,
        Gate("vabf", "1.1.0", GateStatus.CLOSED, DECIDED, 1, Outcome.APPROVED, DECIDED, id=1),
        (
            Decision("dupont", DecisionKind.APPROVE, DECIDED, "Conforme pour la paie"),
            Decision("martin", DecisionKind.APPROVE, DECIDED, "Bon pour la mise en production"),
        ),
    )
]


@pytest.fixture(scope="module")
def pv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    judged = outcome(300)
    assert judged.assessment is not None
    judged = replace(judged, assessment=replace(judged.assessment, trend=TREND))
    return HtmlReport("fr").render(judged, tmp_path_factory.mktemp("pv") / "recette-1.1.0.html", gates=GATES)


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


A4 = (595.3, 841.9)  # points


@pytest.fixture(scope="module")
def pdf(pv: Path) -> Path:
    find_browser(("chromium", "chromium-browser"))
    OUTPUT.mkdir(exist_ok=True)
    return print_pdf(pv, OUTPUT / "pv-recette-a4.pdf")


def test_the_pdf_is_a4_with_numbered_pages_and_a_signature_block_of_names_roles_and_decisions(
    pdf: Path,
) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    pages = [document[n] for n in range(len(document))]
    texts = [" ".join(page.get_textpage().get_text_bounded().split()) for page in pages]
    sizes = [(page.get_width(), page.get_height()) for page in pages]
    document.close()

    assert len(pages) > 1  # the PV of 300 requirements takes several pages, each A4
    assert all(abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2 for width, height in sizes)
    assert all(f"{n} / {len(pages)}" in text for n, text in enumerate(texts, 1)), [t[-40:] for t in texts]
    block = "".join(texts).split("Décisions des valideurs", 1)[-1]
    for name, role in ((DUPONT.name, DUPONT.role), (MARTIN.name, MARTIN.role)):
        assert f"{name} {role} approuvé" in block, block[:600]
    assert VABF.label not in block.split(DUPONT.name, 1)[1]  # the person's role, not the gate's label


def test_the_first_page_of_the_pdf_drawn_as_png_is_a4_and_not_blank(pdf: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import Image, ImageStat

    document = pdfium.PdfDocument(pdf)
    document[0].render(scale=100 / 72).to_pil().save(OUTPUT / "pv-page-1.png")  # 100 dpi
    document.close()

    with Image.open(OUTPUT / "pv-page-1.png") as image:
        width, height = image.size
        grey = image.convert("L")
        inked = sum(grey.histogram()[:200]) / (width * height)  # share of pixels clearly not white
        spread = ImageStat.Stat(grey).stddev[0]
    assert abs(height / width - A4[1] / A4[0]) < 0.01 and width >= 800
    assert inked > 0.02 and spread > 10, f"{inked:.1%} inked, stddev {spread:.1f}"
