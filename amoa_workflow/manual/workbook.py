"""The manual part of a campaign as an XLSX workbook for teams without the web page, and back.

Export: a ``Campagne`` sheet (the campaign key, the tester sheets), then one sheet per tester
(and ``non-attribues`` for scenarios nobody has yet): one row per step, with the scenario key,
its requirements, the scenario, the step's number, the step as written (Examples values filled
in) with its doc string or data table below it, the expected result (for ``Alors`` / ``Then`` steps
and those continuing them, with their argument too: the table of expected values), a *Résultat*
column restricted to a list (réussi, échoué, bloqué) and a comment. Cells a spreadsheet would read
as formulas are written as text; the step and expected result wrap.

Reading the filled-in workbook back: :mod:`amoa_workflow.manual.workbook_results`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from amoa_workflow.domain.manual import StepVerdict
from amoa_workflow.domain.model import ScenarioResult, StepResult
from amoa_workflow.errors import WorkbookError
from amoa_workflow.escaping import FORMULA_STARTS
from amoa_workflow.manual.campaign import ManualPart

INFO_SHEET = "Campagne"
UNASSIGNED = "non-attribues"
COLUMNS = {
    "fr": (
        "Clé du scénario",
        "Exigences",
        "Scénario",
        "N°",
        "Étape",
        "Résultat attendu",
        "Résultat",
        "Commentaire",
    ),
    "en": ("Scenario key", "Requirements", "Scenario", "No.", "Step", "Expected result", "Result", "Comment"),
}
KEY, REQUIREMENTS, SCENARIO, NUMBER, STEP, EXPECTED, RESULT, COMMENT = range(8)
VERDICTS = {
    "fr": {StepVerdict.PASSED: "réussi", StepVerdict.FAILED: "échoué", StepVerdict.BLOCKED: "bloqué"},
    "en": {StepVerdict.PASSED: "passed", StepVerdict.FAILED: "failed", StepVerdict.BLOCKED: "blocked"},
}
_OUTCOME = ("alors", "then")
_CONTINUING = ("et", "mais", "and", "but", "*")


def expected_results(scenario: ScenarioResult) -> list[bool]:
    """Which steps state an expected result: ``Alors``/``Then`` and the conjunctions after them."""
    flags, outcome = [], False
    for step in scenario.steps:
        word = step.keyword.strip().casefold()
        if word not in _CONTINUING:
            outcome = word in _OUTCOME
        flags.append(outcome)
    return flags


def argument_text(step: StepResult) -> str:
    """A step's doc string as written, or its data table one row a line (``| a | b |``); "" without."""
    if step.doc_string is not None:
        return step.doc_string
    return "\n".join("| " + " | ".join(row) + " |" for row in step.table)


def with_argument(text: str, step: StepResult) -> str:
    argument = argument_text(step)
    return f"{text}\n{argument}" if argument else text


def written(step: StepResult) -> str:
    """A step's line as the workbook writes it: keyword and text (Examples values filled in)."""
    return f"{step.keyword.strip()} {step.text}"


def check_target(target: Path) -> None:
    """:class:`WorkbookError` unless ``target`` is named ``.xlsx``: a spreadsheet opens a file by its
    name, and an XLSX named ``.csv`` or ``.ods`` opens there as garbage (or not at all)."""
    if target.suffix.casefold() != ".xlsx":
        raise WorkbookError(
            target,
            why_en="the workbook is written in XLSX format: name it .xlsx (nothing written)",
            why_fr="le classeur est écrit au format XLSX : nommez-le .xlsx (rien n'est écrit)",
        )


def export_workbook(part: ManualPart, target: Path, lang: str, exported_at: datetime) -> Path:
    """Write ``part`` to ``target`` (refused unless named ``.xlsx``, see :func:`check_target`)."""
    check_target(target)
    from openpyxl import Workbook  # a few hundred ms to import: only when asked for
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = "fr" if lang == "fr" else "en"
    book = Workbook()
    info = book.active
    assert info is not None
    info.title = INFO_SHEET
    sheets = [(t.id, part.of(t.id)) for t in part.testers]
    unassigned = [s for s in part.scenarios if part.assignment.get(s.key) is None]
    sheets += [(UNASSIGNED, unassigned)] if unassigned else []
    info.append(["campagne" if lang == "fr" else "campaign", part.campaign])
    info.append(["exporté le" if lang == "fr" else "exported at", exported_at.isoformat(timespec="seconds")])
    info.append(["feuilles" if lang == "fr" else "sheets", *[name for name, _ in sheets]])
    allowed = list(VERDICTS[lang].values())
    for name, scenarios in sheets:
        sheet = book.create_sheet(name)
        sheet.append(list(COLUMNS[lang]))
        validation = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
        validation.error = ("Valeurs permises : " if lang == "fr" else "Allowed values: ") + ", ".join(
            allowed
        )
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        for scenario in scenarios:
            done = part.executions.get(scenario.key)
            recorded = {s.position: s for s in done.steps} if done else {}
            for step, expected in zip(scenario.steps, expected_results(scenario), strict=True):
                outcome = recorded.get(step.position)
                sheet.append([
                    scenario.key, ", ".join(scenario.requirement_codes), scenario.scenario, step.position + 1,
                    with_argument(written(step), step), with_argument(step.text, step) if expected else "",
                    VERDICTS[lang][outcome.verdict] if outcome and outcome.verdict else None,
                    outcome.comment if outcome and outcome.comment else None,
                ])  # fmt: skip
        if sheet.max_row > 1:
            validation.add(f"G2:G{sheet.max_row}")
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"  # text, not a formula, even when edited in Excel
                    cell.quotePrefix = True
            for cell in row[STEP : EXPECTED + 1]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "E2"
        for column, width in zip("ABCDEFGH", (40, 14, 36, 5, 60, 40, 12, 40), strict=True):
            sheet.column_dimensions[column].width = width
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target
