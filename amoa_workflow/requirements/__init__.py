"""The requirements repository, read from YAML, CSV or XLSX with errors naming the file and row.

A duplicate id, an unknown criticality or an empty title stops the reading with one error; a
file is read whole or not at all.

May import: domain, errors, inputs.
"""

from __future__ import annotations

import re
from pathlib import Path

from amoa_workflow import inputs
from amoa_workflow.domain.model import Requirement
from amoa_workflow.errors import RequirementsError
from amoa_workflow.requirements.formats import format_of
from amoa_workflow.requirements.spreadsheet import read_csv, read_xlsx
from amoa_workflow.requirements.yaml_file import read_yaml

__all__ = ["read_requirement_rows", "read_requirements"]


def read_requirements(path: Path, id_pattern: str) -> list[Requirement]:
    return [requirement for _, requirement in read_requirement_rows(path, id_pattern)]


def read_requirement_rows(path: Path, id_pattern: str) -> list[tuple[int, Requirement]]:
    """Each requirement with the line (YAML, CSV) or row (XLSX) it is defined on.

    The one reader of every command: the checkpoint and ``amoa lint`` read XLSX (or XLSM: any Excel
    workbook, whatever its name), CSV in UTF-8 or Windows-1252, and YAML the same way.
    """
    inputs.regular_file(path, RequirementsError)
    pattern = re.compile(id_pattern)
    data = path.read_bytes()  # read once: its kind, then its requirements
    kind = format_of(path, data)
    if kind == "workbook":
        found = read_xlsx(path, data, pattern)
    elif kind == "csv":
        found = read_csv(path, data, pattern)
    else:
        try:  # line ends as a file read as text has them: CR and CRLF become LF
            text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            raise RequirementsError(
                path, why_en="not valid UTF-8", why_fr="encodage UTF-8 invalide"
            ) from None
        found = read_yaml(path, text, pattern)
    if not found:
        raise RequirementsError(
            path, why_en="no requirement in the file", why_fr="aucune exigence dans le fichier"
        )
    seen: dict[str, int] = {}
    for line, requirement in found:
        if requirement.code in seen:
            raise RequirementsError(
                path,
                line=line,
                why_en=f"{requirement.code} is already defined at line {seen[requirement.code]}",
                why_fr=f"{requirement.code} est déjà définie ligne {seen[requirement.code]}",
            )
        seen[requirement.code] = line
    return found
