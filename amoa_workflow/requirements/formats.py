"""What a requirements file holds, told by its first bytes rather than its name.

An analyst's workbook may be named ``.xlsx``, ``.xlsm`` (a macro workbook) or even ``.csv``: a
zip that is not an OpenDocument file is read as an Excel workbook. The formats that cannot be
read (Excel 97-2003 ``.xls``, OpenDocument ``.ods``, a password-protected workbook) are refused
by name with what to do, never taken for text in a wrong encoding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from amoa_workflow.errors import RequirementsError

Format = Literal["workbook", "csv", "text"]

ZIP = b"PK\x03\x04"
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # the compound file of Excel 97-2003 and of encrypted workbooks
ODF_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument"  # an ODF zip's first entry, uncompressed
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream holding a password-protected workbook
HEAD = 128  # bytes enough to tell

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


def format_of(path: Path) -> Format:
    """How to read ``path`` (a regular file); refuses what cannot be read."""
    suffix = path.suffix.lower()
    with path.open("rb") as file:
        head = file.read(HEAD)
        if head.startswith(OLE2):  # its directory of streams may be anywhere: the file is read whole
            raise _unreadable(path, "encrypted" if ENCRYPTED in head + file.read() else "xls")
    if head.startswith(ZIP):
        if head[30:].startswith(ODF_MIMETYPE):
            raise _unreadable(path, "ods")
        return "workbook"
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
