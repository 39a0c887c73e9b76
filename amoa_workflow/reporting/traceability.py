"""The traceability matrix: each requirement with its scenarios, results, announcements and gaps.

Written as CSV (``;``-separated, UTF-8 with BOM so Excel opens it as is) or XLSX. Titles, scenario
names and notes come from people and files: a text cell never becomes a formula (CSV: a leading
``'`` before ``=``, ``+``, ``-``, ``@``, tab or CR; XLSX: a text cell with Excel's quote prefix).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.escaping import FORMULA_STARTS, spreadsheet_text

HEADERS = {
    "fr": ["Exigence", "Intitulé", "Criticité", "Domaine", "Verdict", "Scénarios", "OK", "KO",
           "Notes de version", "Écarts"],
    "en": ["Requirement", "Title", "Criticality", "Domain", "Verdict", "Scenarios", "Passed", "Failed",
           "Release notes", "Gaps"],
}  # fmt: skip


@dataclass(frozen=True)
class TraceRow:
    code: str
    title: str
    criticality: str
    domain: str
    verdict: str
    scenarios: tuple[str, ...]
    passed: int
    failed: int
    announcements: tuple[str, ...]
    gaps: tuple[str, ...]


def rows(outcome: CampaignOutcome) -> list[TraceRow]:
    names = {
        r.key: r.scenario + (f" [{', '.join(v for _, v in r.example)}]" if r.example else "")
        for r in outcome.results
    }
    announced: dict[str, list[str]] = defaultdict(list)
    for item in outcome.release.items:
        for ref in dict.fromkeys(item.requirement_refs):
            announced[ref].append(item.text)
    gap_types: dict[str | None, list[str]] = defaultdict(list)
    for gap in outcome.gaps:
        gap_types[gap.requirement_code].append(gap.type.value)
    found = []
    for row in outcome.coverage:
        code = row.requirement.code
        found.append(
            TraceRow(
                code=code,
                title=row.requirement.title,
                criticality=row.requirement.criticality.value,
                domain=row.requirement.domain,
                verdict=row.verdict.value,
                scenarios=tuple(names.get(key, key) for key in row.scenario_keys),
                passed=row.passed,
                failed=row.failed,
                announcements=tuple(announced.get(code, ())),
                gaps=tuple(gap_types.get(code, ())),
            )
        )
    return found


Translate = Callable[..., str]


def _same(word: str) -> str:
    return word


def _cells(row: TraceRow, t: Translate | None) -> list[str | int]:
    translate = t or _same
    return [
        row.code, row.title, translate(row.criticality), row.domain, translate(row.verdict),
        " | ".join(row.scenarios), row.passed, row.failed, " | ".join(row.announcements),
        ", ".join(translate(g) for g in row.gaps),
    ]  # fmt: skip


def as_csv(matrix: Sequence[TraceRow], lang: str, t: Translate | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS["fr" if lang == "fr" else "en"])
    for row in matrix:
        writer.writerow([spreadsheet_text(c) if isinstance(c, str) else c for c in _cells(row, t)])
    return "\ufeff" + buffer.getvalue()


def write_xlsx(matrix: Sequence[TraceRow], lang: str, target: Path, t: Translate | None = None) -> Path:
    from openpyxl import Workbook  # a few hundred ms to import: only when asked for

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Traçabilité" if lang == "fr" else "Traceability"
    sheet.append(HEADERS["fr" if lang == "fr" else "en"])
    for number, row in enumerate(matrix, start=2):
        sheet.append(_cells(row, t))
        for cell in sheet[number]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, not a formula, even when edited in Excel
                cell.quotePrefix = True
    sheet.freeze_panes = "B2"
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target
