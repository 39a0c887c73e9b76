"""The HTML report shows user text as text, in French or English."""

from __future__ import annotations

from pathlib import Path

import pytest

from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.gaps import analyse, coverage
from amoa_workflow.domain.model import Criticality, Release, Requirement, ScenarioResult, Status
from amoa_workflow.reporting.acceptance_report import HtmlReport, status_bar

HOSTILE = "<script>alert(1)</script>"


def outcome() -> CampaignOutcome:
    requirements = [
        Requirement("EXG-001", "Salaire net", Criticality.CRITICAL, "Paie"),
        Requirement("EXG-013", "DSN mensuelle", Criticality.CRITICAL, "Déclaratif"),
    ]
    results = (
        ScenarioResult(
            key=f"paie.feature::{HOSTILE}", feature_path="features/paie.feature", feature_name="Paie",
            scenario=HOSTILE, line=4, status=Status.FAILED, tags=("EXG-001",), requirement_codes=("EXG-001",),
            message=f"AssertionError: {HOSTILE}",
        ),
    )  # fmt: skip
    release = Release("1.1.0", "2025-03-14", ())
    return CampaignOutcome(
        project="Paie", checkpoint="recette", campaign_key="recette-1.1.0", attempt=2, release=release,
        results=results, coverage=tuple(coverage(requirements, results)),
        gaps=tuple(analyse(requirements, release, results)), run_folder="/runs/x",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Procès-verbal de recette", "Exigence sans scénario", "non couverte", "bloquant"]),
        ("en", ["Acceptance report", "Requirement with no scenario", "not covered", "blocking"]),
    ],
)
def test_the_report_speaks_the_language_asked(tmp_path: Path, lang: str, words: list[str]) -> None:
    path = HtmlReport(lang=lang).render(outcome(), tmp_path / "report.html")

    html = path.read_text(encoding="utf-8")
    for word in words:
        assert word in html


def test_scenario_names_and_messages_are_escaped(tmp_path: Path) -> None:
    html = HtmlReport(lang="fr").render(outcome(), tmp_path / "report.html").read_text(encoding="utf-8")

    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_status_bar_is_proportional() -> None:
    segments = status_bar({"passed": 3, "failed": 1}, width=400)

    assert [(s["status"], s["width"]) for s in segments] == [("passed", 300.0), ("failed", 100.0)]
