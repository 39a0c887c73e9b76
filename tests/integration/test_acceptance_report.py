"""The sample's two releases judged in order: the right gaps, the right outcome, in every format."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.exit_criteria import Outcome
from amoa_workflow.domain.gap_lifecycle import GapStatus
from amoa_workflow.domain.model import GapType
from amoa_workflow.domain.release_diff import Change
from amoa_workflow.reporting import publication
from amoa_workflow.reporting.evidence import verify_pack
from tests.sample_checkpoint import run_checkpoint


def test_release_1_1_0_after_1_0_0_is_no_go_for_the_right_reasons(sample_app: Application) -> None:
    first = run_checkpoint(sample_app, "1.0.0")
    second = run_checkpoint(sample_app, "1.1.0")

    assert first.assessment is not None and second.assessment is not None
    assert {(g.type, g.requirement_code) for g in second.gaps} == {
        (GapType.FIX_STILL_FAILING, "EXG-004"),
        (GapType.KNOWN_LIMITATION, "EXG-013"),  # DSN: under "Limitations connues" in both releases
    }
    recommendation = second.assessment.recommendation
    assert recommendation.outcome is Outcome.NO_GO
    # …and its four tests utilisateurs (five executions: an outline of two rows) are still to do
    assert {c.name: c.actual for c in recommendation.missed} == {
        "max_blocking": 1, "critical_requirements_ok": 60.0, "manual_pending": 5,
    }  # fmt: skip
    changes = {c.code: c.change for c in second.assessment.changes}
    assert (changes["EXG-005"], changes["EXG-011"], changes["EXG-004"]) == (
        Change.NEWLY_OK, Change.NEWLY_OK, Change.STILL_FAILING,
    )  # fmt: skip
    assert [p.release for p in second.assessment.trend] == ["1.0.0", "1.1.0"]
    tracked = {g.identity: g for g in second.assessment.tracked}
    assert tracked["known_limitation:EXG-013"].first_release == "1.0.0"


def test_gaps_fixed_in_1_1_0_are_resolved_and_stay_tracked(sample_app: Application) -> None:
    run_checkpoint(sample_app, "1.0.0")
    run_checkpoint(sample_app, "1.1.0")

    with sample_app.uow() as uow:
        gaps = {g.identity: g for g in uow.tracked_gaps.all()}

    assert gaps["known_limitation:EXG-011"].status is GapStatus.RESOLVED  # announced for 1.1.0, delivered
    assert [e.release for e in gaps["known_limitation:EXG-011"].history] == ["1.0.0", "1.1.0"]
    assert gaps["fix_still_failing:ANO-042"].status is GapStatus.OPEN


def test_every_format_but_pdf_is_published_and_the_evidence_pack_is_intact(
    sample_app: Application, tmp_path: Path
) -> None:
    run_checkpoint(sample_app, "1.1.0")
    outcome = services.campaign_outcome(
        sample_app.uow(), "Paie", "recette", "1.1.0", "recette-1.1.0", sample_app.settings.rules
    )

    formats = [f for f in publication.FORMATS if f != "pdf"]  # the PDF needs Chromium: tests/e2e

    written = publication.publish(outcome, "fr", tmp_path, formats)

    html = written["html"].read_text(encoding="utf-8")
    assert "NO GO" in html and "Correction annoncée toujours en échec" in html
    assert "# Procès-verbal de recette" in written["md"].read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(written["csv"].read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Exigence", "Intitulé"]
    assert next(r for r in rows if r[0] == "EXG-013")[4] == "non couverte"
    assert "Bulletin de paie dématérialisé" in written["digest"].read_text(encoding="utf-8")
    digest = written["digest"].read_text(encoding="utf-8")
    assert "ANO-042" not in digest  # announced fixed, still failing: not in what the release brings
    assert "Documentation de l'API enrichie" not in digest  # names no requirement: nothing verified it
    assert verify_pack(written["evidence"]) == []
    assert written["xlsx"].stat().st_size > 0
    assert sorted(written) == sorted(formats)


def tables_by_section(markdown: str) -> tuple[dict[str, int], list[str]]:
    """How many tables each heading's section holds, as a Markdown viewer renders it, and the lines
    that look like table rows (``|…``, ``\\|…``) but render as something else."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    counts: dict[str, int] = {}
    in_tables: set[int] = set()
    section = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            section = tokens[index + 1].content
            counts[section] = 0
        elif token.type == "table_open" and token.map:
            counts[section] += 1
            in_tables.update(range(*token.map))
    lines = markdown.splitlines()
    stray = [line for n, line in enumerate(lines) if line.startswith(("|", "\\|")) and n not in in_tables]
    return counts, stray


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_table_of_the_markdown_pv_renders_as_a_table_alone_and_in_the_pack(
    sample_app: Application, tmp_path: Path, lang: str
) -> None:
    run_checkpoint(sample_app, "1.1.0")
    outcome = services.campaign_outcome(
        sample_app.uow(), "Paie", "recette", "1.1.0", "recette-1.1.0", sample_app.settings.rules
    )

    written = publication.publish(outcome, lang, tmp_path, ["md", "evidence"])

    with zipfile.ZipFile(written["evidence"]) as pack:
        packed = pack.read("pv-recette.md").decode("utf-8")
    not_ok, ok = (
        ("Exigences non conformes, non exécutées ou non couvertes (2)", "Exigences conformes (12)")
        if lang == "fr"
        else ("Requirements failing, not run or not covered (2)", "Requirements OK (12)")
    )
    for markdown in (written["md"].read_text(encoding="utf-8"), packed):
        counts, stray = tables_by_section(markdown)
        assert stray == []
        assert counts[not_ok] == 1 and counts[ok] == 1, counts
        assert sum(counts.values()) == markdown.count("\n|---|") >= 5  # every table, each one rendered
