"""What a spreadsheet file holds, told by its bytes rather than its name.

People rename files: an Excel macro workbook (``.xlsm``) or an ``.xlsx`` may come under any name,
and a CSV, an Excel 97-2003 ``.xls`` or a LibreOffice ``.ods`` under ``.xlsx``. :func:`kind_of`
names what the bytes are; each reader decides what it accepts and words its own refusal.

* ``xlsx``: an Office Open XML workbook (``.xlsx``, ``.xlsm``, templates), the one openpyxl reads;
* ``xls``: an OLE compound file, the format of Excel 97-2003;
* ``encrypted``: an OLE compound file holding a password-protected workbook (its
  ``EncryptedPackage`` stream, which may be anywhere in the file: the bytes are searched whole);
* ``ods``: an OpenDocument spreadsheet (LibreOffice);
* ``zip``: another ZIP archive (no ``[Content_Types].xml``), ``damaged``: a ZIP that cannot be opened;
* ``empty`` (nothing but whitespace), ``text`` (a CSV and the like), ``binary`` (anything else).
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

Kind = Literal["xlsx", "xls", "encrypted", "ods", "zip", "damaged", "empty", "text", "binary"]

OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # the compound file of Excel 97-2003 and of encrypted workbooks
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream holding a password-protected workbook
ZIP = b"PK\x03\x04"  # a ZIP archive's first entry
ZIP_EMPTY = b"PK\x05\x06"  # the end of an archive without entries, all there is of it
ODF_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument"  # an ODF zip's first entry, uncompressed
ODF_TYPE = "application/vnd.oasis.opendocument"  # an ODF zip's ``mimetype`` entry, wherever it is
TEXT_PROBE = 4096  # bytes looked at for a NUL: text has none


def kind_of(data: bytes) -> Kind:
    """What the bytes of a file are (see the module's list)."""
    if data.startswith(OLE2):
        return "encrypted" if ENCRYPTED in data else "xls"
    if data.startswith(ZIP) and data[30:].startswith(ODF_MIMETYPE):  # known without opening the archive
        return "ods"
    if data.startswith((ZIP, ZIP_EMPTY)):
        return _archive(data)
    if not data.strip():
        return "empty"
    return "binary" if b"\0" in data[:TEXT_PROBE] else "text"


def _archive(data: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return "damaged"
    if mimetype.startswith(ODF_TYPE):
        return "ods"
    if "[Content_Types].xml" not in names:
        return "zip"
    return "xlsx"
