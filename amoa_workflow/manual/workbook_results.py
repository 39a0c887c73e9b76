"""A filled-in workbook read back (:mod:`amoa_workflow.manual.workbook` writes it): the testers'
executions of the campaign's manual scenarios.

Import reads the whole workbook first and records nothing unless everything is right; its problems
(the first twenty, the others counted) are one line, each naming the sheet, the row and the column:
a missing sheet, an unknown status, a scenario or step text that is not the campaign's any more (a
step is compared with its argument, whitespace aside, or without it as workbooks exported before
arguments were shown), a step on two rows; or the sheet, the scenario and the step whose row is
missing (deleted, it would erase what was recorded for that step). A cell reads as the tester sees
it: a date typed in a comment is a date, without midnight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from amoa_workflow.domain.manual import ManualExecution, StepOutcome
from amoa_workflow.domain.model import ScenarioResult
from amoa_workflow.domain.testers import Tester
from amoa_workflow.errors import WorkbookError
from amoa_workflow.inputs import spreadsheets
from amoa_workflow.manual.campaign import Judging, ManualPart, ManualUnitOfWork, read_part, record_executions
from amoa_workflow.manual.workbook import (
    COLUMNS,
    COMMENT,
    INFO_SHEET,
    KEY,
    NUMBER,
    RESULT,
    STEP,
    UNASSIGNED,
    VERDICTS,
    with_argument,
    written,
)  # fmt: skip

_READ = {word.casefold(): verdict for words in VERDICTS.values() for verdict, word in words.items()}


def _same(cell: str, expected: str, keyword: str) -> bool:
    """``cell`` says ``expected``: line ends and spaces as a spreadsheet may change them, and the
    step's ``keyword`` in any case (« Étant Donné » as workbooks exported before wrote it)."""
    words, said, n = cell.split(), expected.split(), len(keyword.split())
    return [w.casefold() for w in words[:n]] == [w.casefold() for w in said[:n]] and words[n:] == said[n:]


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


def import_workbook(
    path: Path, part: ManualPart, recorded_at: datetime, lang: str, recorder: str
) -> ImportedWorkbook:
    """The executions a workbook records for ``part``'s campaign, or every problem (up to
    :data:`MAX_PROBLEMS`) as one :class:`WorkbookError` naming sheet, row and column of each.
    A tester's sheet is credited to that tester, the unassigned sheet to ``recorder`` (who filled it
    in and imports it: nobody else executed those scenarios)."""
    lang = "fr" if lang == "fr" else "en"
    book = _open(path)
    try:
        campaign = _campaign(path, book)
        info = book[INFO_SHEET]
        rows = list(info.iter_rows(min_row=3, max_row=3, values_only=True))  # read whole: no file left open
        names = [str(v) for v in (rows[0][1:] if rows else ()) if v]
        scenarios = {s.key: s for s in part.scenarios}
        executions: list[ManualExecution] = []
        problems: list[tuple[str, str]] = []
        for name in names:
            if name not in book.sheetnames:
                problems.append((f"sheet {name} is missing", f"la feuille {name} manque"))
                continue
            tester = recorder if name == UNASSIGNED else name
            executions += _sheet(lang, book[name], name, tester, scenarios, recorded_at, problems)
    finally:
        book.close()
    if problems:
        raise _refused(path, lang, problems)
    return ImportedWorkbook(campaign, tuple(executions))


_OLE2 = ("an XLS (Excel 97-2003) or password-protected workbook",
         "classeur XLS (Excel 97-2003) ou protégé par mot de passe")  # fmt: skip
_NOT_XLSX: dict[spreadsheets.Kind, tuple[str, str]] = {  # what a file is when it is no XLSX workbook (en, fr)
    "xls": _OLE2,
    "encrypted": _OLE2,
    "empty": ("an empty file", "fichier vide"),
    "text": ("a text (CSV) file", "fichier texte (CSV)"),
    "binary": ("not a workbook", "pas un classeur"),
    "damaged": ("a damaged or unknown archive", "archive abîmée ou inconnue"),
    "ods": ("an OpenDocument (LibreOffice) spreadsheet", "classeur OpenDocument (LibreOffice)"),
    "zip": ("a ZIP archive", "archive ZIP"),
}


def _open(path: Path) -> Any:
    """The workbook in ``path``, read by its content whatever its name (a workbook renamed is
    read); another format is refused with what to do: save it as .xlsx."""
    import io
    import zipfile

    from openpyxl import load_workbook

    try:
        content = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(path, why_en=f"cannot be read ({exc.strerror})",
                            why_fr=f"illisible ({exc.strerror})") from None  # fmt: skip
    kind = spreadsheets.kind_of(content)
    if kind != "xlsx":
        en, fr = _NOT_XLSX[kind]
        raise WorkbookError(
            path,
            why_en=f"{en}, not an XLSX workbook: open it in the spreadsheet and save it as .xlsx "
            "(Excel workbook), then import that file",
            why_fr=f"{fr}, pas un classeur XLSX : ouvrez-le dans le tableur et enregistrez-le au format "
            ".xlsx (classeur Excel), puis importez ce fichier",
        )
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
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


MAX_PROBLEMS = 20  # named in one go; beyond, counted


def _refused(path: Path, lang: str, problems: Sequence[tuple[str, str]]) -> WorkbookError:
    """Every problem found (up to :data:`MAX_PROBLEMS`, the others counted) in one line."""
    if len(problems) == 1:
        return _error(path, lang, *problems[0])
    shown, more = problems[:MAX_PROBLEMS], len(problems) - MAX_PROBLEMS
    en = (
        f"{len(problems)} problems: "
        + "; ".join(e for e, _ in shown)
        + (f"; and {more} more" if more > 0 else "")
    )
    fr = (
        f"{len(problems)} problèmes : "
        + "; ".join(f for _, f in shown)
        + (f"; et {more} autre(s)" if more > 0 else "")
    )
    return _error(path, lang, en, fr)


def _text(value: Any, lang: str) -> str:
    """A cell as the tester reads it: a date as a date (without midnight), as their language writes it."""
    if isinstance(value, datetime):
        day = value.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")
        return day if value.time() == time() else f"{day} {_text(value.time(), lang)}"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return "" if value is None else str(value).strip()


def _sheet(
    lang: str,
    sheet: Any,
    name: str,
    tester: str,
    scenarios: dict[str, ScenarioResult],
    recorded_at: datetime,
    problems: list[tuple[str, str]],
) -> list[ManualExecution]:
    """The sheet's executions, by ``tester``; what is wrong in it added to ``problems`` (en, fr)."""
    steps: dict[str, dict[int, StepOutcome]] = {}
    comments: dict[str, str] = {}
    rows_of: dict[str, dict[int, int]] = {}  # scenario key: step position -> its row
    rows: Iterable[tuple[Any, ...]] = list(sheet.iter_rows(min_row=2, values_only=True))
    for number, row in enumerate(rows, start=2):
        cells = [_text(v, lang) for v in (*row, *[None] * 8)[:8]]
        if not any(cells):
            continue

        def fail(column: int, en: str, fr: str, number: int = number) -> None:
            letter, header = "ABCDEFGH"[column], COLUMNS[lang][column]
            problems.append((
                f"sheet {name}, row {number}, column {letter} ({header}): {en}",
                f"feuille {name}, ligne {number}, colonne {letter} ({header}) : {fr}",
            ))  # fmt: skip

        scenario = scenarios.get(cells[KEY])
        if scenario is None:
            fail(KEY, f"{cells[KEY]} is no manual scenario of the campaign",
                 f"{cells[KEY]} n'est pas un scénario manuel de la campagne")  # fmt: skip
            continue
        position = int(float(cells[NUMBER])) - 1 if cells[NUMBER].replace(".", "", 1).isdigit() else -1
        step = next((s for s in scenario.steps if s.position == position), None)
        if step is None:
            fail(NUMBER, f"step {cells[NUMBER]} does not exist in this scenario",
                 f"l'étape {cells[NUMBER]} n'existe pas dans ce scénario")  # fmt: skip
            continue
        line = written(step)
        typed = cells[STEP]
        if not (_same(typed, with_argument(line, step), step.keyword) or _same(typed, line, step.keyword)):
            fail(STEP, f"the step was edited (the scenario says: {line})",
                 f"l'étape a été modifiée (le scénario dit : {line})")  # fmt: skip
        verdict = _READ.get(cells[RESULT].casefold()) if cells[RESULT] else None
        if cells[RESULT] and verdict is None:
            allowed = ", ".join(VERDICTS[lang].values())
            fail(RESULT, f"unknown status {cells[RESULT]} (allowed: {allowed}, or empty)",
                 f"statut inconnu {cells[RESULT]} (valeurs permises : {allowed}, ou vide)")  # fmt: skip
        seen = rows_of.setdefault(scenario.key, {})
        if position in seen:
            first = seen[position]
            fail(NUMBER, f"step {position + 1} of this scenario is already on row {first}",
                 f"l'étape {position + 1} de ce scénario est déjà en ligne {first}")  # fmt: skip
            continue
        seen[position] = number
        steps.setdefault(scenario.key, {})[position] = StepOutcome(position, verdict, cells[COMMENT])
        if cells[COMMENT] and not comments.get(scenario.key):
            comments[scenario.key] = cells[COMMENT]
    for key, found in steps.items():
        missing = [s.position + 1 for s in scenarios[key].steps if s.position not in found]
        if missing:  # a deleted row would erase what was recorded for its step
            listed = ", ".join(str(n) for n in missing)
            problems.append((
                f"sheet {name}, scenario {key}: no row for step {listed} (a row was deleted? export again)",
                f"feuille {name}, scénario {key} : pas de ligne pour l'étape {listed} (ligne supprimée ? "
                "exportez de nouveau)",
            ))  # fmt: skip
    executions = []
    for key, found in steps.items():
        if all(o.verdict is None and not o.comment for o in found.values()):
            continue  # not started: stays pending
        ordered = tuple(found.get(s.position, StepOutcome(s.position, None)) for s in scenarios[key].steps)
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
    imported = import_workbook(path, part, now, lang, actor)
    record_executions(uow, campaign, imported.executions, actor, judging, tester_at=now)
    return imported
