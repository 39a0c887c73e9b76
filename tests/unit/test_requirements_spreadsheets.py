"""Requirements kept in Excel or CSV are read with errors naming the row."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from amoa_workflow.domain.model import Criticality
from amoa_workflow.errors import RequirementsError
from amoa_workflow.requirements import read_requirements

PATTERN = r"EXG-\d{3}"
HEADER = ["Id", "Titre", "Criticité", "Domaine", "Description"]


def xlsx(
    tmp_path: Path, rows: list[list[object]], sheet: str = "Exigences", name: str = "exigences.xlsx"
) -> Path:
    book = Workbook()
    book.active.title = "Notes"
    data = book.create_sheet(sheet)
    for row in rows:
        data.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_a_french_excel_sheet_is_read_in_any_column_order(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [
            ["Domaine", "Id", "Criticité", "Titre"],
            ["Paie", "EXG-001", "Critique", "Salaire net"],
            [None, None, None, None],
            ["Portail", "EXG-002", "mineure", "Bulletin dématérialisé"],
        ],
    )

    first, second = read_requirements(path, PATTERN)

    assert (first.code, first.criticality, first.domain) == ("EXG-001", Criticality.CRITICAL, "Paie")
    assert (second.code, second.title) == ("EXG-002", "Bulletin dématérialisé")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["EXG-001", "", "majeure", "Paie", ""]],
            r"exigences\.xlsx:2: requirement EXG-001: 'title' is missing",
        ),
        (
            [["EXG-001", "Net", "haute", "Paie", ""]],
            r"exigences\.xlsx:2: EXG-001: unknown criticality 'haute'",
        ),
        (
            [["EXG-001", "Net", "majeure", "Paie", ""], ["EXG-001", "Brut", "majeure", "Paie", ""]],
            r"exigences\.xlsx:3: EXG-001 is already defined at line 2",
        ),
    ],
)
def test_a_bad_excel_row_is_named(tmp_path: Path, rows: list[list[object]], message: str) -> None:
    with pytest.raises(RequirementsError, match=message):
        read_requirements(xlsx(tmp_path, [HEADER, *rows]), PATTERN)


def test_an_unknown_column_is_named(tmp_path: Path) -> None:
    with pytest.raises(RequirementsError, match=r":1: unknown column\(s\): Urgence"):
        read_requirements(
            xlsx(tmp_path, [[*HEADER, "Urgence"], ["EXG-001", "Net", "majeure", "Paie"]]), PATTERN
        )


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "exigences.xlsx"
    path.write_text("pas un classeur", encoding="utf-8")

    with pytest.raises(RequirementsError, match="not a readable XLSX workbook"):
        read_requirements(path, PATTERN)


def test_a_french_excel_csv_export_with_semicolons_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "exigences.csv"
    text = (
        "Id;Titre;Criticité;Domaine\nEXG-001;Salaire net;critique;Paie\nEXG-002;Congés payés;majeure;Temps\n"
    )
    path.write_bytes(text.encode("cp1252"))

    requirements = read_requirements(path, PATTERN)

    assert [(r.code, r.title) for r in requirements] == [
        ("EXG-001", "Salaire net"),
        ("EXG-002", "Congés payés"),
    ]


def test_a_csv_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "exigences.csv"
    path.write_text("id,title,criticality,domain\nEXG-001,Net,critical,Payroll\nEXG-2,Gross,major,Payroll\n")

    with pytest.raises(RequirementsError, match=r"exigences\.csv:3: id 'EXG-2' does not match"):
        read_requirements(path, PATTERN)


def test_a_macro_workbook_is_read_as_a_workbook(tmp_path: Path) -> None:
    path = xlsx(tmp_path, [HEADER, ["EXG-001", "Net", "majeure", "Paie", ""]], name="exigences.xlsm")

    assert [r.code for r in read_requirements(path, PATTERN)] == ["EXG-001"]


def test_a_workbook_is_known_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    path = xlsx(tmp_path, [HEADER, ["EXG-001", "Net", "majeure", "Paie", ""]], name="exigences.csv")

    assert [r.code for r in read_requirements(path, PATTERN)] == ["EXG-001"]


OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # every Excel 97-2003 file starts so
ODS = b"PK\x03\x04" + bytes(26) + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" + bytes(40)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("exigences.xls", OLE2 + bytes(504), "Excel 97-2003"),
        ("exigences.ods", ODS, "OpenDocument"),
        ("exigences.xlsx", OLE2 + bytes(504), "Excel 97-2003"),
        ("exigences.xlsx", OLE2 + bytes(100) + "EncryptedPackage".encode("utf-16-le"), "password"),
        ("exigences.xls", b"\x00\xff\xfe garbage", "Excel 97-2003"),
        ("exigences.ods", b"\x00\xff\xfe garbage", "OpenDocument"),
    ],
)
def test_a_spreadsheet_format_that_cannot_be_read_says_to_save_it_as_xlsx(
    tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(RequirementsError) as refused:
        read_requirements(path, PATTERN)

    english, french = refused.value.render("en"), refused.value.render("fr")
    assert english.startswith(f"{path}: ") and kind in english and "save it as .xlsx (or CSV)" in english
    assert "enregistrez-le en .xlsx (ou CSV)" in french
    assert "UTF-8" not in english + french and "\n" not in english + french


def test_a_merged_cell_gives_its_value_to_every_row_it_covers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in [
        HEADER,
        ["EXG-001", "Salaire net", "critique", "Paie", ""],
        ["EXG-002", "Congés", "majeure", "RH", "Acquis et pris"],
        ["EXG-003", "Absences", "mineure", None, None],
        ["EXG-004", "Bulletin", "majeure", "Portail", ""],
    ]:
        sheet.append(row)
    sheet.merge_cells("D3:D4")  # Domaine « RH » for two rows, as the analyst sees it
    sheet.merge_cells("E3:F3")  # a description over two columns stays one description
    book.save(tmp_path / "exigences.xlsx")

    requirements = read_requirements(tmp_path / "exigences.xlsx", PATTERN)

    assert [(r.code, r.domain) for r in requirements] == [
        ("EXG-001", "Paie"),
        ("EXG-002", "RH"),
        ("EXG-003", "RH"),
        ("EXG-004", "Portail"),
    ]
    assert [r.description for r in requirements] == ["", "Acquis et pris", "", ""]


def test_a_title_row_above_the_headers_is_passed_over_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in [
        ["Référentiel des exigences — Paie"],
        [],
        HEADER,
        ["EXG-001", "Salaire net", "critique", "Paie", ""],
        ["EXG-002", "", "majeure", "Paie", ""],
    ]:
        sheet.append(row)
    sheet.merge_cells("A1:D1")
    book.save(tmp_path / "exigences.xlsx")

    with pytest.raises(
        RequirementsError, match=r"exigences\.xlsx:5: requirement EXG-002: 'title' is missing"
    ):
        read_requirements(tmp_path / "exigences.xlsx", PATTERN)


def test_a_two_level_header_is_read_from_its_lower_row(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in [
        ["Exigence", None, "Classement", None],
        ["Id", "Titre", "Criticité", "Domaine"],
        ["EXG-001", "Salaire net", "critique", "Paie"],
    ]:
        sheet.append(row)
    sheet.merge_cells("A1:B1")
    sheet.merge_cells("C1:D1")
    book.save(tmp_path / "exigences.xlsx")

    assert [(r.code, r.domain) for r in read_requirements(tmp_path / "exigences.xlsx", PATTERN)] == [
        ("EXG-001", "Paie")
    ]


def test_a_csv_export_of_a_titled_sheet_is_read(tmp_path: Path) -> None:
    path = tmp_path / "exigences.csv"
    path.write_text(
        "Référentiel des exigences — Paie;;;\n;;;\nId;Titre;Criticité;Domaine\nEXG-001;Net;critique;Paie\n"
    )

    assert [r.code for r in read_requirements(path, PATTERN)] == ["EXG-001"]


def test_a_sheet_without_a_header_row_says_which_row_must_hold_which_columns(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path,
        [["Suivi des exigences"], ["Référence", "Libellé", "Urgence"], ["EXG-001", "Net", "critique"]],
    )

    with pytest.raises(RequirementsError) as refused:
        read_requirements(path, PATTERN)

    assert refused.value.render("en") == (
        f"{path}:2: no header row in sheet 'Exigences': the columns Id, Title, Criticality, Domain must be "
        "named on one row above the requirements, among the first 10 filled rows (row 2 lacks "
        "Criticality, Domain; unknown column(s): Urgence)"
    )
    assert refused.value.render("fr") == (
        f"{path}:2 : pas de ligne d'en-têtes dans la feuille « Exigences » : les colonnes Id, Titre, "
        "Criticité, Domaine doivent être nommées sur une même ligne au-dessus des exigences, parmi les 10 "
        "premières lignes remplies (il manque à la ligne 2 : Criticité, Domaine ; colonne(s) inconnue(s) : "
        "Urgence)"
    )
