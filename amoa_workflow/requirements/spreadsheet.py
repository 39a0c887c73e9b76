"""Requirements kept in a spreadsheet (analysts live in Excel): CSV (``;``, ``,`` or tab) or XLSX.

A header row names the columns (Id, Titre, Criticité, Domaine, Description, in French or
English, in any order): the first filled row naming the four required ones, so a title or a
group header above it is passed over; an error names the row as the spreadsheet shows it. A cell merged over
several rows gives its value to each of them, as Excel shows it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from amoa_workflow.domain.model import Requirement
from amoa_workflow.errors import RequirementsError
from amoa_workflow.requirements.fields import build, field_name

HEADER_ROWS = 10  # filled rows in which the column headers are looked for (a title may come first)
_REQUIRED = {
    "id": ("Id", "Id"),
    "title": ("Title", "Titre"),
    "criticality": ("Criticality", "Criticité"),
    "domain": ("Domain", "Domaine"),
}  # the columns the header row must name, in English and French


def read_csv(path: Path, data: bytes, id_pattern: re.Pattern[str]) -> list[tuple[int, Requirement]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel « CSV (séparateur : point-virgule) »
    first = (text.splitlines() or [""])[0]
    delimiter = max(";,\t", key=first.count)
    lines = io.StringIO(text, newline=None)  # CR, CRLF and LF line endings alike (old Mac exports: CR)
    rows = list(csv.reader(lines, delimiter=delimiter))
    return _requirements(path, enumerate(rows, start=1), id_pattern)


def read_xlsx(path: Path, data: bytes, id_pattern: re.Pattern[str]) -> list[tuple[int, Requirement]]:
    from openpyxl import load_workbook  # a few hundred ms to import: only for XLSX files

    try:  # given as bytes: openpyxl would refuse a workbook by its name (an .xlsm named .xls…)
        merged = _has_merged_cells(data)  # only then the slower full reading that knows them
        book = load_workbook(io.BytesIO(data), read_only=not merged, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RequirementsError(
            path, why_en=f"not a readable XLSX workbook ({exc})", why_fr=f"classeur XLSX illisible ({exc})"
        ) from None
    sheet = next(
        (s for s in book.worksheets if s.title.lower() in ("exigences", "requirements")), book.worksheets[0]
    )
    below = _merged_values(sheet)
    rows = (
        (number, [_cell(below.get((number, column), value)) for column, value in enumerate(values, start=1)])
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
    )
    try:
        return _requirements(path, rows, id_pattern, sheet.title)
    finally:
        book.close()


def _has_merged_cells(data: bytes) -> bool:
    """Whether a sheet of the workbook may merge cells (the word in its XML: at worst, a slower read)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = (n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        return any(b"mergeCell" in archive.read(name) for name in sheets)


def _merged_values(sheet: Any) -> dict[tuple[int, int], object]:
    """The value of each merged range's top cell at (row, column) of the rows below it it covers.

    What the analyst sees: « RH » merged over D3:D4 is the domain of rows 3 and 4. A range over
    several columns gives its value to its first column only (one description stays one).
    """
    ranges = getattr(sheet, "merged_cells", None)  # a read-only sheet has none (no merge in the file)
    if ranges is None:
        return {}
    values: dict[tuple[int, int], object] = {}
    for merged in ranges.ranges:
        top = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row + 1, merged.max_row + 1):
            values[(row, merged.min_col)] = top
    return values


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _requirements(
    path: Path, rows: Iterable[tuple[int, list[str]]], id_pattern: re.Pattern[str], sheet: str | None = None
) -> list[tuple[int, Requirement]]:
    iterator = iter(rows)
    number, header = _header(path, iterator, sheet)
    names = [field_name(cell) for cell in header]
    unknown = [cell for cell, name in zip(header, names, strict=True) if cell.strip() and name is None]
    if unknown:
        raise RequirementsError(
            path,
            line=number,
            why_en=f"unknown column(s): {', '.join(unknown)} (Id, Title, Criticality, Domain, …)",
            why_fr=f"colonne(s) inconnue(s) : {', '.join(unknown)} (Id, Titre, Criticité, Domaine, …)",
        )
    found = []
    for line, row in iterator:
        if not any(cell.strip() for cell in row):
            continue
        raw = {name: cell for name, cell in zip(names, row, strict=False) if name}
        found.append((line, build(path, line, raw, id_pattern)))
    return found


def _header(path: Path, rows: Iterator[tuple[int, list[str]]], sheet: str | None) -> tuple[int, list[str]]:
    """The first filled row naming every required column, among the first :data:`HEADER_ROWS`.

    The rows above it (a title, a group header such as « Exigence » merged over two columns) are
    passed over; ``rows`` goes on after it.
    """
    passed: list[tuple[int, list[str]]] = []
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if _REQUIRED.keys() <= _named(row):
            return number, row
        passed.append((number, row))
        if len(passed) == HEADER_ROWS:
            break
    if not passed:
        raise RequirementsError(path, why_en="the sheet is empty", why_fr="la feuille est vide")
    number, row = max(passed, key=lambda filled: len(_REQUIRED.keys() & _named(filled[1])))  # the closest
    missing = [columns for name, columns in _REQUIRED.items() if name not in _named(row)]
    unknown = ", ".join(cell for cell in row if cell.strip() and field_name(cell) is None)
    en_where, fr_where = (f" in sheet '{sheet}'", f" dans la feuille « {sheet} »") if sheet else ("", "")
    required_en, required_fr = (", ".join(names) for names in zip(*_REQUIRED.values(), strict=True))
    missing_en, missing_fr = (", ".join(names) for names in zip(*missing, strict=True))
    raise RequirementsError(
        path,
        line=number,
        why_en=f"no header row{en_where}: the columns {required_en} must be named on one row above the "
        f"requirements, among the first {HEADER_ROWS} filled rows (row {number} lacks {missing_en}"
        + (f"; unknown column(s): {unknown})" if unknown else ")"),
        why_fr=f"pas de ligne d'en-têtes{fr_where} : les colonnes {required_fr} doivent être nommées sur une "
        f"même ligne au-dessus des exigences, parmi les {HEADER_ROWS} premières lignes remplies (il manque "
        f"à la ligne {number} : {missing_fr}"
        + (f" ; colonne(s) inconnue(s) : {unknown})" if unknown else ")"),
    )


def _named(row: list[str]) -> set[str | None]:
    return {field_name(cell) for cell in row}
