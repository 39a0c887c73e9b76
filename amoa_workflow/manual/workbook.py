"""The manual part of a campaign as an XLSX workbook for teams without the web page, and back.

Export: a ``Campagne`` sheet (the campaign key, the tester sheets), then one sheet per tester
(and ``non-attribues`` for scenarios nobody has yet): one row per step, with the scenario key,
its requirements, the scenario, the step's number, the step as written (Examples values filled
in) with its doc string or data table below it, the expected result (for ``Alors`` / ``Then`` steps
and those continuing them, with their argument too: the table of expected values), a *Résultat*
column restricted to a list (réussi, échoué, bloqué) and a comment. Cells a spreadsheet would read
as formulas are written as text; the step and expected result wrap.

Import reads the whole workbook first and records nothing unless everything is right; the first
problem is one line naming the sheet, the row and the column: a missing sheet, an unknown
status, a scenario or step text that is not the campaign's any more (a step is compared with its
argument, whitespace aside, or without it as workbooks exported before arguments were shown), a
step on two rows; or the sheet, the scenario and the step whose row is missing (deleted, it would
erase what was recorded for that step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from amoa_workflow.domain.manual import ManualExecution, StepOutcome, StepVerdict
from amoa_workflow.domain.model import ScenarioResult, StepResult
from amoa_workflow.domain.testers import Tester
from amoa_workflow.errors import WorkbookError
from amoa_workflow.escaping import FORMULA_STARTS
from amoa_workflow.manual.campaign import Judging, ManualPart, ManualUnitOfWork, read_part, record_executions

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
_READ = {word.casefold(): verdict for words in VERDICTS.values() for verdict, word in words.items()}
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


def _same(cell: str, expected: str) -> bool:
    return cell.split() == expected.split()  # line ends and spaces as a spreadsheet may change them


def export_workbook(part: ManualPart, target: Path, lang: str, exported_at: datetime) -> Path:
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


@dataclass(frozen=True)
class ImportedWorkbook:
    campaign: str
    executions: tuple[ManualExecution, ...]


def read_campaign(path: Path) -> str:
    """The campaign a workbook was exported for (its ``Campagne`` sheet)."""
    book = _open(path)
    try:
        return _campaign(path, book)
    finally:
        book.close()


def import_workbook(path: Path, part: ManualPart, recorded_at: datetime, lang: str) -> ImportedWorkbook:
    """The executions a workbook records for ``part``'s campaign, or the first problem as a
    :class:`WorkbookError` naming sheet, row and column."""
    lang = "fr" if lang == "fr" else "en"
    book = _open(path)
    try:
        campaign = _campaign(path, book)
        info = book[INFO_SHEET]
        rows = list(info.iter_rows(min_row=3, max_row=3, values_only=True))  # read whole: no file left open
        names = [str(v) for v in (rows[0][1:] if rows else ()) if v]
        scenarios = {s.key: s for s in part.scenarios}
        executions: list[ManualExecution] = []
        for name in names:
            if name not in book.sheetnames:
                raise _error(path, lang, f"sheet {name} is missing", f"la feuille {name} manque")
            executions += _sheet(path, lang, book[name], name, scenarios, recorded_at)
    finally:
        book.close()
    return ImportedWorkbook(campaign, tuple(executions))


def _open(path: Path) -> Any:
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(
            path, why_en=f"not a readable XLSX workbook ({exc})", why_fr=f"classeur XLSX illisible ({exc})"
        ) from None


def _campaign(path: Path, book: Any) -> str:
    if INFO_SHEET not in book.sheetnames:
        raise WorkbookError(
            path, why_en=f"sheet {INFO_SHEET} is missing", why_fr=f"la feuille {INFO_SHEET} manque"
        )
    first = [*list(book[INFO_SHEET].iter_rows(min_row=1, max_row=1, values_only=True)), (None, None)][0]
    value = first[1] if len(first) > 1 else None
    if not isinstance(value, str) or not value.strip():
        raise WorkbookError(
            path,
            why_en=f"sheet {INFO_SHEET}, row 1, column B: no campaign key",
            why_fr=f"feuille {INFO_SHEET}, ligne 1, colonne B : pas de clé de campagne",
        )
    return value.strip()


def _error(path: Path, lang: str, en: str, fr: str) -> WorkbookError:
    return WorkbookError(path, why_en=en, why_fr=fr)


def _sheet(
    path: Path,
    lang: str,
    sheet: Any,
    name: str,
    scenarios: dict[str, ScenarioResult],
    recorded_at: datetime,
) -> list[ManualExecution]:
    steps: dict[str, dict[int, StepOutcome]] = {}
    comments: dict[str, str] = {}
    rows_of: dict[str, dict[int, int]] = {}  # scenario key: step position -> its row
    rows: Iterable[tuple[Any, ...]] = list(sheet.iter_rows(min_row=2, values_only=True))
    for number, row in enumerate(rows, start=2):
        cells = [("" if v is None else str(v)).strip() for v in (*row, *[None] * 8)[:8]]
        if not any(cells):
            continue

        def fail(column: int, en: str, fr: str, number: int = number) -> WorkbookError:
            letter, header = "ABCDEFGH"[column], COLUMNS[lang][column]
            return _error(
                path, lang,
                f"sheet {name}, row {number}, column {letter} ({header}): {en}",
                f"feuille {name}, ligne {number}, colonne {letter} ({header}) : {fr}",
            )  # fmt: skip

        scenario = scenarios.get(cells[KEY])
        if scenario is None:
            raise fail(KEY, f"{cells[KEY]} is no manual scenario of the campaign",
                       f"{cells[KEY]} n'est pas un scénario manuel de la campagne")  # fmt: skip
        position = int(float(cells[NUMBER])) - 1 if cells[NUMBER].replace(".", "", 1).isdigit() else -1
        step = next((s for s in scenario.steps if s.position == position), None)
        if step is None:
            raise fail(NUMBER, f"step {cells[NUMBER]} does not exist in this scenario",
                       f"l'étape {cells[NUMBER]} n'existe pas dans ce scénario")  # fmt: skip
        line = written(step)
        if not (_same(cells[STEP], with_argument(line, step)) or _same(cells[STEP], line)):
            raise fail(STEP, f"the step was edited (the scenario says: {line})",
                       f"l'étape a été modifiée (le scénario dit : {line})")  # fmt: skip
        verdict = _READ.get(cells[RESULT].casefold()) if cells[RESULT] else None
        if cells[RESULT] and verdict is None:
            allowed = ", ".join(VERDICTS[lang].values())
            raise fail(RESULT, f"unknown status {cells[RESULT]} (allowed: {allowed}, or empty)",
                       f"statut inconnu {cells[RESULT]} (valeurs permises : {allowed}, ou vide)")  # fmt: skip
        seen = rows_of.setdefault(scenario.key, {})
        if position in seen:
            first = seen[position]
            raise fail(NUMBER, f"step {position + 1} of this scenario is already on row {first}",
                       f"l'étape {position + 1} de ce scénario est déjà en ligne {first}")  # fmt: skip
        seen[position] = number
        steps.setdefault(scenario.key, {})[position] = StepOutcome(position, verdict, cells[COMMENT])
        if cells[COMMENT] and not comments.get(scenario.key):
            comments[scenario.key] = cells[COMMENT]
    for key, found in steps.items():
        missing = [s.position + 1 for s in scenarios[key].steps if s.position not in found]
        if missing:  # a deleted row would erase what was recorded for its step
            listed = ", ".join(str(n) for n in missing)
            raise _error(
                path, lang,
                f"sheet {name}, scenario {key}: no row for step {listed} (a row was deleted? export again)",
                f"feuille {name}, scénario {key} : pas de ligne pour l'étape {listed} (ligne supprimée ? "
                "exportez de nouveau)",
            )  # fmt: skip
    executions = []
    for key, found in steps.items():
        if all(o.verdict is None and not o.comment for o in found.values()):
            continue  # not started: stays pending
        ordered = tuple(found.get(s.position, StepOutcome(s.position, None)) for s in scenarios[key].steps)
        tester = UNASSIGNED if name == UNASSIGNED else name
        executions.append(ManualExecution(key, tester, ordered, recorded_at, "xlsx", comments.get(key, "")))
    return executions


def import_results(
    uow: ManualUnitOfWork,
    path: Path,
    testers: Sequence[Tester],
    manual_tags: Sequence[str],
    actor: str,
    clock: Callable[[], datetime],
    lang: str,
    judging: Judging | None = None,
) -> ImportedWorkbook:
    """Read the workbook whole, then record its executions in one transaction (or nothing); with
    ``judging``, the campaign is judged again with them. Refused, as a tester's page is, once the
    manual part is closed: past its deadline, or a gate judging the campaign decided."""
    campaign = read_campaign(path)
    part = read_part(uow, campaign, testers, manual_tags)
    now = clock()
    imported = import_workbook(path, part, now, lang)
    record_executions(uow, campaign, imported.executions, actor, judging, tester_at=now)
    return imported
