"""What the terminal shows about scenario runs (Rich): a progress bar while they run, the run's
results, the history of a campaign's runs, flaky scenarios."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from amoa_workflow.domain.flakiness import Flakiness
from amoa_workflow.domain.model import RunRecord, Status
from amoa_workflow.i18n import translator
from amoa_workflow.reporting.console import print_keyed
from amoa_workflow.scenarios.runs import FlakinessRule, RunSummary

_STYLE = {
    "passed": "green",
    "failed": "red",
    "undefined": "dark_orange",
    "error": "magenta",
    "skipped": "dim",
    "pending": "blue",
}
_MARK = {"passed": "✓", "failed": "✗", "undefined": "?", "error": "!", "skipped": "-", "pending": "…"}


@contextmanager
def progress_bar(console: Console, lang: str) -> Iterator[Callable[[int, int], None]]:
    """A callback ``(reported, selected)`` drawing a bar; nothing is drawn when not on a terminal."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ) as progress:  # fmt: skip
        task = progress.add_task(translator(lang)("run.progress"), total=None)

        def update(reported: int, selected: int) -> None:
            progress.update(task, completed=reported, total=selected or None)

        yield update


def print_run(console: Console, summary: RunSummary, rule: FlakinessRule, lang: str) -> None:
    t = translator(lang)
    outcome = summary.outcome
    if outcome is None:
        return
    flaky = {f.key for f in summary.flakiness if f.flaky}
    title = t("run.title", attempt=outcome.attempt, campaign=outcome.campaign_key,
              selection=_selection(summary.selection.describe(), t))  # fmt: skip
    table = Table(title=escape(title))
    for column in ("col.status", "col.scenario", "col.requirement", "col.message"):
        table.add_column(t(column))
    for result in summary.ran:  # what needs a look: not passed, or flaky
        if result.status is Status.PASSED and result.key not in flaky:
            continue
        status = result.status.value
        mark = f" [yellow]({t('run.flaky')})[/]" if result.key in flaky else ""
        message = ((result.message or "").strip().splitlines() or [""])[0]
        codes = ", ".join(result.requirement_codes)
        table.add_row(
            f"[{_STYLE[status]}]{t(status)}[/]{mark}", escape(result.key), codes, escape(clipped(message))
        )
    if table.row_count:
        console.print(table)
    else:
        console.print(escape(title))
    counts = Counter(r.status.value for r in summary.ran)
    console.print(
        f"{t('report.scenarios')} — " + ", ".join(f"{t(s)}: {n}" for s, n in sorted(counts.items()))
    )
    print_flaky(console, [f for f in summary.flakiness if f.flaky], rule, lang)
    console.print(t("run.folder", path=outcome.run_folder), soft_wrap=True)


def print_history(console: Console, campaign: str, records: Sequence[RunRecord], lang: str) -> None:
    t = translator(lang)
    table = Table(title=t("run.history_title", campaign=campaign))
    for column in ("col.attempt", "col.started", "col.selection", "col.shards", "col.results"):
        table.add_column(t(column))
    for record in records:
        counts = ", ".join(f"[{_STYLE[s]}]{t(s)}: {n}[/]" for s, n in record.counts)
        started = record.started_at.strftime("%Y-%m-%d %H:%M:%S")
        selection = escape(_selection(record.selection, t))
        table.add_row(str(record.attempt), started, selection, str(record.shards), counts)
    console.print(table)


def print_flaky(console: Console, found: Sequence[Flakiness], rule: FlakinessRule, lang: str) -> None:
    t = translator(lang)
    if not found:
        console.print(t("run.no_flaky", window=rule.window, threshold=rule.threshold))
        return
    marks = [Text(" ").join(Text(_MARK[s.value], _STYLE[s.value]) for s in f.statuses) for f in found]
    rows = [(item.key, str(item.flips), history) for item, history in zip(found, marks, strict=True)]
    headers = [t(column) for column in ("col.scenario", "col.flips", "col.history")]
    print_keyed(console, t("run.flaky_title", count=len(found)), headers, rows)  # a key is never cut


# How a run's selection is recorded (Selection.describe, in the run history) when it is not options.
_MANUAL = re.compile(r"manual results \((?P<sources>.*)\) by (?P<actor>.*)")
_INTERRUPTED = re.compile(r"interrupted \((?P<signal>\w+)\) after (?P<count>\d+) scenarios of (?P<asked>.*)")


def _selection(described: str, t: Callable[..., str]) -> str:
    """A recorded selection in the reader's language (the options that made it stay as written)."""
    if described == "all":
        return t("run.all")
    if found := _MANUAL.fullmatch(described):
        return t("run.selection_manual", sources=found["sources"], actor=found["actor"])
    if found := _INTERRUPTED.fullmatch(described):
        asked = _selection(found["asked"], t)
        return t("run.selection_interrupted", signal=found["signal"], count=found["count"], asked=asked)
    return described


def clipped(text: str, limit: int = 120) -> str:
    """``text`` within ``limit`` characters, cut between words (``…`` says so), never mid-word."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"
