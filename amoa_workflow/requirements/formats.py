"""What a requirements file holds, told by its bytes rather than its name.

An analyst's workbook may be named ``.xlsx``, ``.xlsm`` (a macro workbook) or even ``.csv``: a
zip that is not an OpenDocument file is read as an Excel workbook. The formats that cannot be
read (Excel 97-2003 ``.xls``, OpenDocument ``.ods``, a password-protected workbook) are refused
by name with what to do, never taken for text in a wrong encoding. The bytes are told apart by
:func:`amoa_workflow.inputs.spreadsheets.kind_of`, as for every spreadsheet read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from amoa_workflow.errors import RequirementsError
from amoa_workflow.inputs import spreadsheets

Format = Literal["workbook", "csv", "text"]

_UNREADABLE = {
    "xls": ("an Excel 97-2003 workbook (.xls)", "un classeur Excel 97-2003 (.xls)", "", ""),
    "ods": ("an OpenDocument spreadsheet (.ods)", "un classeur OpenDocument (.ods)", "", ""),
    "encrypted": (
        "a password-protected workbook",
        "un classeur protégé par mot de passe",
        "remove the password, then ",
        "retirez le mot de passe, puis ",
    ),
}
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def format_of(path: Path, data: bytes) -> Format:
    """How to read ``data``, the content of ``path``; refuses what cannot be read."""
    suffix = path.suffix.lower()
    kind = spreadsheets.kind_of(data)
    if kind in _UNREADABLE:
        raise _unreadable(path, kind)
    if kind in ("xlsx", "zip", "damaged"):
        return "workbook"  # any zip: openpyxl says why it cannot read another one
    if suffix in (".xls", ".ods"):
        raise _unreadable(path, suffix[1:])
    if suffix in _WORKBOOK_SUFFIXES:
        return "workbook"  # not a zip: openpyxl says why it cannot read it
    return "csv" if suffix == ".csv" else "text"


def _unreadable(path: Path, kind: str) -> RequirementsError:
    en, fr, first_en, first_fr = _UNREADABLE[kind]
    return RequirementsError(
        path,
        why_en=f"{en}, which cannot be read: {first_en}save it as .xlsx (or CSV) and give that file",
        why_fr=f"{fr}, illisible ici : {first_fr}enregistrez-le en .xlsx (ou CSV) et donnez ce fichier",
    )
