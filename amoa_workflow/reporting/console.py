"""What the terminal shows: Rich tables for a checkpoint's outcome."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from amoa_workflow.checkpoint.services import CampaignOutcome, IngestSummary
from amoa_workflow.domain.exit_criteria import Recommendation
from amoa_workflow.domain.gates import GateState
from amoa_workflow.domain.model import Gap
from amoa_workflow.i18n import decimal, translator

if TYPE_CHECKING:  # the release-notes readers (jsonschema, YAML) are not needed to print a summary
    from amoa_workflow.release_notes import Reading

_STYLE = {
    "ok": "green", "failing": "red", "not_covered": "yellow", "not_run": "dim",
    "blocking": "bold red", "major": "yellow", "minor": "dim",
}  # fmt: skip


def cause(gap: Gap, t: Callable[..., str]) -> str:
    """A gap's type in words, with its facts: « Régression (Constats : Exigence non conforme) »."""
    if not gap.facts:
        return t(gap.type.value)
    return f"{t(gap.type.value)} ({t('report.facts')} {', '.join(t(f.value) for f in gap.facts)})"


def missed_criteria(recommendation: Recommendation, lang: str) -> str:
    """The exit criteria ``recommendation`` misses, each with what was found and what is expected."""
    t = translator(lang)
    return "; ".join(
        f"{t('criterion.' + c.name)}{t('colon')} {decimal(c.actual, lang)} / {decimal(c.expected, lang)}"
        for c in recommendation.missed
    )


def print_keyed(
    console: Console, title: str, headers: Sequence[str], rows: Sequence[Sequence[str | Text]]
) -> None:
    """Rows whose first cell is an id typed into another command (``amoa gaps accept ID``,
    ``amoa approve --reservation ID``, a scenario's key, a tester): never cut nor wrapped, at any
    width; the other cells wrap and fold, losing nothing. A terminal too narrow for the table gets
    one block per row: the id alone on its line, then the rest. A cell is plain text, or a
    :class:`~rich.text.Text` already styled."""
    widest = max((cell_len(str(row[0])) for row in rows), default=0)
    if console.width < widest + 4 + (len(headers) - 1) * _NARROWEST:
        console.print(title, highlight=False)
        for first, *others in rows:
            console.print(Text(str(first)), soft_wrap=True, highlight=False)
            rest = Text(" · ").join(Text(c) if isinstance(c, str) else c for c in others)
            console.print(Padding(rest, (0, 0, 0, 2)), highlight=False)
        return
    table = Table(title=title)
    table.add_column(headers[0], no_wrap=True, overflow="ignore", min_width=widest)
    for header in headers[1:]:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) if isinstance(cell, str) else cell for cell in row))
    console.print(table)


_NARROWEST = 11  # a column narrower than this (borders included) breaks most words


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
        gaps.add_row(f"[{_STYLE[gap.severity.value]}]{t(gap.severity.value)}[/]", cause(gap, t),
                     gap.requirement_code or "-", detail)  # fmt: skip
    console.print(gaps)
    counts = ", ".join(f"{t(status)}: {count}" for status, count in sorted(outcome.counts.items()))
    console.print(f"{t('report.scenarios')} — {counts}")
    if outcome.assessment is not None:
        recommendation = outcome.assessment.recommendation
        style = {"go": "bold green", "go_with_reservations": "bold yellow", "no_go": "bold red"}[
            recommendation.outcome
        ]
        missed = missed_criteria(recommendation, lang)
        line = f"{t('report.recommendation')}{t('colon')} [{style}]{t(recommendation.outcome.value)}[/]"
        console.print(line + (f" ({missed})" if missed else ""), highlight=False)
    console.print(t("cli.report_written", path=report))


def print_ingest(console: Console, reading: Reading, summary: IngestSummary | None, lang: str) -> None:
    """Items by kind, references found, references to unknown requirements, and what changed."""
    t = translator(lang)
    release = reading.release
    date = f" ({release.released_on})" if release.released_on else ""
    console.print(t("ingest.title", release=release.version, date=date, format=reading.format), style="bold")
    kinds = Table(show_header=True)
    kinds.add_column(t("col.kind"))
    kinds.add_column(t("ingest.count"), justify="right")
    for kind, count in sorted(Counter(item.kind.value for item in release.items).items()):
        kinds.add_row(t(kind), str(count))
    console.print(kinds)
    for label, values in (
        ("ingest.requirements", [c for i in release.items for c in i.requirement_refs]),
        ("ingest.anomalies", [c for i in release.items for c in i.anomaly_refs]),
        ("ingest.tickets", [c for i in release.items for c in i.tickets]),
        ("ingest.issues", [c for i in release.items for c in i.issue_numbers]),
        ("ingest.links", [c for i in release.items for c in i.links]),
    ):
        if values:
            console.print(
                f"{t(label)} ({len(set(values))}) : " + ", ".join(dict.fromkeys(values)), highlight=False
            )
    for warning in reading.warnings:
        console.print(f"[yellow]{t('ingest.warning')}[/] {warning.render(lang)}", highlight=False)
    if summary is None:
        console.print(t("ingest.dry_run"))
        return
    if summary.unknown_refs:
        console.print(f"[yellow]{t('ingest.unknown')}[/] " + ", ".join(summary.unknown_refs), highlight=False)
    console.print(t(f"ingest.{summary.notes}", revision=summary.revision))
    if summary.change is not None:
        for item in summary.change.added:
            console.print(f"[green]+ {t(item.kind.value)}: {item.text}[/]", highlight=False)
        for item in summary.change.removed:
            console.print(f"[red]- {t(item.kind.value)}: {item.text}[/]", highlight=False)


def doubt_lines(states: Sequence[GateState], lang: str) -> list[str]:
    """One line per decision shown that does not verify and per gate whose outcome does not follow
    from its verified decisions (``amoa gates``, the PV, a decision recorded, a gate flow's log)."""
    t = translator(lang)
    lines = []
    for state in states:
        check, gate = state.check, state.gate
        if check is None:
            continue
        for decision in state.decisions:
            why = check.doubt(decision)
            if why is not None:
                lines.append(
                    t("cli.decision_not_verified", gate=gate.name, release=gate.release, id=decision.id,
                      approver=decision.approver, why=t(f"report.doubt_{why.value}"))
                )  # fmt: skip
        if not check.established:
            lines.append(
                t("cli.gate_not_established", gate=gate.name, release=gate.release,
                  outcome=t("gate." + gate.outcome.value))
            )  # fmt: skip
    return lines
