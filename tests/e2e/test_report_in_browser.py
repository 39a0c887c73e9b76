"""The PV de recette opened in a real headless Chromium: hostile names are shown as text, never run."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.reporting import publication
from amoa_workflow.settings.project import load_settings
from tests.browser import FLAGS, find_browser
from tests.conftest import REPO
from tests.sample_checkpoint import run_checkpoint

HOSTILE = "<script>alert(1)</script>"
OUTPUT = REPO / "test-output"


@pytest.fixture(scope="module")
def chromium() -> str:
    (found,) = find_browser(("chromium", "chromium-browser"))
    return found


@pytest.fixture
def report(sample_project: Path) -> Path:
    feature = sample_project / "features" / "hostile.feature"
    feature.write_text(
        f"# language: fr\nFonctionnalité: Noms hostiles\n  @EXG-001\n  Scénario: {HOSTILE}\n"
        "    Étant donné un gestionnaire de paie connecté\n",
        encoding="utf-8",
    )
    app = bootstrap(load_settings(sample_project, environ={}))
    key = run_checkpoint(app, "1.1.0").campaign_key
    outcome = services.campaign_outcome(app.uow(), "Paie", "recette", "1.1.0", key, app.settings.rules)
    app.engine.dispose()
    return publication.publish(outcome, "fr", sample_project / "data" / "reports", ["html"])["html"]


def browse(chromium: str, page: Path, *args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


def test_the_report_renders_in_chromium_with_the_hostile_name_as_text(
    chromium: str, report: Path, tmp_path: Path
) -> None:
    OUTPUT.mkdir(exist_ok=True)
    screenshot = OUTPUT / "pv-recette-chromium.png"
    screenshot.unlink(missing_ok=True)

    dom = browse(chromium, report, "--dump-dom", profile=tmp_path / "profile").stdout
    browse(chromium, report, "--window-size=1280,2400", f"--screenshot={screenshot}", profile=tmp_path / "p2")

    assert "Procès-verbal de recette" in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # shown as text…
    assert "<script" not in dom.lower()  # …and no script element in the rendered page at all
    assert screenshot.stat().st_size > 10_000


def test_the_pv_prints_to_pdf_with_the_machine_s_chromium(chromium: str, report: Path) -> None:
    from amoa_workflow.reporting.pdf import print_pdf

    pdf = print_pdf(report, OUTPUT / "pv-recette.pdf")

    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size > 10_000
