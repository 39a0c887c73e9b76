"""Requirements kept in a spreadsheet (analysts live in Excel): CSV (``;``, ``,`` or tab) or XLSX.

The first row names the columns (Id, Titre, Criticité, Domaine, Description, in French or
English, in any order); an error names the row as the spreadsheet shows it. A cell merged over
several rows gives its value to each of them, as Excel shows it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from amoa_workflow.domain.model import Requirement
from amoa_workflow.errors import RequirementsError
from amoa_workflow.requirements.fields import build, field_name


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


def read_xlsx(path: Path, id_pattern: re.Pattern[str]) -> list[tuple[int, Requirement]]:
    from openpyxl import load_workbook  # a few hundred ms to import: only for XLSX files

    data = path.read_bytes()
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
        return _requirements(path, rows, id_pattern)
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
    path: Path, rows: Iterable[tuple[int, list[str]]], id_pattern: re.Pattern[str]
) -> list[tuple[int, Requirement]]:
    iterator = iter(rows)
    header_row = next(((n, r) for n, r in iterator if any(c.strip() for c in r)), None)
    if header_row is None:
        raise RequirementsError(path, why_en="the sheet is empty", why_fr="la feuille est vide")
    number, header = header_row
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
