"""A spreadsheet file is known by its bytes, whatever its name: the one reckoning both the
requirements reader and the manual workbook import refuse from, each in its own words."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from amoa_workflow.inputs.spreadsheets import Kind, kind_of

OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # every Excel 97-2003 file starts so
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def archive(*entries: tuple[str, str], compression: int = zipfile.ZIP_STORED) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression) as written:
        for name, content in entries:
            written.writestr(name, content)
    return data.getvalue()


def workbook() -> bytes:
    data = io.BytesIO()
    Workbook().save(data)
    return data.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (workbook(), "xlsx"),
        (OLE2 + bytes(504), "xls"),
        (OLE2 + bytes(600) + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
        (archive(("mimetype", ODS_TYPE), ("content.xml", "<office:document-content/>")), "ods"),
        (archive(("content.xml", "x"), ("mimetype", ODS_TYPE), compression=zipfile.ZIP_DEFLATED), "ods"),
        (b"PK\x03\x04" + bytes(26) + f"mimetype{ODS_TYPE}".encode() + bytes(40), "ods"),  # first entry
        (archive(("notes.txt", "x")), "zip"),
        (archive(), "zip"),
        (workbook()[:300], "damaged"),
        (b"", "empty"),
        (b" \r\n\t", "empty"),
        ("Clé;Résultat\nx;réussi\n".encode(), "text"),
        (b"PKI;Titre\nEXG-001;Net\n", "text"),  # a text starting with PK is no archive
        (b"\x00\xff\xfe garbage", "binary"),
    ],
)
def test_a_spreadsheet_file_is_known_by_its_bytes(content: bytes, kind: Kind) -> None:
    assert kind_of(content) == kind
