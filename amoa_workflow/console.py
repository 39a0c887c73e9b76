"""What the terminal shows: Rich tables for a checkpoint's outcome."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from amoa_workflow.i18n import translator
from amoa_workflow.services import CampaignOutcome

_STYLE = {
    "ok": "green", "failing": "red", "not_covered": "yellow", "not_run": "dim",
    "blocking": "bold red", "major": "yellow", "minor": "dim",
}  # fmt: skip


def print_outcome(console: Console, outcome: CampaignOutcome, report: Path, lang: str) -> None:
    t = translator(lang)
    table = Table(
        title=t("cli.checkpoint_title", release=outcome.release.version, campaign=outcome.campaign_key)
    )
    for column in ("col.requirement", "col.title", "col.criticality", "col.scenarios", "col.passed",
                   "col.failed", "col.verdict"):  # fmt: skip
        table.add_column(t(column))
    for row in outcome.coverage:
        verdict = row.verdict.value
        table.add_row(
            row.requirement.code, row.requirement.title, t(row.requirement.criticality.value),
            str(len(row.scenario_keys)), str(row.passed), str(row.failed),
            f"[{_STYLE[verdict]}]{t(verdict)}[/]",
        )  # fmt: skip
    console.print(table)
    gaps = Table(title=t("cli.gaps_title", count=len(outcome.gaps)))
    for column in ("col.severity", "col.type", "col.requirement", "col.detail"):
        gaps.add_column(t(column))
    for gap in outcome.gaps:
        detail = "; ".join(gap.item_texts or gap.scenario_keys)
        gaps.add_row(f"[{_STYLE[gap.severity.value]}]{t(gap.severity.value)}[/]", t(gap.type.value),
                     gap.requirement_code or "-", detail)  # fmt: skip
    console.print(gaps)
    counts = ", ".join(f"{t(status)}: {count}" for status, count in sorted(outcome.counts.items()))
    console.print(f"{t('report.scenarios')} — {counts}")
    console.print(t("cli.report_written", path=report))
